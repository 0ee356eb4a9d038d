package dev.funnel.cli;

import static dev.funnel.cli.SvgChart.escape;

import dev.funnel.forecast.BackwardPlan;
import dev.funnel.metrics.ConversionReport;
import dev.funnel.metrics.CorrelationAnalysis;
import dev.funnel.metrics.DurationStats;
import dev.funnel.metrics.FunnelComparison;
import dev.funnel.metrics.LogRankTest;
import dev.funnel.metrics.Proportion;
import dev.funnel.metrics.StepConversion;
import dev.funnel.metrics.Verdict;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A self-contained HTML page with the SVG chart inline and the report's tables below it: one file
 * to attach to an email or open from disk.
 */
final class HtmlPage {
  private HtmlPage() {}

  static String render(FunnelReport report, String svg) {
    StringBuilder html = new StringBuilder(8192);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
        .append(escape(report.title()))
        .append("</title>\n<style>\n")
        .append(
            "body{font-family:Helvetica,Arial,sans-serif;margin:1em auto;padding:0 1em;color:#222;"
                + "max-width:60em}\n")
        // Nothing may push the page wider than the window: the chart scales down, long words
        // (paths, names) break, and a table too wide for a phone scrolls inside its own box.
        .append("svg{max-width:100%;height:auto}\n")
        .append("p,li,td{overflow-wrap:anywhere}\n")
        .append(".table{overflow-x:auto}\n")
        .append("table{border-collapse:collapse;margin:1em 0}\n")
        .append("th,td{padding:.25em .8em;text-align:right;border-bottom:1px solid #ddd}\n")
        .append("th:first-child,td:first-child{text-align:left}\n")
        .append(".note{color:#555;font-size:.9em}\n")
        .append(".narrow{display:none}\n")
        .append(
            ".grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(16em,1fr));gap:1em}\n")
        .append("tr.bottleneck td{color:")
        .append(SvgChart.BOTTLENECK)
        .append(";font-weight:bold}\n")
        // On a phone every row becomes a card of label–value lines, so that no table is wider
        // than the screen and no word is broken in a squeezed column.
        .append(
            "@media (max-width:40em){table,tbody,tr,td{display:block;width:100%}"
                + "tr.head{display:none}tr{border-bottom:1px solid #bbb;padding:.4em 0}"
                + "td{border:0;padding:.1em 0;display:flex;justify-content:space-between;gap:1em}"
                + "td::before{content:attr(data-label);font-weight:bold;text-align:left}"
                + "td:first-child{font-weight:bold}td:first-child::before{content:none}"
                + "td:empty{display:none}.wide{display:none}.narrow{display:block}}\n")
        .append("</style>\n</head>\n<body>\n");
    html.append("<p>").append(escape(report.summary())).append("</p>\n");
    if (!report.notes().isEmpty()) {
      html.append("<ul>\n");
      report.notes().forEach(n -> html.append("<li>").append(escape(n)).append("</li>\n"));
      html.append("</ul>\n");
    }
    responsive(html, svg, SvgChart.renderNarrow(report));

    html.append(
            "<h2>Conversion</h2>\n<div class=\"table\"><table>\n<tr class=\"head\"><th>step</th>")
        .append("<th>subjects</th><th>of first</th><th>of previous</th><th>95 % interval</th>")
        .append("<th>lost</th></tr>\n");
    int bottleneck = report.bottleneck().map(StepConversion::number).orElse(-1);
    for (StepConversion step : report.conversion().steps()) {
      html.append(step.number() == bottleneck ? "<tr class=\"bottleneck\">" : "<tr>");
      cell(
          html,
          "step",
          report.stepName(step.number()) + (step.number() == bottleneck ? " (bottleneck)" : ""));
      cell(html, "subjects", String.format(Locale.ROOT, "%,d", step.count()));
      cell(html, "of first", TextReport.percent(step.fromFirst()));
      cell(html, "of previous", step.number() == 1 ? "" : TextReport.percent(step.fromPrevious()));
      cell(html, "95 % interval", step.number() == 1 ? "" : interval(step.fromPrevious()));
      cell(
          html,
          "lost",
          step.number() == 1 ? "" : String.format(Locale.ROOT, "%,d", step.dropOff()));
      html.append("</tr>\n");
    }
    html.append("</table></div>\n");

    if (!report.segments().isEmpty()) {
      int last = report.stepNames().size();
      html.append("<h2>By ")
          .append(escape(report.segmentColumn().orElseThrow()))
          .append("</h2>\n<div class=\"table\"><table>\n<tr class=\"head\"><th>")
          .append(escape(report.segmentColumn().orElseThrow()))
          .append("</th><th>")
          .append(escape(report.stepName(1)))
          .append("</th><th>")
          .append(escape(report.stepName(last)))
          .append(
              "</th><th>overall</th><th>95 % interval</th><th>p vs the rest (Holm)</th></tr>\n");
      for (Map.Entry<String, ConversionReport> e : report.segments()) {
        html.append("<tr>");
        cell(html, report.segmentColumn().orElseThrow(), e.getKey());
        cell(
            html,
            report.stepName(1),
            String.format(Locale.ROOT, "%,d", e.getValue().counts().reached(1)));
        cell(
            html,
            report.stepName(last),
            String.format(Locale.ROOT, "%,d", e.getValue().counts().reached(last)));
        cell(html, "overall", TextReport.percent(e.getValue().overall()));
        cell(html, "95 % interval", interval(e.getValue().overall()));
        FunnelReport.SegmentTest test = report.segmentTests().get(e.getKey());
        cell(
            html,
            "p vs the rest (Holm)",
            test == null ? "-" : pValue(test.pValue()) + (test.exact() ? " *" : ""));
        html.append("</tr>\n");
      }
      html.append("</table></div>\n");
      responsive(
          html,
          DetailCharts.segments(report, DetailCharts.WIDE),
          DetailCharts.segments(report, DetailCharts.NARROW));
      html.append(
          "<p class=\"note\">Each line is a segment: the share of its subjects at the top step"
              + " who reached each step. The p-value compares a segment's overall rate with all"
              + " other segments together (z-test; * Fisher's exact test, where an expected count"
              + " is below 5), corrected for the number of segments (Holm).</p>\n");
      segmentSteps(html, report);
    }
    report.plan().ifPresent(plan -> plan(html, report, plan));
    report.comparison().ifPresent(ab -> comparison(html, report, ab));
    html.append(
            "<h2>Time to convert</h2>\n<div class=\"table\"><table>\n<tr class=\"head\">"
                + "<th>from the step before to</th>")
        .append("<th>subjects</th><th>median</th><th>mean</th><th>p90</th></tr>\n");
    for (int i = 1; i < report.stepNames().size(); i++) {
      timeRow(html, report.stepName(i + 1), report.timeToStep().get(i).orElseThrow());
    }
    timeRow(html, "end to end", report.endToEnd());
    html.append("</table></div>\n<div class=\"grid\">\n");
    for (int i = 1; i < report.stepNames().size(); i++) {
      DurationStats stats = report.timeToStep().get(i).orElseThrow();
      if (!stats.isEmpty()) {
        html.append("<div>")
            .append(DetailCharts.histogram("time to " + report.stepName(i + 1), stats))
            .append("</div>\n");
      }
    }
    html.append("</div>\n");
    details(html, report);
    return html.append("</body>\n</html>\n").toString();
  }

