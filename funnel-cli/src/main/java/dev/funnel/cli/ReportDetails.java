package dev.funnel.cli;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import dev.funnel.events.EventBatch;
import dev.funnel.events.SubjectResult;
import dev.funnel.events.WindowFunnel;
import dev.funnel.io.EventLog;
import dev.funnel.metrics.BandTransform;
import dev.funnel.metrics.CohortPeriod;
import dev.funnel.metrics.Cohorts;
import dev.funnel.metrics.ConversionReport;
import dev.funnel.metrics.CorrelationAnalysis;
import dev.funnel.metrics.CumulativeIncidence;
import dev.funnel.metrics.IntervalMethod;
import dev.funnel.metrics.LogRankTest;
import dev.funnel.metrics.Proportion;
import dev.funnel.metrics.QuantileEstimate;
import dev.funnel.metrics.SalesCycle;
import dev.funnel.metrics.SegmentBreakdown;
import dev.funnel.metrics.SurvivalCurve;
import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.StageKind;
import dev.funnel.model.StageVisit;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the report shows of each subject's path beyond the counts: when subjects converted (a curve
 * with its band), how each entry cohort converted, and which signals go with converting at the
 * bottleneck. A streamed event log keeps no subjects, so for events these come from the log read a
 * second time into memory, when it is small enough ({@link #MAX_ROWS}); {@link #missing} then says
 * why they are absent.
 *
 * @param curve the share converted by time since entry (Kaplan–Meier) for events, or P(won by t)
 *     and P(lost by t) (cumulative incidence) for stage changes
 * @param cohorts one row per entry period, oldest first
 * @param correlations the signals of converting into the bottleneck step
 * @param bySegment the log-rank test of the time to convert between the segments shown, when there
 *     are two or more and some converted
 * @param missing why the details above are absent, if they are
 */
record ReportDetails(
    Optional<Curve> curve,
    ImmutableList<Cohort> cohorts,
    Optional<Correlations> correlations,
    Optional<LogRankTest> bySegment,
    Optional<String> missing) {

  /** The most rows of an event log read into memory for the details: about 20 bytes a row. */
  static final long MAX_ROWS = 20_000_000;

  /**
   * The heap the details take per row of an event log: the log in memory, each subject's chain, the
   * curve's observations and the correlations' own pass. Measured: 1.94 million rows of 1 million
   * subjects (the whole report) ran in a 448 MB heap and ran out in 384 MB.
   */
  static final long BYTES_PER_ROW = 200;

  /** The confidence of every interval the details show. */
  static final double CONFIDENCE = 0.95;

  /** How many signals each side of the correlation table shows. */
  static final int SIGNALS = 5;

  static ReportDetails none(String why) {
    return new ReportDetails(
        Optional.empty(), ImmutableList.of(), Optional.empty(), Optional.empty(), Optional.of(why));
  }

  /**
   * A curve over time since entry, one or more series, each point with its pointwise interval.
   *
   * @param title what the curve shows
   * @param method how it was estimated, for the caption
   * @param series the series, in legend order
   * @param median the time by which half have converted (events) or closed (stage changes), with
   *     its 95 % interval (R's {@code quantile.survfit} rule on the log band); its estimate is
   *     empty while fewer than half have
   * @param medianOf what the median is of
   */
  record Curve(
      String title,
      String method,
      ImmutableList<Series> series,
      QuantileEstimate median,
      String medianOf) {}

  /**
   * One series of a {@link Curve}: its name, its points in time order, and whether its band is
   * drawn (a segment's curve beside the whole's is drawn without, so that the bands do not pile
   * up).
   */
  record Series(String name, ImmutableList<CurvePoint> points, boolean band) {}

  /** The value just after {@code time}, and its interval. */
  record CurvePoint(Duration time, double value, double lower, double upper) {}

  /**
   * One entry cohort.
   *
   * @param start the first day of its period (UTC)
   * @param period "day" or "week"
   * @param converted those of the cohort who reached the last step, with its interval
   * @param open how many may still convert: their window (events) or their deal (stage changes) is
   *     still open at the end of the log
   */
  record Cohort(LocalDate start, String period, Proportion converted, long open) {}

  /**
   * The signals of converting from one step into the next.
   *
   * @param from the step's display name
   * @param to the next step's display name
   * @param analysis the odds ratios, intervals and corrected p-values
   */
  record Correlations(String from, String to, CorrelationAnalysis analysis) {}

  /**
   * The details of an event log in memory, for the definition's funnel: {@code spec} sets the
   * window and the command line's policies, as for the streamed report.
   *
   * @param bottleneck the bottleneck step, or 0 when there is none
   * @param segments the segments the report shows (the others are {@link FunnelReport#OTHER}),
   *     empty without a breakdown
   */
  static ReportDetails ofEvents(
      FunnelDefinition definition,
      EventLog log,
      Consumer<WindowFunnel.Builder> spec,
      int bottleneck,
      Set<String> segments,
      List<String> stepNames) {
    WindowFunnel.Builder builder = WindowFunnel.builder().eventCodes(log.codeCount());
    definition.steps().forEach(s -> builder.step(log.codes(requireNonNull(s.filter()))));
    spec.accept(builder);
    WindowFunnel funnel = builder.build();
    int rows = (int) log.rowsRead();
    long[] subjects = new long[rows];
    long[] times = new long[rows];
    int[] codes = new int[rows];
    for (int row = 0; row < rows; row++) {
      subjects[row] = log.subjectId(row);
      times[row] = log.time(row);
      codes[row] = log.eventCode(row);
    }
    Map<Long, SubjectResult> results = new ConcurrentHashMap<>();
    funnel.aggregation().subjects(results::put).run(EventBatch.arbitrary(subjects, times, codes));

    int steps = funnel.steps();
    long window = funnel.window();
    long end = log.lastTime().orElseThrow();
    List<SurvivalCurve.Observation> observations = new ArrayList<>();
    Map<String, List<SurvivalCurve.Observation>> bySegment = new LinkedHashMap<>();
    Map<LocalDate, long[]> cohorts = new TreeMap<>();
    boolean byDay = end - log.firstTime().orElseThrow() <= Duration.ofDays(21).toMillis();
    for (Map.Entry<Long, SubjectResult> e : results.entrySet()) {
      SubjectResult result = e.getValue();
      if (result.level() == 0) {
        continue;
      }
      long entry = result.chain().get(0);
      boolean converted = result.level() == steps;
      // Past its window a subject can no longer convert; before, the log's end censors it.
      long observed =
          converted ? result.chain().get(steps - 1) - entry : Math.min(window, end - entry);
      SurvivalCurve.Observation observation =
          new SurvivalCurve.Observation(Duration.ofMillis(observed), converted);
      observations.add(observation);
      if (!segments.isEmpty()) {
        String segment = log.segment(e.getKey().intValue()).orElse(SegmentBreakdown.NONE);
        bySegment
            .computeIfAbsent(
                segments.contains(segment) ? segment : FunnelReport.OTHER, s -> new ArrayList<>())
            .add(observation);
      }
      LocalDate day = Instant.ofEpochMilli(entry).atOffset(ZoneOffset.UTC).toLocalDate();
      long[] cohort =
          cohorts.computeIfAbsent(byDay ? day : CohortPeriod.WEEK.startOf(day), d -> new long[3]);
      cohort[0]++;
      cohort[1] += converted ? 1 : 0;
      cohort[2] += !converted && entry + window > end ? 1 : 0;
    }
    List<Cohort> cohortRows = new ArrayList<>();
    cohorts.forEach(
        (start, c) ->
            cohortRows.add(new Cohort(start, byDay ? "day" : "week", rate(c[1], c[0]), c[2])));

    Optional<Curve> curve = Optional.empty();
    Map<String, List<SurvivalCurve.Observation>> ordered = bySize(bySegment);
    if (!observations.isEmpty()) {
      SurvivalCurve notYet = SurvivalCurve.estimate(observations);
      ImmutableList.Builder<Series> series = ImmutableList.builder();
      series.add(new Series("everyone", converted(notYet), true));
      // As the breakdown's chart: the largest segments each, the rest together as Other.
      List<SurvivalCurve.Observation> rest = new ArrayList<>();
      long named = ordered.keySet().stream().filter(k -> !k.equals(FunnelReport.OTHER)).count();
      int drawn = 0;
      for (Map.Entry<String, List<SurvivalCurve.Observation>> e : ordered.entrySet()) {
        boolean own =
            !e.getKey().equals(FunnelReport.OTHER)
                && (named <= DetailCharts.MAX_SERIES || drawn < DetailCharts.MAX_SERIES);
        if (own) {
          series.add(
              new Series(e.getKey(), converted(SurvivalCurve.estimate(e.getValue())), false));
          drawn++;
        } else {
          rest.addAll(e.getValue());
        }
      }
      if (!rest.isEmpty()) {
        series.add(new Series(FunnelReport.OTHER, converted(SurvivalCurve.estimate(rest)), false));
      }
      curve =
          Optional.of(
              new Curve(
                  "Converted by time since '" + stepNames.get(0) + "'",
                  "Kaplan–Meier of reaching '"
                      + stepNames.get(steps - 1)
                      + "', subjects whose window is still open at the log's end censored;"
                      + " 95 % log-log band",
                  series.build(),
                  notYet.quantile(0.5, CONFIDENCE, BandTransform.LOG),
                  "convert"));
    }

    Optional<Correlations> correlations = Optional.empty();
    if (steps >= 2) {
      int from = bottleneck >= 2 ? bottleneck - 1 : 1;
      List<String> names = new ArrayList<>(log.codeCount());
      for (int code = 0; code < log.codeCount(); code++) {
        names.add(log.event(code));
      }
      long went = results.values().stream().filter(r -> r.level() > from).count();
      long stayed = results.values().stream().filter(r -> r.level() == from).count();
      correlations =
          correlations(
              stepNames.get(from - 1),
              stepNames.get(from),
              went,
              stayed,
              () -> CorrelationAnalysis.fromEvents(funnel, subjects, times, codes, names, from));
    }
    return new ReportDetails(
        curve,
        ImmutableList.copyOf(cohortRows),
        correlations,
        logRank(bySegment),
        Optional.empty());
  }

  /** Converted by t, 1 − S, at each time someone converted, its limits those of S turned over. */
  private static ImmutableList<CurvePoint> converted(SurvivalCurve notYet) {
    ImmutableList.Builder<CurvePoint> points = ImmutableList.builder();
    for (SurvivalCurve.Point p : notYet.points()) {
      if (p.events() > 0) {
        points.add(
            new CurvePoint(
                p.time(),
                1 - p.survival(),
                1 - p.upper(CONFIDENCE, BandTransform.LOG_LOG),
                1 - p.lower(CONFIDENCE, BandTransform.LOG_LOG)));
      }
    }
    return points.build();
  }

  /** The segments as the report orders them: largest first, Other last, then by name. */
  private static Map<String, List<SurvivalCurve.Observation>> bySize(
      Map<String, List<SurvivalCurve.Observation>> bySegment) {
    Map<String, List<SurvivalCurve.Observation>> ordered = new LinkedHashMap<>();
    bySegment.entrySet().stream()
        .sorted(FunnelReport.largestFirst(List::size))
        .forEach(e -> ordered.put(e.getKey(), e.getValue()));
    return ordered;
  }

  /**
   * The log-rank test between the segments' times to convert, or nothing with fewer than two
   * segments or no conversion in any.
   */
  static Optional<LogRankTest> logRank(Map<String, List<SurvivalCurve.Observation>> bySegment) {
    boolean anyEnded =
        bySegment.values().stream()
            .flatMap(List::stream)
            .anyMatch(SurvivalCurve.Observation::ended);
    if (bySegment.size() < 2 || !anyEnded) {
      return Optional.empty();
    }
    try {
      return Optional.of(LogRankTest.of(bySize(bySegment)));
    } catch (IllegalArgumentException e) {
      // The one refusal left: the segments cannot be told apart (say, every conversion happened
      // when only one subject of each segment was left), so there is no test to show.
      return Optional.empty();
    }
  }

  /**
   * The details of leads: the cumulative incidence of each closing outcome when the funnel has won
   * or lost stages, cohorts by the week (or day) leads were created, and the signals of leads
   * (their segment) at the bottleneck.
   */
  static ReportDetails ofLeads(
      Funnel funnel,
      List<Lead> leads,
      Instant now,
      ConversionReport conversion,
      int bottleneck,
      Function<Lead, String> segmentOf,
      List<String> stepNames) {
    Optional<Curve> curve = Optional.empty();
    SalesCycle cycle = SalesCycle.fromLeads(funnel, leads, now);
    CumulativeIncidence outcomes = cycle.outcomes();
    if (!outcomes.outcomes().isEmpty()) {
      ImmutableList.Builder<Series> series = ImmutableList.builder();
      for (String outcome : outcomes.outcomes()) {
        ImmutableList.Builder<CurvePoint> points = ImmutableList.builder();
        for (CumulativeIncidence.Point p : outcomes.points()) {
          points.add(
              new CurvePoint(
                  p.time(),
                  p.incidence().getOrDefault(outcome, 0.0),
                  p.lower(outcome, CONFIDENCE, BandTransform.LOG_LOG),
                  p.upper(outcome, CONFIDENCE, BandTransform.LOG_LOG)));
        }
        series.add(new Series(outcome, points.build(), true));
      }
      curve =
          Optional.of(
              new Curve(
                  "Closed by time since a lead came in",
                  "cumulative incidence (Aalen–Johansen) of each outcome, open leads censored;"
                      + " 95 % log-log band on Gray's variance",
                  series.build(),
                  cycle.timeToClose().quantile(0.5, CONFIDENCE, BandTransform.LOG),
                  "close (won or lost)"));
    }

    Instant first = leads.stream().map(Lead::createdAt).min(Instant::compareTo).orElse(now);
    boolean byDay = Duration.between(first, now).compareTo(Duration.ofDays(21)) <= 0;
    List<Cohort> cohorts = new ArrayList<>();
    Map<LocalDate, Long> open = new TreeMap<>();
    CohortPeriod period = byDay ? CohortPeriod.DAY : CohortPeriod.WEEK;
    for (Lead lead : leads) {
      if (funnel.stage(lead.currentStageId()).kind() == StageKind.OPEN) {
        open.merge(
            period.startOf(LocalDate.ofInstant(lead.createdAt(), ZoneOffset.UTC)), 1L, Long::sum);
      }
    }
    Cohorts.byEntryPeriod(funnel, leads, period, ZoneOffset.UTC)
        .forEach(
            (start, report) ->
                cohorts.add(
                    new Cohort(
                        start,
                        byDay ? "day" : "week",
                        report.overall(),
                        open.getOrDefault(start, 0L))));

    List<String> ids = conversion.counts().steps();
    Optional<Correlations> correlations = Optional.empty();
    if (ids.size() >= 2) {
      int from = bottleneck >= 2 ? bottleneck - 1 : 1;
      String fromId = ids.get(from - 1);
      String toId = ids.get(from);
      long went = leads.stream().filter(l -> l.hasVisited(toId)).count();
      long reached = leads.stream().filter(l -> l.hasVisited(fromId)).count();
      correlations =
          correlations(
              stepNames.get(from - 1),
              stepNames.get(from),
              went,
              reached - went,
              () -> CorrelationAnalysis.fromLeads(funnel, leads, fromId, toId));
    }
    // The time to reach the last step, those lost or still open censored: the cause-specific
    // comparison of the segments' pace of winning.
    String last = ids.get(ids.size() - 1);
    Map<String, List<SurvivalCurve.Observation>> bySegment = new LinkedHashMap<>();
    for (Lead lead : leads) {
      Optional<Instant> won =
          lead.history().stream()
              .filter(v -> v.stageId().equals(last))
              .map(StageVisit::entered)
              .findFirst();
      Instant until =
          won.orElseGet(
              () ->
                  funnel.stage(lead.currentStageId()).kind() == StageKind.OPEN
                      ? now
                      : lead.currentVisit().entered());
      bySegment
          .computeIfAbsent(segmentOf.apply(lead), x -> new ArrayList<>())
          .add(
              new SurvivalCurve.Observation(
                  Duration.between(lead.createdAt(), until), won.isPresent()));
    }
    return new ReportDetails(
        curve, ImmutableList.copyOf(cohorts), correlations, logRank(bySegment), Optional.empty());
  }

  private static Proportion rate(long successes, long trials) {
    return Proportion.of(successes, trials, CONFIDENCE, IntervalMethod.WILSON);
  }

  /** The analysis, or nothing where no one or everyone converted: nothing to tell apart. */
  private static Optional<Correlations> correlations(
      String from, String to, long converted, long droppedOff, Supplier<CorrelationAnalysis> of) {
    return converted == 0 || droppedOff == 0
        ? Optional.empty()
        : Optional.of(new Correlations(from, to, of.get()));
  }
}
