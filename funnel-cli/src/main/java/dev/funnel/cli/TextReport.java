package dev.funnel.cli;

import dev.funnel.forecast.BackwardPlan;
import dev.funnel.metrics.BottleneckCriterion;
import dev.funnel.metrics.ConversionReport;
import dev.funnel.metrics.CorrelationAnalysis;
import dev.funnel.metrics.DurationStats;
import dev.funnel.metrics.FunnelComparison;
import dev.funnel.metrics.Proportion;
import dev.funnel.metrics.QuantileEstimate;
import dev.funnel.metrics.StepConversion;
import dev.funnel.metrics.Verdict;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Renders a {@link FunnelReport} as text for a terminal: tables with Unicode bars. */
final class TextReport {
  private static final int BAR_WIDTH = 32;
  private static final String[] EIGHTHS = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};

  private TextReport() {}

  static void print(FunnelReport report, PrintWriter out) {
    out.println(report.title());
    out.println(report.summary());
    for (String note : report.notes()) {
      out.println("  · " + note);
    }
    out.println();
    printConversion(report, out);
    out.println();
    printBottleneck(report, out);
    out.println();
    printTimes(report, out);
    if (!report.segments().isEmpty()) {
      out.println();
      printSegments(report, out);
    }
    report.plan().ifPresent(plan -> printPlan(report, plan, out));
    report.comparison().ifPresent(ab -> printComparison(report, ab, out));
    printDetails(report, out);
  }

  /** "median time to converting: 2.6 d [2.4 d, 2.9 d]", or why there is none. */
  static String median(ReportDetails.Curve curve) {
    QuantileEstimate m = curve.median();
    if (m.estimate().isEmpty()) {
      return "median time to " + curve.medianOf() + ": not reached (fewer than half have)";
    }
    return String.format(
        Locale.ROOT,
        "median time to %s: %s [%s, %s]",
        curve.medianOf(),
        human(m.estimate().get()),
        m.lower().map(TextReport::human).orElse("-"),
        m.upper().map(TextReport::human).orElse("not reached"));
  }

  private static void printPlan(FunnelReport report, BackwardPlan plan, PrintWriter out) {
    List<BackwardPlan.Row> rows = plan.rows();
    out.println();
    out.printf(
        Locale.ROOT,
        "Plan: %,d at '%s' need, at the observed rates (95 %% range from the interval of each"
            + " step's rate to the last)%n",
        rows.get(rows.size() - 1).needed(),
        report.stepName(report.stepNames().size()));
    int width = Math.max(4, report.stepNames().stream().mapToInt(String::length).max().orElse(0));
    for (BackwardPlan.Row row : rows) {
      out.printf(
          Locale.ROOT,
          "  %-" + width + "s %,12d   [%,d, %,d]%n",
          report.stepName(report.conversion().counts().numberOf(row.step())),
          row.needed(),
          row.neededOptimistic(),
          row.neededPessimistic());
    }
  }

  private static void printComparison(FunnelReport report, AbComparison ab, PrintWriter out) {
    out.println();
    out.printf(
        Locale.ROOT,
        "A/B: %s (B) against %s (A); differences B − A with 95 %% intervals, p Holm-corrected"
            + " across the steps%n",
        ab.b(),
        ab.a());
    int width = Math.max(8, report.stepNames().stream().mapToInt(String::length).max().orElse(0));
    out.printf(
        Locale.ROOT, "%-" + width + "s %8s %8s  %-28s %s%n", "step", "A", "B", "B − A", "p (Holm)");
    for (FunnelComparison.StepVerdict step : ab.steps().steps()) {
      Verdict v = step.verdict();
      out.printf(
          Locale.ROOT,
          "%-" + width + "s %8s %8s  %-28s %s%n",
          report.stepName(report.conversion().counts().numberOf(step.step())),
          String.format(Locale.ROOT, "%.1f %%", 100 * v.rateA()),
          String.format(Locale.ROOT, "%.1f %%", 100 * v.rateB()),
          points(v.difference(), v.lower(), v.upper()),
          HtmlPage.pValue(step.adjustedPValue()));
    }
    Verdict overall = ab.steps().overall();
    out.printf(
        Locale.ROOT,
        "%-" + width + "s %8s %8s  %-28s %s%n",
        "overall",
        String.format(Locale.ROOT, "%.1f %%", 100 * overall.rateA()),
        String.format(Locale.ROOT, "%.1f %%", 100 * overall.rateB()),
        points(overall.difference(), overall.lower(), overall.upper()),
        HtmlPage.pValue(overall.pValue()));
    for (String line : AbComparison.summary(ab)) {
      out.println("  " + line);
    }
  }

  /** A difference of rates in percentage points with its interval: "+3.7 pts [+2.1, +5.3]". */
  static String points(double difference, double lower, double upper) {
    return String.format(
        Locale.ROOT, "%+.1f pts [%+.1f, %+.1f]", 100 * difference, 100 * lower, 100 * upper);
  }

  /** The curve's end, the cohorts and the strongest signals; the page has them in full. */
  private static void printDetails(FunnelReport report, PrintWriter out) {
    ReportDetails details = report.details();
    details
        .curve()
        .ifPresent(
            curve -> {
              out.println();
              out.println(curve.title());
              for (ReportDetails.Series series : curve.series()) {
                if (!series.points().isEmpty()) {
                  ReportDetails.CurvePoint end = series.points().get(series.points().size() - 1);
                  out.printf(
                      Locale.ROOT,
                      "  %s by %s: %.1f %% [%.1f %%, %.1f %%]%n",
                      series.name(),
                      human(end.time()),
                      100 * end.value(),
                      100 * end.lower(),
                      100 * end.upper());
                }
              }
              out.println("  " + median(curve));
              for (String line : SvgChart.wrap("(" + curve.method() + ")", 96)) {
                out.println("  " + line);
              }
            });
    details
        .bySegment()
        .ifPresent(
            test ->
                out.printf(
                    Locale.ROOT,
                    "  by %s, log-rank χ² = %.1f on %d df, p %s%n",
                    report.segmentColumn().orElseThrow(),
                    test.chiSquare(),
                    test.degreesOfFreedom(),
                    HtmlPage.pIs(test.pValue())));
    if (!details.cohorts().isEmpty()) {
      out.println();
      out.printf(
          Locale.ROOT,
          "By entry %s   subjects  converted  95 %% interval        still open%n",
          details.cohorts().get(0).period());
      for (ReportDetails.Cohort cohort : details.cohorts()) {
        out.printf(
            Locale.ROOT,
            "%-14s %,9d  %9s  %-20s %,10d%n",
            cohort.start(),
            cohort.converted().trials(),
            percent(cohort.converted()),
            interval(cohort.converted()),
            cohort.open());
      }
    }
    details
        .correlations()
        .ifPresent(
            c -> {
              out.println();
              out.printf(
                  Locale.ROOT, "What goes with converting from %s to %s%n", c.from(), c.to());
              List<CorrelationAnalysis.SignalCorrelation> shown =
                  new ArrayList<>(c.analysis().positive(3));
              c.analysis().negative(3).stream().filter(x -> !shown.contains(x)).forEach(shown::add);
              if (shown.isEmpty()) {
                out.println("  no signal was seen often enough to compare");
              }
              for (CorrelationAnalysis.SignalCorrelation signal : shown) {
                out.printf(
                    Locale.ROOT,
                    "  %-30s odds ratio %.2f [%.2f, %.2f], p %s (BH-corrected %s)%n",
                    signal.signal(),
                    signal.oddsRatio(),
                    signal.oddsRatioInterval().lower(),
                    signal.oddsRatioInterval().upper(),
                    HtmlPage.pValue(signal.pValue()),
                    HtmlPage.pValue(signal.adjustedPValue()));
              }
            });
    details
        .missing()
        .ifPresent(why -> out.printf("%nNo curve, cohorts or correlations: %s%n", why));
  }

  private static void printConversion(FunnelReport report, PrintWriter out) {
    int nameWidth = nameWidth(report.stepNames());
    List<StepConversion> steps = report.conversion().steps();
    long top = steps.get(0).count();
    out.printf(
        Locale.ROOT,
        "%-" + nameWidth + "s %10s %9s %9s%n",
        "step",
        "subjects",
        "of first",
        "of prev.");
    for (StepConversion step : steps) {
      boolean isBottleneck =
          report.bottleneck().map(b -> b.number() == step.number()).orElse(false);
      out.printf(
          Locale.ROOT,
          "%-" + nameWidth + "s %,10d %9s %9s  %s%s%n",
          report.stepName(step.number()),
          step.count(),
          percent(step.fromFirst()),
          step.number() == 1 ? "" : percent(step.fromPrevious()),
          bar(step.count(), top),
          isBottleneck ? "  ◀ bottleneck" : "");
    }
    ConversionReport conversion = report.conversion();
    out.printf(
        Locale.ROOT,
        "overall: %s of '%s' reach '%s' (95 %% interval %s)%n",
        percent(conversion.overall()),
        report.stepName(1),
        report.stepName(steps.size()),
        interval(conversion.overall()));
  }

  private static void printBottleneck(FunnelReport report, PrintWriter out) {
    Optional<StepConversion> bottleneck = report.bottleneck();
    if (bottleneck.isEmpty()) {
      boolean keepsEveryone = report.conversion().steps().stream().allMatch(s -> s.dropOff() == 0);
      out.println(
          keepsEveryone && report.criterion() != BottleneckCriterion.LONGEST_MEDIAN_TIME
              ? "Bottleneck: none; every step keeps everyone who reached the step before it"
              : "Bottleneck: none found by " + describe(report));
      return;
    }
    StepConversion step = bottleneck.get();
    out.printf(
        Locale.ROOT,
        "Bottleneck (%s): '%s' keeps %s %s of '%s'; %,d lost at this step.%n",
        describe(report),
        report.stepName(step.number()),
        percent(step.fromPrevious()),
        interval(step.fromPrevious()),
        report.stepName(step.number() - 1),
        step.dropOff());
    step.timeInStage()
        .flatMap(DurationStats::median)
        .ifPresent(m -> out.println("  median time in this stage: " + human(m)));
  }

  private static String describe(FunnelReport report) {
    return switch (report.criterion()) {
      case LOWEST_STEP_RATE -> "lowest step rate";
      case LARGEST_ABSOLUTE_LOSS -> "largest loss";
      case LONGEST_MEDIAN_TIME -> "longest median time in stage";
    };
  }

  private static void printTimes(FunnelReport report, PrintWriter out) {
    String header = "from the step before to";
    String endToEnd = "end to end (" + report.stepName(report.stepNames().size()) + ")";
    int nameWidth =
        Math.max(nameWidth(report.stepNames()), Math.max(header.length(), endToEnd.length()));
    out.printf(
        Locale.ROOT,
        "Time to convert%n%-" + nameWidth + "s %9s %10s %10s %10s%n",
        header,
        "subjects",
        "median",
        "mean",
        "p90");
    for (int i = 1; i < report.stepNames().size(); i++) {
      printTimeRow(
          out, nameWidth, report.stepName(i + 1), report.timeToStep().get(i).orElseThrow());
    }
    printTimeRow(out, nameWidth, endToEnd, report.endToEnd());
  }

  private static void printTimeRow(PrintWriter out, int width, String name, DurationStats stats) {
    out.printf(
        Locale.ROOT,
        "%-" + width + "s %,9d %10s %10s %10s%n",
        name,
        stats.count(),
        stats.median().map(TextReport::human).orElse("-"),
        stats.mean().map(TextReport::human).orElse("-"),
        stats.p90().map(TextReport::human).orElse("-"));
  }

  private static void printSegments(FunnelReport report, PrintWriter out) {
    List<Map.Entry<String, ConversionReport>> segments = report.segments();
    int width =
        Math.max(
            report.segmentColumn().orElseThrow().length(),
            segments.stream().mapToInt(e -> e.getKey().length()).max().orElse(0));
    int last = report.stepNames().size();
    int first = Math.max(10, report.stepName(1).length());
    int lastWidth = Math.max(10, report.stepName(last).length());
    out.printf(
        Locale.ROOT,
        "By %s%n%-" + width + "s %" + first + "s %" + lastWidth + "s %9s  %-9s  %s%n",
        report.segmentColumn().orElseThrow(),
        report.segmentColumn().orElseThrow(),
        report.stepName(1),
        report.stepName(last),
        "overall",
        "p (Holm)",
        "lowest step rate");
    for (Map.Entry<String, ConversionReport> e : segments) {
      ConversionReport segment = e.getValue();
      String weakest =
          segment
              .bottleneck(BottleneckCriterion.LOWEST_STEP_RATE)
              .map(s -> report.stepName(s.number()) + " " + percent(s.fromPrevious()))
              .orElse("-");
      out.printf(
          Locale.ROOT,
          "%-" + width + "s %," + first + "d %," + lastWidth + "d %9s  %-9s  %s%n",
          e.getKey(),
          segment.counts().reached(1),
          segment.counts().reached(last),
          percent(segment.overall()),
          Optional.ofNullable(report.segmentTests().get(e.getKey()))
              .map(t -> HtmlPage.pValue(t.pValue()) + (t.exact() ? " *" : ""))
              .orElse("-"),
          weakest);
    }
  }

  /** A bar of {@value #BAR_WIDTH} cells for {@code top}, drawn to an eighth of a cell. */
  static String bar(long count, long top) {
    if (top <= 0 || count <= 0) {
      return "";
    }
    long eighths = Math.max(1, Math.round(8.0 * BAR_WIDTH * count / top));
    return "█".repeat((int) (eighths / 8)) + EIGHTHS[(int) (eighths % 8)];
  }

  static String percent(Proportion p) {
    return p.value().isPresent()
        ? String.format(Locale.ROOT, "%.1f %%", 100 * p.value().getAsDouble())
        : "-";
  }

  private static String interval(Proportion p) {
    return p.hasData()
        ? String.format(Locale.ROOT, "[%.1f %%, %.1f %%]", 100 * p.lower(), 100 * p.upper())
        : "";
  }

  private static int nameWidth(List<String> names) {
    return Math.max(4, names.stream().mapToInt(String::length).max().orElse(0));
  }

  /** Formats a duration for a table cell: "3.2 d", "5.0 h", "12 min", "40 s". */
  static String human(Duration d) {
    double seconds = d.toMillis() / 1000.0;
    if (seconds >= 86_400) {
      return String.format(Locale.ROOT, "%.1f d", seconds / 86_400);
    }
    if (seconds >= 3_600) {
      return String.format(Locale.ROOT, "%.1f h", seconds / 3_600);
    }
    if (seconds >= 60) {
      return String.format(Locale.ROOT, "%.0f min", seconds / 60);
    }
    return String.format(Locale.ROOT, "%.0f s", seconds);
  }
}
