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
        .append("</style>\n</head>\n<body>\n");
    html.append("<p>").append(escape(report.summary())).append("</p>\n");
    if (!report.notes().isEmpty()) {
      html.append("<ul>\n");
      report.notes().forEach(n -> html.append("<li>").append(escape(n)).append("</li>\n"));
      html.append("</ul>\n");
    }
    html.append(svg);

    html.append(
            "<h2>Conversion</h2>\n<div class=\"table\"><table>\n<tr><th>step</th><th>subjects</th>")
        .append("<th>of first</th><th>of previous</th><th>95 % interval</th><th>lost</th></tr>\n");
    int bottleneck = report.bottleneck().map(StepConversion::number).orElse(-1);
    for (StepConversion step : report.conversion().steps()) {
      html.append(step.number() == bottleneck ? "<tr class=\"bottleneck\">" : "<tr>");
      cell(
          html,
          report.stepName(step.number()) + (step.number() == bottleneck ? " (bottleneck)" : ""));
      cell(html, String.format(Locale.ROOT, "%,d", step.count()));
      cell(html, TextReport.percent(step.fromFirst()));
      cell(html, step.number() == 1 ? "" : TextReport.percent(step.fromPrevious()));
      cell(
          html,
          step.number() == 1 || !step.fromPrevious().hasData()
              ? ""
              : String.format(
                  Locale.ROOT,
                  "%.1f–%.1f %%",
                  100 * step.fromPrevious().lower(),
                  100 * step.fromPrevious().upper()));
      cell(html, step.number() == 1 ? "" : String.format(Locale.ROOT, "%,d", step.dropOff()));
      html.append("</tr>\n");
    }
    html.append("</table></div>\n");

    html.append(
            "<h2>Time to convert</h2>\n<div class=\"table\"><table>\n<tr><th>from the step before to</th>")
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
          .append("</h2>\n<div class=\"table\"><table>\n<tr><th>")
          .append(escape(report.segmentColumn().orElseThrow()))
          .append("</th><th>")
          .append(escape(report.stepName(1)))
          .append("</th><th>")
          .append(escape(report.stepName(last)))
          .append("</th><th>overall</th></tr>\n");
      for (Map.Entry<String, ConversionReport> e : report.segments()) {
        html.append("<tr>");
        cell(html, e.getKey());
        cell(html, String.format(Locale.ROOT, "%,d", e.getValue().counts().reached(1)));
        cell(html, String.format(Locale.ROOT, "%,d", e.getValue().counts().reached(last)));
        cell(html, TextReport.percent(e.getValue().overall()));
        html.append("</tr>\n");
      }
      html.append("</table></div>\n");
    }
    return html.append("</body>\n</html>\n").toString();
  }

  private static void timeRow(StringBuilder html, String name, DurationStats stats) {
    html.append("<tr>");
    cell(html, name);
    cell(html, String.format(Locale.ROOT, "%,d", stats.count()));
    cell(html, stats.median().map(TextReport::human).orElse("-"));
    cell(html, stats.mean().map(TextReport::human).orElse("-"));
    cell(html, stats.p90().map(TextReport::human).orElse("-"));
    html.append("</tr>\n");
  }

  private static void cell(StringBuilder html, String text) {
    html.append("<td>").append(escape(text)).append("</td>");
  }
}
