package dev.funnel.spark;

import dev.funnel.events.LevelCounts;
import dev.funnel.events.WindowFunnel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.encoders.AgnosticEncoders;

/**
 * A whole dataset of events aggregated into a window funnel without a {@code GROUP BY} by hand:
 * {@link #aggregate} for the counts per level, {@link #aggregation} for conversion times and
 * per-segment counts too (see {@link DatasetAggregation} for how it runs).
 *
 * <pre>{@code
 * LevelCounts counts = FunnelDatasets.aggregate(events, "user_id", "event_time", "code", funnel);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class FunnelDatasets {
  private FunnelDatasets() {}

  /**
   * Returns how many subjects reached each level of the funnel: {@code
   * aggregation(funnel).run(events, subject, time, event).result().counts()}.
   */
  public static LevelCounts aggregate(
      Dataset<Row> events, String subject, String time, String event, WindowFunnel funnel) {
    return aggregation(funnel).run(events, subject, time, event).result().counts();
  }

  /** Starts an aggregation of whole datasets into the funnel, to configure and run. */
  public static DatasetAggregation aggregation(WindowFunnel funnel) {
    return new DatasetAggregation(funnel);
  }

  @SuppressWarnings("unchecked") // Spark's encoder of Array[Long], which is long[]
  static Encoder<long[]> longs() {
    return (Encoder<long[]>)
        (Encoder<?>)
            AgnosticEncoders.ArrayEncoder$.MODULE$.apply(
                AgnosticEncoders.PrimitiveLongEncoder$.MODULE$, false);
  }
}
