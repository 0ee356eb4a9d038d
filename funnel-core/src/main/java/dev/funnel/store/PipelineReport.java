package dev.funnel.store;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.funnel.forecast.WeightedPipeline;
import dev.funnel.metrics.ConversionReport;
import dev.funnel.metrics.DurationStats;
import dev.funnel.metrics.FunnelCounts;
import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.StaleLead;
import dev.funnel.model.StaleLeadPolicy;
import java.time.Instant;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * What a sales manager asks of the leads in a store: how many reached each stage and how long they
 * stayed (a {@link ConversionReport} with times in stage), which leads have sat too long (stale
 * leads), and what the open pipeline is worth (a {@link WeightedPipeline}).
 *
 * <p>Read from {@link LeadStore#leads()} in four streamed passes, one per part, so that memory
 * holds what the parts need and not the leads: the counts per step, one time per lead and visited
 * step (the medians need them), and the stale leads. Each pass sees the store as it is then; a move
 * made during the report may show in one part and not in another.
 *
 * <pre>{@code
 * PipelineReport report = PipelineReport.of(funnel, store, stalePolicy, now);
 * report.conversion().overall();   // share of leads that reached the last step
 * report.pipeline().weightedTotal();
 * report.staleLeads();             // most overdue first
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class PipelineReport {
  private final Instant asOf;
  private final ConversionReport conversion;
  private final ImmutableList<StaleLead> staleLeads;
  private final WeightedPipeline pipeline;

  private PipelineReport(
      Instant asOf,
      ConversionReport conversion,
      ImmutableList<StaleLead> staleLeads,
      WeightedPipeline pipeline) {
    this.asOf = asOf;
    this.conversion = conversion;
    this.staleLeads = staleLeads;
    this.pipeline = pipeline;
  }

  /**
   * Reports on every lead of the store as of {@code now}.
   *
   * @throws IllegalArgumentException if a stored lead names a stage the funnel does not have,
   *     entered its current stage after {@code now}, or sits in an open stage without a win
   *     probability
   * @throws LeadStoreException if the store cannot be read
   */
  public static PipelineReport of(
      Funnel funnel, LeadStore store, StaleLeadPolicy stalePolicy, Instant now) {
    requireNonNull(funnel, "funnel");
    requireNonNull(store, "store");
    requireNonNull(stalePolicy, "stalePolicy");
    requireNonNull(now, "now");
    FunnelCounts counts = read(store, leads -> FunnelCounts.fromLeads(funnel, leads));
    ImmutableMap<String, DurationStats> times =
        read(store, leads -> ConversionReport.timeInStage(funnel, leads, now));
    ImmutableList<StaleLead> stale = read(store, leads -> stalePolicy.staleLeads(leads, now));
    WeightedPipeline pipeline =
        read(
            store,
            leads -> WeightedPipeline.fromLeadsInIdOrder(funnel, leads, LeadStore.idOrder()));
    return new PipelineReport(
        now, ConversionReport.builder(counts).timeInStage(times).build(), stale, pipeline);
  }

  // One-shot on purpose: each part iterates once, inside the try that closes the store's stream.
  @SuppressWarnings("StreamToIterable")
  private static <T> T read(LeadStore store, Function<Iterable<Lead>, T> part) {
    try (Stream<Lead> leads = store.leads()) {
      return part.apply(leads::iterator);
    }
  }

  /** Returns the time the report was made for. */
  public Instant asOf() {
    return asOf;
  }

  /** Returns the counts per step, the conversion between steps and the time leads spent in each. */
  public ConversionReport conversion() {
    return conversion;
  }

  /** Returns the leads over their stage's time limit, most overdue first. */
  public ImmutableList<StaleLead> staleLeads() {
    return staleLeads;
  }

  /** Returns the value of the open deals, weighted by their stage's win probability. */
  public WeightedPipeline pipeline() {
    return pipeline;
  }

  @Override
  public String toString() {
    return "PipelineReport[as of "
        + asOf
        + ": "
        + conversion
        + "; weighted pipeline "
        + pipeline.weightedTotal()
        + "; "
        + staleLeads.size()
        + " stale]";
  }
}