  /**
   * A chart drawn twice, for a wide screen and for a phone, the page showing the one that fits:
   * scaled down to a phone's width, the wide one's text would be too small to read.
   */
  private static void responsive(StringBuilder html, String wide, String narrow) {
    html.append("<div class=\"wide\">\n")
        .append(wide)
        .append("</div>\n<div class=\"narrow\">\n")
        .append(narrow)
        .append("</div>\n");
  }

  private static void details(StringBuilder html, FunnelReport report) {
    ReportDetails details = report.details();
    details
        .missing()
        .ifPresent(
            why ->
                html.append("<p class=\"note\">No curve, cohorts or correlations: ")
                    .append(escape(why))
                    .append(".</p>\n"));
    details
        .curve()
        .ifPresent(
            curve -> {
              html.append("<h2>").append(escape(curve.title())).append("</h2>\n");
              responsive(
                  html,
                  DetailCharts.curve(curve, DetailCharts.WIDE),
                  DetailCharts.curve(curve, DetailCharts.NARROW));
              html.append("<p>")
                  .append(escape(TextReport.median(curve)))
                  .append(".</p>\n<p class=\"note\">")
                  .append(escape(curve.method()))
                  .append(".</p>\n");
            });
    details.bySegment().ifPresent(test -> logRank(html, report, test));
    if (!details.cohorts().isEmpty()) {
      html.append(
              "<h2>Conversion by entry cohort</h2>\n<div class=\"table\"><table>\n<tr"
                  + " class=\"head\"><th>entered in the ")
          .append(details.cohorts().get(0).period())
          .append(" of</th><th>subjects</th><th>converted</th><th>95 % interval</th>")
          .append("<th>still open</th></tr>\n");
      for (ReportDetails.Cohort cohort : details.cohorts()) {
        html.append("<tr>");
        cell(html, cohort.period() + " of", cohort.start().toString());
        cell(html, "subjects", String.format(Locale.ROOT, "%,d", cohort.converted().trials()));
        cell(html, "converted", TextReport.percent(cohort.converted()));
        cell(html, "95 % interval", interval(cohort.converted()));
        cell(html, "still open", String.format(Locale.ROOT, "%,d", cohort.open()));
        html.append("</tr>\n");
      }
      html.append("</table></div>\n");
      responsive(
          html,
          DetailCharts.cohorts(details.cohorts(), DetailCharts.WIDE),
          DetailCharts.cohorts(details.cohorts(), DetailCharts.NARROW));
      html.append(
          "<p class=\"note\">Each point is a cohort's share converted, its bar the 95 % interval."
              + " A young cohort has had less time: one with subjects still open (hollow) may yet"
              + " rise.</p>\n");
    }
    details.correlations().ifPresent(c -> correlations(html, c));
  }

