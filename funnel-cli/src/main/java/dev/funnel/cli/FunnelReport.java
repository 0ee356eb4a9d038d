package dev.funnel.cli;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.funnel.events.FunnelResult;
import dev.funnel.events.LevelCounts;
import dev.funnel.events.WindowFunnel;
import dev.funnel.forecast.BackwardPlan;
import dev.funnel.io.EventFilter;
import dev.funnel.io.EventLog;
import dev.funnel.io.StreamedFunnel;
import dev.funnel.io.TimeFormat;
import dev.funnel.metrics.Alternative;
import dev.funnel.metrics.BottleneckCriterion;
import dev.funnel.metrics.Comparisons;
import dev.funnel.metrics.ConversionReport;
import dev.funnel.metrics.Correction;
import dev.funnel.metrics.DurationStats;
import dev.funnel.metrics.FunnelComparison;
import dev.funnel.metrics.FunnelCounts;
import dev.funnel.metrics.Proportion;
import dev.funnel.metrics.SegmentBreakdown;
import dev.funnel.metrics.StepConversion;
import dev.funnel.metrics.TimeToConvert;
import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.Stage;
import dev.funnel.model.StageKind;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Everything the report shows, computed once from a definition and a log through the library's
 * public API; the text, SVG and HTML renderings only format it.
 *
 * @param title the funnel's name
 * @param summary one line on what was read
 * @param notes things the reader should know: events outside every step, step events never seen,
 *     skipped rows
 * @param stepNames display names, top first, parallel to the conversion report's steps
 * @param conversion counts and rates per step
 * @param criterion how the bottleneck was chosen
 * @param bottleneck the bottleneck step, if the criterion found one
 * @param timeToStep per step, the time from the step before (empty for the top step)
 * @param endToEnd the time from the top step to the last
 * @param segmentColumn the column the breakdown is by, if any
 * @param segments the conversion report of each segment, largest first
 * @param segmentTests per segment, the Holm-corrected p-value of its overall rate against the other
 *     segments' together (empty with fewer than two segments)
 * @param segmentSteps per segment, its step rates against the other segments' together, the
 *     p-values Holm-corrected across every step of every segment (empty with fewer than two)
 * @param details the curve, cohorts and correlations of the subjects' paths
 * @param comparison two segments compared as A/B variants ({@code --compare})
 * @param plan what each step needs for a target at the last ({@code --target})
 * @param source what was read
 */
