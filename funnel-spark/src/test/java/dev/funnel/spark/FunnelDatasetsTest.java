package dev.funnel.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.funnel.events.EventBatch;
import dev.funnel.events.LevelCounts;
import dev.funnel.events.WindowFunnel;
import dev.funnel.testkit.EventLog;
import dev.funnel.testkit.EventLogs;
import dev.funnel.testkit.WindowFunnels;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The whole-dataset path against funnel-core's partial state of the same log in memory, which takes
 * ties in code order as the path does (and which the core tests hold to the brute-force oracle):
 * random logs, funnels of every policy and dialect, and 1 to 8 partitions of the input in an order
 * Spark chooses.
 */
class FunnelDatasetsTest {
  private static final SparkSession spark = LocalSpark.session();

  private static final StructType EVENTS =
      new StructType()
          .add("user", DataTypes.StringType)
          .add("time", DataTypes.LongType)
          .add("code", DataTypes.IntegerType);

  @Test
  void countsEqualFunnelCoresInMemory() {
    qt().withFixedSeed(20261207L)
        .withExamples(25)
        .forAll(WindowFunnels.funnels(7), EventLogs.logs(7), integers().between(1, 8))
        .checkAssert(this::check);
    qt().withFixedSeed(20261207L)
        .withExamples(15)
        .forAll(WindowFunnels.dialectFunnels(7), EventLogs.logs(7), integers().between(1, 8))
        .checkAssert(this::check);
  }

  private void check(WindowFunnel funnel, EventLog log, int partitions) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < log.size(); i++) {
      // Subjects as text, so that the partitions must number them themselves.
      rows.add(RowFactory.create("u" + log.subjects()[i], log.times()[i], log.codes()[i]));
    }
    LevelCounts counts =
        FunnelDatasets.aggregate(
            spark.createDataFrame(rows, EVENTS).repartition(partitions),
            "user",
            "time",
            "code",
            funnel);
    // Ties in code order: what merged partial states of the log finish with.
    assertThat(counts).isEqualTo(funnel.state(log.batch(EventBatch.Layout.ARBITRARY)).finish());
  }
}