  /**
   * Each segment's rate into each step, marked where it differs from the other segments' at α =
   * 0.05 after Holm's correction across every cell of the table.
   */
  private static void segmentSteps(StringBuilder html, FunnelReport report) {
    if (report.segmentSteps().isEmpty()) {
      return;
    }
    String column = report.segmentColumn().orElseThrow();
    html.append("<div class=\"table\"><table>\n<tr class=\"head\"><th>")
        .append(escape(column))
        .append("</th>");
    for (int step = 2; step <= report.stepNames().size(); step++) {
      html.append("<th>").append(escape(report.stepName(step))).append("</th>");
    }
    html.append("</tr>\n");
    int cells = 0;
    for (Map.Entry<String, FunnelComparison> e : report.segmentSteps().entrySet()) {
      html.append("<tr>");
      cell(html, column, e.getKey());
      for (FunnelComparison.StepVerdict step : e.getValue().steps()) {
        Verdict v = step.verdict();
        String mark = !step.isSignificant() ? "" : v.difference() > 0 ? " ▲" : " ▼";
        cell(
            html,
            report.stepName(report.conversion().counts().numberOf(step.step())),
            String.format(Locale.ROOT, "%.1f %%%s", 100 * v.rateB(), mark));
        cells++;
      }
      html.append("</tr>\n");
    }
    html.append("</table></div>\n")
        .append(
            String.format(
                Locale.ROOT,
                "<p class=\"note\">Each step's rate from the step before. ▲ or ▼: above or below"
                    + " the other segments' together at α = 0.05, with Holm's correction across"
                    + " all %d cells.</p>\n",
                cells));
  }

