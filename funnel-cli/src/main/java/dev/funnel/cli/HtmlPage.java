package dev.funnel.cli;

import static dev.funnel.cli.SvgChart.escape;

import dev.funnel.metrics.ConversionReport;
import dev.funnel.metrics.DurationStats;
import dev.funnel.metrics.StepConversion;
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
                + "td:empty{display:none}}\n")
        .append("</style>\n</head>\n<body>\n");
    html.append("<p>").append(escape(report.summary())).append("</p>\n");
    if (!report.notes().isEmpty()) {
      html.append("<ul>\n");
      report.notes().forEach(n -> html.append("<li>").append(escape(n)).append("</li>\n"));
      html.append("</ul>\n");
    }
    html.append(svg);

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
      cell(
          html,
          "95 % interval",
          step.number() == 1 || !step.fromPrevious().hasData()
              ? ""
              : String.format(
                  Locale.ROOT,
                  "%.1f–%.1f %%",
                  100 * step.fromPrevious().lower(),
                  100 * step.fromPrevious().upper()));
      cell(
          html,
          "lost",
          step.number() == 1 ? "" : String.format(Locale.ROOT, "%,d", step.dropOff()));
      html.append("</tr>\n");
    }
    html.append("</table></div>\n");

    html.append(
            "<h2>Time to convert</h2>\n<div class=\"table\"><table>\n<tr class=\"head\">"
                + "<th>from the step before to</th>")
        .append("<th>subjects</th><th>median</th><th>mean</th><th>p90</th></tr>\n");
    for (int i = 1; i < report.stepNames().size(); i++) {
      timeRow(html, report.stepName(i + 1), report.timeToStep().get(i).orElseThrow());
    }
    timeRow(html, "end to end", report.endToEnd());
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
          .append("</th><th>overall</th></tr>\n");
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
        html.append("</tr>\n");
      }
      html.append("</table></div>\n");
    }
    return html.append("</body>\n</html>\n").toString();
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
