package dev.funnel.cli;

import dev.funnel.metrics.StepConversion;
import java.util.List;
import java.util.Locale;

/**
 * Draws a {@link FunnelReport} as a self-contained SVG funnel: one bar per step, as wide as its
 * count, with its count and conversion, joined to the next by a band that shows the share kept; the
 * bottleneck's bar and band are drawn in red. No scripts, fonts or links: the file renders the same
 * in a browser, an image viewer or a README.
 */
final class SvgChart {
  static final String BAR = "#4C78A8";
  static final String BOTTLENECK = "#D62728";
  private static final String BAND = "#C9D6E6";
  private static final String BOTTLENECK_BAND = "#F4B6B6";

  private static final int WIDTH = 760;
  private static final int LABELS = 250;
  private static final int BAR_AREA = WIDTH - LABELS - 90;
  private static final int CENTER = LABELS + BAR_AREA / 2;
  private static final int TOP = 78;
  private static final int BAR_HEIGHT = 38;
  private static final int GAP = 26;

  private SvgChart() {}

  static String render(FunnelReport report) {
    List<StepConversion> steps = report.conversion().steps();
    int bottleneck = report.bottleneck().map(StepConversion::number).orElse(-1);
    long top = Math.max(1, steps.get(0).count());
    int height = TOP + steps.size() * (BAR_HEIGHT + GAP) + 40;
    StringBuilder svg = new StringBuilder(4096);
    svg.append(
            String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0"
                    + " %d %d\" font-family=\"Helvetica, Arial, sans-serif\" role=\"img\""
                    + " aria-labelledby=\"funnel-title\">%n",
                WIDTH,
                height,
                WIDTH,
                height))
        .append("  <title id=\"funnel-title\">")
        .append(escape(report.title()))
        .append(" — conversion by step</title>\n")
        .append("  <rect width=\"100%\" height=\"100%\" fill=\"#FFFFFF\"/>\n");
    text(svg, 20, 32, 20, "bold", "#222222", "start", report.title());
    text(
        svg,
        20,
        54,
        13,
        "normal",
        "#555555",
        "start",
        "overall "
            + TextReport.percent(report.conversion().overall())
            + " from '"
            + report.stepName(1)
            + "' to '"
            + report.stepName(steps.size())
            + "'");

    for (StepConversion step : steps) {
      int i = step.number() - 1;
      double width = barWidth(step.count(), top);
      double y = TOP + i * (BAR_HEIGHT + GAP);
      boolean isBottleneck = step.number() == bottleneck;
      if (i > 0) {
        double previous = barWidth(steps.get(i - 1).count(), top);
        double bandTop = y - GAP;
        svg.append(
            String.format(
                Locale.ROOT,
                "  <polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"%s\"/>%n",
                CENTER - previous / 2,
                bandTop,
                CENTER + previous / 2,
                bandTop,
                CENTER + width / 2,
                y,
                CENTER - width / 2,
                y,
                isBottleneck ? BOTTLENECK_BAND : BAND));
        text(
            svg,
            WIDTH - 12,
            bandTop + GAP / 2.0 + 4,
            12,
            isBottleneck ? "bold" : "normal",
            isBottleneck ? BOTTLENECK : "#555555",
            "end",
            "→ " + TextReport.percent(step.fromPrevious()));
      }
      svg.append(
          String.format(
              Locale.ROOT,
              "  <rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" rx=\"3\" fill=\"%s\">"
                  + "<title>%s: %,d (%s of previous)</title></rect>%n",
              CENTER - width / 2,
              y,
              width,
              BAR_HEIGHT,
              isBottleneck ? BOTTLENECK : BAR,
              escape(report.stepName(step.number())),
              step.count(),
              i == 0 ? "100.0 %" : TextReport.percent(step.fromPrevious())));
      text(
          svg,
          20,
          y + 16,
          14,
          "bold",
          isBottleneck ? BOTTLENECK : "#222222",
          "start",
          report.stepName(step.number()) + (isBottleneck ? "  (bottleneck)" : ""));
      text(
          svg,
          20,
          y + 33,
          12,
          "normal",
          "#555555",
          "start",
          String.format(
              Locale.ROOT,
              "%,d · %s of first",
              step.count(),
              TextReport.percent(step.fromFirst())));
    }

    report
        .bottleneck()
        .ifPresent(
            b ->
                text(
                    svg,
                    20,
                    height - 16,
                    12,
                    "normal",
                    BOTTLENECK,
                    "start",
                    String.format(
                        Locale.ROOT,
                        "Bottleneck: '%s' keeps %s of '%s' (%,d lost)",
                        report.stepName(b.number()),
                        TextReport.percent(b.fromPrevious()),
                        report.stepName(b.number() - 1),
                        b.dropOff())));
    return svg.append("</svg>\n").toString();
  }

  private static double barWidth(long count, long top) {
    return count == 0 ? 0 : Math.max(2.0, (double) BAR_AREA * count / top);
  }

  private static void text(
      StringBuilder svg,
      double x,
      double y,
      int size,
      String weight,
      String fill,
      String anchor,
      String content) {
    svg.append(
        String.format(
            Locale.ROOT,
            "  <text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" font-weight=\"%s\" fill=\"%s\""
                + " text-anchor=\"%s\">%s</text>%n",
            x,
            y,
            size,
            weight,
            fill,
            anchor,
            escape(content)));
  }

  /** Escapes text for XML content and attribute values. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          // XML 1.0 forbids most control characters even when escaped: drop them visibly.
          if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            out.append('\uFFFD');
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