  private static void plan(StringBuilder html, FunnelReport report, BackwardPlan plan) {
    html.append(
        "<h2>Plan</h2>\n<div class=\"table\"><table>\n<tr class=\"head\"><th>step</th>"
            + "<th>needed</th><th>95 % range</th></tr>\n");
    for (BackwardPlan.Row row : plan.rows()) {
      html.append("<tr>");
      cell(html, "step", report.stepName(report.conversion().counts().numberOf(row.step())));
      cell(html, "needed", String.format(Locale.ROOT, "%,d", row.needed()));
      cell(
          html,
          "95 % range",
          String.format(Locale.ROOT, "%,d–%,d", row.neededOptimistic(), row.neededPessimistic()));
      html.append("</tr>\n");
    }
    html.append(
        "</table></div>\n<p class=\"note\">At the observed rates; the range is the target over"
            + " the 95 % interval of the one rate from each step to the last, not every step's"
            + " rate at its bound at once.</p>\n");
  }

  private static void comparison(StringBuilder html, FunnelReport report, AbComparison ab) {
    html.append("<h2>A/B: ")
        .append(escape(ab.b()))
        .append(" against ")
        .append(escape(ab.a()))
        .append("</h2>\n<div class=\"table\"><table>\n<tr class=\"head\"><th>step</th><th>")
        .append(escape(ab.a()))
        .append(" (A)</th><th>")
        .append(escape(ab.b()))
        .append(" (B)</th><th>B − A, 95 % interval</th><th>p (Holm)</th></tr>\n");
    for (FunnelComparison.StepVerdict step : ab.steps().steps()) {
      abRow(
          html,
          ab,
          report.stepName(report.conversion().counts().numberOf(step.step())),
          step.verdict(),
          step.adjustedPValue());
    }
    abRow(html, ab, "overall", ab.steps().overall(), ab.steps().overall().pValue());
    html.append("</table></div>\n<ul>\n");
    for (String line : AbComparison.summary(ab)) {
      html.append("<li>").append(escape(line)).append("</li>\n");
    }
    html.append("</ul>\n");
  }

  private static void abRow(
      StringBuilder html, AbComparison ab, String step, Verdict v, double pValue) {
    html.append("<tr>");
    cell(html, "step", step);
    cell(html, ab.a() + " (A)", String.format(Locale.ROOT, "%.1f %%", 100 * v.rateA()));
    cell(html, ab.b() + " (B)", String.format(Locale.ROOT, "%.1f %%", 100 * v.rateB()));
    cell(html, "B − A, 95 % interval", TextReport.points(v.difference(), v.lower(), v.upper()));
    cell(html, "p (Holm)", pValue(pValue));
    html.append("</tr>\n");
  }

  private static void logRank(StringBuilder html, FunnelReport report, LogRankTest test) {
    String column = report.segmentColumn().orElseThrow();
    html.append("<h3>Time to convert by ")
        .append(escape(column))
        .append("</h3>\n<div class=\"table\"><table>\n<tr class=\"head\"><th>")
        .append(escape(column))
        .append("</th><th>converted</th><th>expected if alike</th></tr>\n");
    for (String group : test.groups()) {
      html.append("<tr>");
      cell(html, column, group);
      cell(html, "converted", String.format(Locale.ROOT, "%,d", test.observed().get(group)));
      cell(
          html,
          "expected if alike",
          String.format(Locale.ROOT, "%,.1f", test.expected().get(group)));
      html.append("</tr>\n");
    }
    html.append("</table></div>\n")
        .append(
            String.format(
                Locale.ROOT,
                "<p class=\"note\">Log-rank test: χ² = %.1f on %d degrees of freedom, p %s. It"
                    + " asks whether the segments convert at the same pace over time, counting"
                    + " those not yet converted as censored.</p>\n",
                test.chiSquare(),
                test.degreesOfFreedom(),
                pIs(test.pValue())));
  }