record FunnelReport(
    String title,
    String summary,
    ImmutableList<String> notes,
    ImmutableList<String> stepNames,
    ConversionReport conversion,
    BottleneckCriterion criterion,
    Optional<StepConversion> bottleneck,
    ImmutableList<Optional<DurationStats>> timeToStep,
    DurationStats endToEnd,
    Optional<String> segmentColumn,
    ImmutableList<Map.Entry<String, ConversionReport>> segments,
    ImmutableMap<String, SegmentTest> segmentTests,
    ImmutableMap<String, FunnelComparison> segmentSteps,
    ReportDetails details,
    Optional<AbComparison> comparison,
    Optional<BackwardPlan> plan,
    Source source) {

  /** Returns this report with two of its segments compared as A/B variants. */
  FunnelReport withComparison(AbComparison ab) {
    return with(Optional.of(ab), plan);
  }

  /** Returns this report with the plan of what each step needs for a target at the last. */
  FunnelReport withPlan(BackwardPlan backward) {
    return with(comparison, Optional.of(backward));
  }

  private FunnelReport with(Optional<AbComparison> ab, Optional<BackwardPlan> backward) {
    return new FunnelReport(
        title,
        summary,
        notes,
        stepNames,
        conversion,
        criterion,
        bottleneck,
        timeToStep,
        endToEnd,
        segmentColumn,
        segments,
        segmentTests,
        segmentSteps,
        details,
        ab,
        backward,
        source);
  }

  /**
   * What a report was made from: the log's name, its data rows, those read and skipped, the
   * subjects, and the earliest and latest time read.
   */
  record Source(
      String file,
      long dataRows,
      long rowsRead,
      long rowsSkipped,
      long subjects,
      Instant from,
      Instant to) {
    static Source of(EventLog log) {
      return new Source(
          log.file(),
          log.dataRows(),
          log.rowsRead(),
          log.rowsSkipped(),
          log.subjectCount(),
          Instant.ofEpochMilli(log.firstTime().orElseThrow()),
          Instant.ofEpochMilli(log.lastTime().orElseThrow()));
    }

    static Source of(StreamedFunnel funnel) {
      return new Source(
          funnel.file(),
          funnel.dataRows(),
          funnel.rowsRead(),
          funnel.rowsSkipped(),
          funnel.subjectCount(),
          Instant.ofEpochMilli(funnel.firstTime().orElseThrow()),
          Instant.ofEpochMilli(funnel.lastTime().orElseThrow()));
    }
  }

  /** The display name of step {@code step} (1 is the top, as in the library). */
  String stepName(int step) {
    return stepNames.get(step - 1);
  }

  /** Builds what the definition describes; the library's refusal is a fault of the file. */
  private static <T> T fromDefinition(String funnelFile, Supplier<T> build) throws InputException {
    try {
      return build.get();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new InputException(new Problem(funnelFile, 0, 0, Problem.messageOf(e)));
    }
  }

  /**
   * Computes the report of an event funnel streamed from a file ({@link #funnelOf(FunnelDefinition,
   * Consumer)} gave the reader its funnel).
   */
  static FunnelReport ofEvents(
      FunnelDefinition definition,
      StreamedFunnel streamed,
      BottleneckCriterion criterion,
      int top,
      BiFunction<Integer, Set<String>, ReportDetails> details) {
    List<FunnelDefinition.Step> steps = definition.steps();
    FunnelResult result = streamed.result();
    List<String> ids = steps.stream().map(FunnelDefinition.Step::id).toList();
    ConversionReport conversion = ConversionReport.of(result.counts().toFunnelCounts(ids));

    List<Optional<DurationStats>> times = new ArrayList<>();
    times.add(Optional.empty());
    for (int step = 2; step <= steps.size(); step++) {
      times.add(Optional.of(result.conversionTimes().orElseThrow().toStep(step)));
    }

    List<Map.Entry<String, ConversionReport>> segments = List.of();
    if (definition.segmentColumn().isPresent()) {
      Map<String, long[]> exactly = new TreeMap<>();
      streamed
          .segments()
          .forEach(
              (segment, counts) -> {
                long[] levels = new long[steps.size() + 1];
                Arrays.setAll(levels, counts::exactly);
                exactly.put(segment, levels);
              });
      Map<String, FunnelCounts> counts = new LinkedHashMap<>();
      topAndOther(exactly, top)
          .forEach((s, e) -> counts.put(s, LevelCounts.ofExactly(e).toFunnelCounts(ids)));
      segments = bySize(SegmentBreakdown.of(counts));
    }

    Source source = Source.of(streamed);
    List<String> notes = new ArrayList<>();
    long unreached = result.counts().exactly(0);
    if (unreached > 0) {
      notes.add(
          String.format(
              Locale.ROOT,
              "%,d of %,d subjects have no '%s' event and are not in the funnel",
              unreached,
              streamed.subjectCount(),
              steps.get(0).name()));
    }
    notes.addAll(eventNotes(definition, streamed));
    notes.addAll(skippedNote(source));
    String summary =
        String.format(
            Locale.ROOT,
            "%,d events of %,d subjects from %s, %s; window %s",
            streamed.rowsRead(),
            streamed.subjectCount(),
            streamed.file(),
            range(source),
            TextReport.human(definition.window().get()));
    Optional<StepConversion> bottleneck = conversion.bottleneck(criterion);
    return new FunnelReport(
        definition.name(),
        summary,
        ImmutableList.copyOf(notes),
        steps.stream().map(FunnelDefinition.Step::name).collect(ImmutableList.toImmutableList()),
        conversion,
        criterion,
        bottleneck,
        ImmutableList.copyOf(times),
        result.conversionTimes().orElseThrow().endToEnd(),
        definition.segmentColumn(),
        ImmutableList.copyOf(segments),
        segmentTests(segments),
        segmentSteps(segments),
        details.apply(
            bottleneck.map(StepConversion::number).orElse(0),
            segments.stream().map(Map.Entry::getKey).collect(Collectors.toSet())),
        Optional.empty(),
        Optional.empty(),
        source);
  }

  /**
   * What the reader needs to stream an event log into the definition's funnel: the window, then the
   * policies of the command line.
   */
  static Consumer<WindowFunnel.Builder> funnelOf(
      FunnelDefinition definition, Consumer<WindowFunnel.Builder> policies) {
    return builder -> {
      builder.window(definition.window().orElseThrow().toMillis());
      policies.accept(builder);
    };
  }

  /**
   * Computes the report of a log of stage changes over a definition.
   *
   * @throws InputException if the library rejects the funnel the definition describes; the problem
   *     names the funnel file. Any other rejection by the library is a bug of this command, and is
   *     thrown as it is (exit code 1, with its stack trace).
   */
  static FunnelReport ofStageChanges(
      FunnelDefinition definition,
      String funnelFile,
      EventLog log,
      BottleneckCriterion criterion,
      int top)
      throws InputException {
    Funnel funnel =
        fromDefinition(
            funnelFile,
            () -> {
              Funnel.Builder builder = Funnel.builder(definition.name());
              for (FunnelDefinition.Step step : definition.steps()) {
                Stage.Builder stage =
                    switch (step.kind()) {
                      case OPEN -> Stage.open(step.id());
                      case WON -> Stage.won(step.id());
                      case LOST -> Stage.lost(step.id());
                    };
                builder.stage(stage.name(step.name()));
              }
              return builder.build();
            });

    // Each subject's rows in time order, ties in file order; a repeated stage is no move.
    Integer[] order = new Integer[(int) log.rowsRead()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(
        order, Comparator.<Integer>comparingLong(log::subjectId).thenComparingLong(log::time));
    List<Lead> leads = new ArrayList<>(log.subjectCount());
    @Nullable Lead lead = null;
    long latest = 0;
    for (int i = 0; i < order.length; i++) {
      int row = order[i];
      String stage = log.event(log.eventCode(row));
      Instant at = Instant.ofEpochMilli(log.time(row));
      latest = Math.max(latest, log.time(row));
      int subject = log.subjectId(row);
      boolean firstOfSubject = i == 0 || log.subjectId(order[i - 1]) != subject;
      if (firstOfSubject) {
        if (lead != null) {
          leads.add(lead);
        }
        Lead.Builder start = Lead.builder(log.subject(subject)).startIn(stage, at);
        log.segment(subject).ifPresent(start::segment);
        lead = start.build();
      } else if (!requireNonNull(lead).currentStageId().equals(stage)) { // not a first row
        lead = lead.withStageChange(stage, at, "");
      }
    }
    leads.add(lead);

    Instant now = Instant.ofEpochMilli(latest);
    ConversionReport conversion = ConversionReport.fromLeads(funnel, leads, now);
    TimeToConvert time = TimeToConvert.fromLeads(funnel, leads);
    List<String> ids = conversion.counts().steps();
    List<Optional<DurationStats>> times = new ArrayList<>();
    times.add(Optional.empty());
    for (int i = 1; i < ids.size(); i++) {
      times.add(Optional.of(time.toStep(ids.get(i))));
    }
    Function<Lead, String> segmentOf =
        definition.segmentColumn().isPresent()
            ? topSegments(leads, top, SegmentBreakdown.bySegment())
            : l -> "";
    List<Map.Entry<String, ConversionReport>> segments =
        definition.segmentColumn().isPresent()
            ? bySize(SegmentBreakdown.fromLeads(funnel, leads, segmentOf))
            : List.of();
    long lost =
        leads.stream()
            .filter(l -> funnel.stage(l.currentStageId()).kind() == StageKind.LOST)
            .count();
    List<String> notes = new ArrayList<>();
    if (lost > 0) {
      notes.add(
          String.format(
              Locale.ROOT,
              "%,d of %,d leads ended lost; they count up to where they got",
              lost,
              leads.size()));
    }
    notes.addAll(skippedNote(Source.of(log)));
    String summary =
        String.format(
            Locale.ROOT,
            "%,d stage changes of %,d leads from %s, %s; open leads measured up to %s",
            log.rowsRead(),
            leads.size(),
            log.file(),
            range(Source.of(log)),
            now);
    ImmutableList<String> names =
        ids.stream()
            .map(id -> definition.step(id).orElseThrow().name())
            .collect(ImmutableList.toImmutableList());
    Optional<StepConversion> bottleneck = conversion.bottleneck(criterion);
    return new FunnelReport(
        definition.name(),
        summary,
        ImmutableList.copyOf(notes),
        names,
        conversion,
        criterion,
        bottleneck,
        ImmutableList.copyOf(times),
        time.endToEnd(),
        definition.segmentColumn(),
        ImmutableList.copyOf(segments),
        segmentTests(segments),
        segmentSteps(segments),
        ReportDetails.ofLeads(
            funnel,
            leads,
            now,
            conversion,
            bottleneck.map(StepConversion::number).orElse(0),
            segmentOf,
            names),
        Optional.empty(),
        Optional.empty(),
        Source.of(log));
  }

  /**
   * A segment's overall rate tested against the rest's.
   *
   * @param pValue the p-value, Holm-corrected across the segments
   * @param exact whether it is Fisher's exact test (an expected count was below 5, where the
   *     z-test's normal approximation does not hold) rather than the two-proportion z-test
   */
  record SegmentTest(double pValue, boolean exact) {}

  /**
   * Each segment's overall rate against the other segments' pooled (the two-proportion z-test, or
   * Fisher's exact test where an expected count is below 5), with Holm's correction across the
   * segments: with many segments, one of them looks different by chance alone. Segments with no
   * subjects, or whose rest has none, get no test.
   */
  static ImmutableMap<String, SegmentTest> segmentTests(
      List<Map.Entry<String, ConversionReport>> segments) {
    if (segments.size() < 2) {
      return ImmutableMap.of();
    }
    long allIn = 0;
    long allOut = 0;
    for (Map.Entry<String, ConversionReport> e : segments) {
      allIn += e.getValue().overall().trials();
      allOut += e.getValue().overall().successes();
    }
    List<String> tested = new ArrayList<>();
    List<Double> pValues = new ArrayList<>();
    Set<String> exact = new HashSet<>();
    for (Map.Entry<String, ConversionReport> e : segments) {
      Proportion rate = e.getValue().overall();
      long restIn = allIn - rate.trials();
      long restOut = allOut - rate.successes();
      if (rate.trials() > 0 && restIn > 0) {
        tested.add(e.getKey());
        if (AbComparison.needsExactTest(rate.successes(), rate.trials(), restOut, restIn)) {
          exact.add(e.getKey());
          pValues.add(
              Comparisons.fisherExact(
                  rate.successes(), rate.trials(), restOut, restIn, Alternative.TWO_SIDED));
        } else {
          pValues.add(
              Comparisons.twoProportions(
                      rate.successes(), rate.trials(), restOut, restIn, SEGMENT_ALPHA)
                  .pValue());
        }
      }
    }
    List<Double> adjusted = Correction.HOLM.adjust(pValues);
    ImmutableMap.Builder<String, SegmentTest> result = ImmutableMap.builder();
    for (int i = 0; i < tested.size(); i++) {
      result.put(tested.get(i), new SegmentTest(adjusted.get(i), exact.contains(tested.get(i))));
    }
    return result.buildOrThrow();
  }

  /** Each segment's steps against the rest's, corrected across all cells; see the parameter. */
  static ImmutableMap<String, FunnelComparison> segmentSteps(
      List<Map.Entry<String, ConversionReport>> segments) {
    Map<String, FunnelCounts> counts = new LinkedHashMap<>();
    segments.forEach(e -> counts.put(e.getKey(), e.getValue().counts()));
    long withEntrants = counts.values().stream().filter(c -> c.reached(1) > 0).count();
    return withEntrants < 2 || counts.values().iterator().next().size() < 2
        ? ImmutableMap.of()
        : SegmentBreakdown.of(counts).againstRest(SEGMENT_ALPHA);
  }

  /** The significance level the segment tests are run at; the page shows the p-values. */
  private static final double SEGMENT_ALPHA = 0.05;

  private static List<Map.Entry<String, ConversionReport>> bySize(SegmentBreakdown breakdown) {
    return breakdown.reports().entrySet().stream()
        .sorted(largestFirst(report -> report.counts().reached(1)))
        .toList();
  }

  /** The order the report shows segments in: largest first, {@value #OTHER} last, then by name. */
  static <V> Comparator<Map.Entry<String, V>> largestFirst(ToLongFunction<V> size) {
    return Comparator.<Map.Entry<String, V>, Boolean>comparing(e -> e.getKey().equals(OTHER))
        .thenComparingLong(e -> -size.applyAsLong(e.getValue()))
        .thenComparing(Map.Entry::getKey);
  }

  private static List<String> eventNotes(FunnelDefinition definition, StreamedFunnel log) {
    List<String> notes = new ArrayList<>();
    List<String> inSteps =
        definition.steps().stream().flatMap(s -> s.events().stream()).distinct().toList();
    List<String> unseen = inSteps.stream().filter(e -> !log.events().contains(e)).toList();
    if (!unseen.isEmpty()) {
      notes.add("step events that never occur in " + log.file() + ": " + String.join(", ", unseen));
    }
    for (FunnelDefinition.Step step : definition.steps()) {
      EventFilter filter = requireNonNull(step.filter());
      if (!filter.conditions().isEmpty()) {
        long passing = log.rows(filter);
        long ofEvents = log.rows(EventFilter.of(filter.events()));
        notes.add(
            String.format(
                Locale.ROOT,
                "step '%s': %,d of %,d %s rows pass %s",
                step.name(),
                passing,
                ofEvents,
                String.join(",", filter.events()),
                filter.conditions().stream()
                    .map(EventFilter.Condition::toString)
                    .collect(Collectors.joining(" and "))));
      }
    }
    Set<String> outside = new LinkedHashSet<>();
    long outsideRows = 0;
    for (String event : log.events()) {
      if (!inSteps.contains(event)) {
        outside.add(event);
        outsideRows += log.rows(EventFilter.of(event));
      }
    }
    if (!outside.isEmpty()) {
      notes.add(
          String.format(
              Locale.ROOT,
              "%,d events are in no step: %s",
              outsideRows,
              outside.size() <= 8
                  ? String.join(", ", outside)
                  : outside.stream().limit(8).collect(Collectors.joining(", ")) + ", …"));
    }
    return notes;
  }

  private static List<String> skippedNote(Source log) {
    List<String> notes = new ArrayList<>();
    if (log.rowsSkipped() > 0) {
      notes.add(
          String.format(
              Locale.ROOT,
              "%,d of %,d rows were bad and skipped (listed above)",
              log.rowsSkipped(),
              log.dataRows()));
    }
    long first = log.from().toEpochMilli();
    long last = log.to().toEpochMilli();
    if (first < PLAUSIBLE_FROM || last >= PLAUSIBLE_TO) {
      notes.add(
          "times run from "
              + Instant.ofEpochMilli(first)
              + " to "
              + Instant.ofEpochMilli(last)
              + ", outside "
              + TimeFormat.PLAUSIBLE_FROM.substring(0, 10)
              + " to "
              + TimeFormat.PLAUSIBLE_TO.substring(0, 10)
              + ": check them");
    }
    return notes;
  }

  private static final long PLAUSIBLE_FROM =
      Instant.parse(TimeFormat.PLAUSIBLE_FROM).toEpochMilli();
  private static final long PLAUSIBLE_TO = Instant.parse(TimeFormat.PLAUSIBLE_TO).toEpochMilli();

  /** The times read, "2026-11-01 00:00 to 2026-11-30 23:58 UTC", so a wrong unit shows. */
  private static String range(Source log) {
    return MINUTES.format(log.from()) + " to " + MINUTES.format(log.to()) + " UTC";
  }

  /**
   * The counts of the {@code top} largest segments (by subjects at the top step; ties by name) and
   * of the rest summed as {@value #OTHER}; all of them if {@code top} is 0 or covers them.
   */
  static Map<String, long[]> topAndOther(Map<String, long[]> exactly, int top) {
    if (top == 0 || exactly.size() <= top) {
      return exactly;
    }
    List<Map.Entry<String, long[]>> bySize = new ArrayList<>(exactly.entrySet());
    bySize.sort(
        Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -reached(e.getValue()))
            .thenComparing(Map.Entry::getKey));
    Map<String, long[]> kept = new LinkedHashMap<>();
    long[] other = null;
    for (int i = 0; i < bySize.size(); i++) {
      long[] counts = bySize.get(i).getValue();
      if (i < top) {
        kept.put(bySize.get(i).getKey(), counts);
      } else if (other == null) {
        other = counts.clone();
      } else {
        for (int level = 0; level < counts.length; level++) {
          other[level] += counts[level];
        }
      }
    }
    kept.merge(OTHER, requireNonNull(other), FunnelReport::sum);
    return kept;
  }

  private static long[] sum(long[] a, long[] b) {
    long[] s = a.clone();
    for (int i = 0; i < s.length; i++) {
      s[i] += b[i];
    }
    return s;
  }

  private static long reached(long[] exactly) {
    long n = 0;
    for (int level = 1; level < exactly.length; level++) {
      n += exactly[level];
    }
    return n;
  }

  /** The segment column's name for the segments past {@code --top}. */
  static final String OTHER = "Other";

  /** Leads' segments with all but the {@code top} most common (by leads) named {@value #OTHER}. */
  private static Function<Lead, String> topSegments(
      List<Lead> leads, int top, Function<Lead, String> segmentOf) {
    Map<String, Long> sizes = new TreeMap<>();
    leads.forEach(l -> sizes.merge(segmentOf.apply(l), 1L, Long::sum));
    if (top == 0 || sizes.size() <= top) {
      return segmentOf;
    }
    Set<String> kept =
        sizes.entrySet().stream()
            .sorted(
                Comparator.<Map.Entry<String, Long>>comparingLong(e -> -e.getValue())
                    .thenComparing(Map.Entry::getKey))
            .limit(top)
            .map(Map.Entry::getKey)
            .collect(Collectors.toSet());
    return l -> {
      String segment = segmentOf.apply(l);
      return kept.contains(segment) ? segment : OTHER;
    };
  }

  private static final DateTimeFormatter MINUTES =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
}
