package dev.funnel.metrics;

import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Conversion through a funnel, step by step: how many reached each step, the share that came on
 * from the step before and from the top, how many were lost on the way, and the overall conversion,
 * each rate with a confidence interval. "The step before" is the nearest required step above (see
 * {@link FunnelCounts#baseOf}), so that optional steps never make a rate exceed 1.
 *
 * <pre>{@code
 * ConversionReport report = ConversionReport.of(FunnelCounts.of(steps, 100, 70, 40, 20, 10));
 * report.overall();                                          // 10.0% [5.5%, 17.4%]
 * report.bottleneck(BottleneckCriterion.LOWEST_STEP_RATE);   // the step that keeps the least
 * }</pre>
 *
 * <p>Rates on zero entrants are "no data", never a division by zero. Immutable and thread-safe.
 */
public final class ConversionReport {
  private final FunnelCounts counts;
  private final ImmutableList<StepConversion> steps;
  private final Proportion overall;
  private final boolean hasTimes;

  private ConversionReport(
      FunnelCounts counts,
      double confidence,
      IntervalMethod method,
      Map<String, DurationStats> timeInStage) {
    this.counts = counts;
    this.hasTimes = !timeInStage.isEmpty();
    long top = counts.reached(1);
    ImmutableList.Builder<StepConversion> rows = ImmutableList.builder();
    for (int step = 1; step <= counts.size(); step++) {
      long here = counts.reached(step);
      long previous = counts.reached(counts.baseOf(step));
      String name = counts.steps().get(step - 1);
      rows.add(
          new StepConversion(
              step,
              name,
              here,
              Proportion.of(here, previous, confidence, method),
              Proportion.of(here, top, confidence, method),
              previous - here,
              Optional.ofNullable(timeInStage.get(name))));
    }
    this.steps = rows.build();
    this.overall = Proportion.of(counts.reached(counts.size()), top, confidence, method);
  }

  /** Returns the report on the counts, with 95 % Wilson intervals. */
  public static ConversionReport of(FunnelCounts counts) {
    return builder(counts).build();
  }

  /** Starts a report on the counts, to choose the confidence level and interval method. */
  public static Builder builder(FunnelCounts counts) {
    return new Builder(counts);
  }

  /**
   * Returns the report on leads in a funnel (counted as {@link FunnelCounts#fromLeads} does), with
   * each step's time in stage as of {@code now} (ongoing visits count up to {@code now}), and 95 %
   * Wilson intervals. The leads are read once, so a one-shot {@code Iterable} works.
   *
   * @throws IllegalArgumentException if a lead names an unknown stage or {@code now} is before a
   *     lead entered its current stage
   */
  public static ConversionReport fromLeads(Funnel funnel, Iterable<Lead> leads, Instant now) {
    // Read once: the leads may come from a one-shot source (a stream, a cursor).
    List<Lead> all = ImmutableList.copyOf(requireNonNull(leads, "leads"));
    return builder(FunnelCounts.fromLeads(funnel, all))
        .timeInStage(timeInStage(funnel, all, now))
        .build();
  }

  /**
   * Returns, for each step of the funnel, how long leads stayed in it: one value per lead that was
   * ever there, summed over its visits, with ongoing visits counted up to {@code now}.
   *
   * @throws IllegalArgumentException if {@code now} is before a lead entered its current stage
   */
  public static ImmutableMap<String, DurationStats> timeInStage(
      Funnel funnel, Iterable<Lead> leads, Instant now) {
    requireNonNull(funnel, "funnel");
    requireNonNull(leads, "leads");
    requireNonNull(now, "now");
    List<String> steps = FunnelCounts.steps(funnel);
    Map<String, List<Duration>> times = new LinkedHashMap<>();
    steps.forEach(step -> times.put(step, new ArrayList<>()));
    for (Lead lead : leads) {
      lead.timeInStages(now)
          .forEach(
              (stage, time) -> {
                List<Duration> list = times.get(stage);
                if (list != null) {
                  list.add(time);
                }
              });
    }
    ImmutableMap.Builder<String, DurationStats> result = ImmutableMap.builder();
    times.forEach((step, list) -> result.put(step, DurationStats.of(list)));
    return result.buildOrThrow();
  }

  /** Returns the counts the report was built on. */
  public FunnelCounts counts() {
    return counts;
  }

  /** Returns one row per step, top first. */
  public ImmutableList<StepConversion> steps() {
    return steps;
  }

  /**
   * Returns the row of the named step.
   *
   * @throws IllegalArgumentException if there is no such step; the message lists the steps
   */
  public StepConversion step(String name) {
    return steps.get(counts.numberOf(name) - 1);
  }

  /** Returns the share of the top step's subjects that reached the last step. */
  public Proportion overall() {
    return overall;
  }

  /**
   * Returns the step that holds the funnel back by the given criterion, or empty when no step below
   * the top has data, or, for the two criteria of loss, when no step loses anyone (every step keeps
   * 100 %: nothing holds the funnel back). Ties go to the step nearer the top.
   *
   * @throws IllegalStateException for {@link BottleneckCriterion#LONGEST_MEDIAN_TIME} on a report
   *     built without times in stage
   */
  public Optional<StepConversion> bottleneck(BottleneckCriterion criterion) {
    requireNonNull(criterion, "criterion");
    return switch (criterion) {
      case LOWEST_STEP_RATE ->
          steps.stream()
              .skip(1)
              .filter(s -> s.fromPrevious().hasData() && s.dropOff() > 0)
              .min(Comparator.comparingDouble(s -> s.fromPrevious().value().getAsDouble()));
      case LARGEST_ABSOLUTE_LOSS ->
          steps.stream()
              .skip(1)
              .filter(s -> s.fromPrevious().hasData() && s.dropOff() > 0)
              .max(
                  Comparator.comparingLong(StepConversion::dropOff)
                      .thenComparing(s -> -s.number()));
      case LONGEST_MEDIAN_TIME -> {
        checkState(hasTimes, "this report has no times in stage; build it with fromLeads");
        yield steps.stream()
            .filter(s -> s.timeInStage().flatMap(DurationStats::median).isPresent())
            .max(
                Comparator.comparing(
                        (StepConversion s) -> s.timeInStage().flatMap(DurationStats::median).get())
                    .thenComparing(s -> -s.number()));
      }
    };
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("ConversionReport[");
    for (StepConversion step : steps) {
      text.append(step.number() == 1 ? "" : " → ")
          .append(step.step())
          .append(' ')
          .append(step.count())
          .append(" (")
          .append(step.fromPrevious())
          .append(')');
    }
    return text.append("; overall ").append(overall).append(']').toString();
  }

  /** Chooses the confidence level and interval method of a report. Not thread-safe. */
  public static final class Builder {
    private final FunnelCounts counts;
    private double confidence = Proportion.DEFAULT_CONFIDENCE;
    private IntervalMethod method = IntervalMethod.WILSON;
    private Map<String, DurationStats> timeInStage = ImmutableMap.of();

    private Builder(FunnelCounts counts) {
      this.counts = requireNonNull(counts, "counts");
    }

    /**
     * Sets the confidence level of every interval (0.95 unless set).
     *
     * @throws IllegalArgumentException if the level is not strictly between 0 and 1
     */
    public Builder confidence(double confidence) {
      Proportion.checkConfidence(confidence);
      this.confidence = confidence;
      return this;
    }

    /** Sets how intervals are computed ({@link IntervalMethod#WILSON} unless set). */
    public Builder intervalMethod(IntervalMethod method) {
      this.method = requireNonNull(method, "method");
      return this;
    }

    /**
     * Attaches each step's time-in-stage statistics, by step name, as {@link
     * ConversionReport#timeInStage} computes them.
     *
     * @throws IllegalArgumentException if a name is not a step of the counts
     */
    public Builder timeInStage(Map<String, DurationStats> timeInStage) {
      requireNonNull(timeInStage, "timeInStage");
      timeInStage.keySet().forEach(counts::numberOf);
      this.timeInStage = ImmutableMap.copyOf(timeInStage);
      return this;
    }

    /** Returns the report. */
    public ConversionReport build() {
      return new ConversionReport(counts, confidence, method, timeInStage);
    }
  }
}