  private static void correlations(StringBuilder html, ReportDetails.Correlations c) {
    CorrelationAnalysis analysis = c.analysis();
    html.append("<h2>What goes with converting from ")
        .append(escape(c.from()))
        .append(" to ")
        .append(escape(c.to()))
        .append("</h2>\n");
    List<CorrelationAnalysis.SignalCorrelation> positive = analysis.positive(ReportDetails.SIGNALS);
    List<CorrelationAnalysis.SignalCorrelation> negative = analysis.negative(ReportDetails.SIGNALS);
    if (positive.isEmpty() && negative.isEmpty()) {
      html.append("<p>No signal was seen often enough to compare.</p>\n");
      return;
    }
    html.append(
        "<div class=\"table\"><table>\n<tr class=\"head\"><th>signal</th><th>converted"
            + " with it</th><th>dropped off with it</th><th>odds ratio</th><th>95 % interval</th>"
            + "<th>p (Fisher)</th><th>p (BH)</th></tr>\n");
    for (CorrelationAnalysis.SignalCorrelation signal : positive) {
      signalRow(html, signal);
    }
    for (CorrelationAnalysis.SignalCorrelation signal : negative) {
      if (!positive.contains(signal)) {
        signalRow(html, signal);
      }
    }
    html.append("</table></div>\n")
        .append(
            String.format(
                Locale.ROOT,
                "<p class=\"note\">Of %,d subjects, %,d converted and %,d dropped off. An odds"
                    + " ratio above 1 goes with converting; it is a correlation, not a cause."
                    + " p (BH) is corrected across all %,d signals (Benjamini–Hochberg).%s</p>\n",
                analysis.converted() + analysis.droppedOff(),
                analysis.converted(),
                analysis.droppedOff(),
                analysis.signals().size(),
                analysis.isSkewed()
                    ? " The two groups are more than 10 to 1 apart in size: read with care."
                    : ""));
  }

  private static void signalRow(StringBuilder html, CorrelationAnalysis.SignalCorrelation s) {
    html.append("<tr>");
    cell(html, "signal", s.signal());
    cell(html, "converted with it", String.format(Locale.ROOT, "%,d", s.convertedWith()));
    cell(html, "dropped off with it", String.format(Locale.ROOT, "%,d", s.droppedOffWith()));
    cell(html, "odds ratio", String.format(Locale.ROOT, "%.2f", s.oddsRatio()));
    cell(
        html,
        "95 % interval",
        String.format(
            Locale.ROOT,
            "%.2f–%.2f",
            s.oddsRatioInterval().lower(),
            s.oddsRatioInterval().upper()));
    cell(html, "p (Fisher)", pValue(s.pValue()));
    cell(html, "p (BH)", pValue(s.adjustedPValue()));
    html.append("</tr>\n");
  }

  /** A rate's interval, "27.7–29.8 %"; empty when there was nothing to divide by. */
  static String interval(Proportion p) {
    return p.hasData()
        ? String.format(Locale.ROOT, "%.1f–%.1f %%", 100 * p.lower(), 100 * p.upper())
        : "";
  }

  /** A p-value in a sentence: "p = 0.123", or "p < 0.001", without the "p". */
  static String pIs(double p) {
    return p < 0.001 ? "< 0.001" : "= " + pValue(p);
  }

  /** A p-value as people read them: three decimals, or "&lt; 0.001". */
  static String pValue(double p) {
    return p < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "%.3f", p);
  }

  private static void timeRow(StringBuilder html, String name, DurationStats stats) {
    html.append("<tr>");
    cell(html, "to", name);
    cell(html, "subjects", String.format(Locale.ROOT, "%,d", stats.count()));
    cell(html, "median", stats.median().map(TextReport::human).orElse("-"));
    cell(html, "mean", stats.mean().map(TextReport::human).orElse("-"));
    cell(html, "p90", stats.p90().map(TextReport::human).orElse("-"));
    html.append("</tr>\n");
  }

  /** A cell, with its column's name for the phone layout, where the header row is hidden. */
  private static void cell(StringBuilder html, String label, String text) {
    html.append("<td data-label=\"")
        .append(escape(label))
        .append("\">")
        .append(escape(text))
        .append("</td>");
  }
}
