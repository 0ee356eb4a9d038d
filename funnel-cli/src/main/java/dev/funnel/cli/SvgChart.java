package dev.funnel.cli;

import com.google.common.base.Splitter;
import dev.funnel.metrics.StepConversion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws a {@link FunnelReport} as a self-contained SVG funnel: one bar per step, as wide as its
 * count, with its count and conversion, in front of a grey bar as wide as the step before (the part
 * that dropped off), joined to the next by a band that shows the share kept; the bottleneck's bar
 * and band are drawn in red. No scripts, fonts or links: the file renders the same in a browser, an
 * image viewer or a README.
 */
final class SvgChart {
  static final String BAR = "#4C78A8";
  static final String BOTTLENECK = "#D62728";
  private static final String BAND = "#C9D6E6";
  private static final String BOTTLENECK_BAND = "#F4B6B6";

  /** The part of a bar the step lost: as wide as the step before, behind the bar that kept. */
  static final String DROPPED = "#E4E4E4";

  private static final int WIDTH = 760;
  private static final int LABELS = 250;
  private static final int BAR_AREA = WIDTH - LABELS - 90;
  private static final int CENTER = LABELS + BAR_AREA / 2;
  private static final int BAR_HEIGHT = 38;
  private static final int GAP = 26;
  private static final int NAME_LINE = 17;

  /**
   * How many characters fit on a line: the title across the chart, a step's name in the label
   * column left of the bars, the subtitle and footer across the chart. There are no fonts to
   * measure with in a file that has to render anywhere, so a character is taken as 0.6 of the font
   * size, about the widest average advance of Helvetica and Arial (bold), and lines err on the
   * short side.
   */
  static final int TITLE_CHARS = fitting(WIDTH - 40, 20);

  static final int NAME_CHARS = fitting(LABELS - 30, 14);
  static final int SUBTITLE_CHARS = fitting(WIDTH - 40, 13);
  static final int FOOTER_CHARS = fitting(WIDTH - 40, 12);

  private static int fitting(int pixels, int fontSize) {
    return pixels * 10 / (fontSize * 6);
  }

  /** A step's bar is at least this wide when anyone reached it, so that a step under 1 % shows. */
  static final double MIN_BAR = 4.0;

  private SvgChart() {}

  static String render(FunnelReport report) {
    List<StepConversion> steps = report.conversion().steps();
    int bottleneck = report.bottleneck().map(StepConversion::number).orElse(-1);
    long top = Math.max(1, steps.get(0).count());
    List<String> title = wrap(report.title(), TITLE_CHARS);
    List<List<String>> names = new ArrayList<>();
    for (StepConversion step : steps) {
      String name =
          report.stepName(step.number()) + (step.number() == bottleneck ? "  (bottleneck)" : "");
      names.add(wrap(name, NAME_CHARS));
    }
    List<String> footer = footer(report, FOOTER_CHARS);
    List<String> subtitle = wrap(subtitle(report), SUBTITLE_CHARS);
    int firstBar = 78 + (title.size() - 1) * 24 + (subtitle.size() - 1) * 16;
    double[] rowTop = new double[steps.size() + 1];
    rowTop[0] = firstBar;
    for (int i = 0; i < steps.size(); i++) {
      rowTop[i + 1] = rowTop[i] + rowHeight(names.get(i).size()) + GAP;
    }
    int height = (int) rowTop[steps.size()] + 14 + footer.size() * 16;
    StringBuilder svg = new StringBuilder(4096);
    svg.append(
            String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0"
                    + " %d %d\" font-family=\"Helvetica, Arial, sans-serif\" role=\"img\""
                    + " aria-labelledby=\"funnel-title\" style=\"max-width:100%%;height:auto\">%n",
                WIDTH,
                height,
                WIDTH,
                height))
        .append("  <title id=\"funnel-title\">")
        .append(escape(report.title()))
        .append(" — conversion by step</title>\n")
        .append("  <rect width=\"100%\" height=\"100%\" fill=\"#FFFFFF\"/>\n");
    for (int line = 0; line < title.size(); line++) {
      text(svg, 20, 32 + line * 24, 20, "bold", "#222222", "start", title.get(line));
    }
    for (int line = 0; line < subtitle.size(); line++) {
      int y = 54 + (title.size() - 1) * 24 + line * 16;
      text(svg, 20, y, 13, "normal", "#555555", "start", subtitle.get(line));
    }

    for (StepConversion step : steps) {
      int i = step.number() - 1;
      double width = barWidth(step.count(), top);
      double y = rowTop[i];
      int rowHeight = rowHeight(names.get(i).size());
      double barY = y + (rowHeight - BAR_HEIGHT) / 2.0;
      boolean isBottleneck = step.number() == bottleneck;
      if (i > 0) {
        double previous = barWidth(steps.get(i - 1).count(), top);
        svg.append(
            String.format(
                Locale.ROOT,
                "  <rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" rx=\"3\" fill=\"%s\">"
                    + "<title>%s: %,d dropped off</title></rect>%n",
                CENTER - previous / 2,
                barY,
                previous,
                BAR_HEIGHT,
                DROPPED,
                escape(report.stepName(step.number())),
                step.dropOff()));
        double previousBottom =
            rowTop[i - 1] + (rowHeight(names.get(i - 1).size()) + BAR_HEIGHT) / 2.0;
        svg.append(
            String.format(
                Locale.ROOT,
                "  <polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"%s\"/>%n",
                CENTER - previous / 2,
                previousBottom,
                CENTER + previous / 2,
                previousBottom,
                CENTER + width / 2,
                barY,
                CENTER - width / 2,
                barY,
                isBottleneck ? BOTTLENECK_BAND : BAND));
        text(
            svg,
            WIDTH - 12,
            (previousBottom + barY) / 2 + 4,
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
              barY,
              width,
              BAR_HEIGHT,
              isBottleneck ? BOTTLENECK : BAR,
              escape(report.stepName(step.number())),
              step.count(),
              i == 0 ? "100.0 %" : TextReport.percent(step.fromPrevious())));
      List<String> name = names.get(i);
      for (int line = 0; line < name.size(); line++) {
        text(
            svg,
            20,
            y + 16 + line * NAME_LINE,
            14,
            "bold",
            isBottleneck ? BOTTLENECK : "#222222",
            "start",
            name.get(line));
      }
      text(
          svg,
          20,
          y + 16 + name.size() * NAME_LINE,
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
    for (int line = 0; line < footer.size(); line++) {
      text(
          svg,
          20,
          rowTop[steps.size()] + 4 + line * 16,
          12,
          "normal",
          BOTTLENECK,
          "start",
          footer.get(line));
    }
    return svg.append("</svg>\n").toString();
  }

  /**
   * How wide the phone chart is: drawn at about the width it is shown at, its text stays legible.
   */
  static final int NARROW_WIDTH = 360;

  /**
   * Draws the funnel for a phone: each step's name and numbers on their own lines above its bar, so
   * that nothing shares a line with the bars and the chart needs no scaling down.
   */
  static String renderNarrow(FunnelReport report) {
    List<StepConversion> steps = report.conversion().steps();
    int bottleneck = report.bottleneck().map(StepConversion::number).orElse(-1);
    long top = Math.max(1, steps.get(0).count());
    int inner = NARROW_WIDTH - 32;
    int barArea = inner;
    int barHeight = 22;
    StringBuilder body = new StringBuilder(4096);
    double y = 16;
    for (String line : wrap(report.title(), fitting(inner, 18))) {
      y += 22;
      text(body, 16, y, 18, "bold", "#222222", "start", line);
    }
    for (String line : wrap(subtitle(report), fitting(inner, 13))) {
      y += 17;
      text(body, 16, y, 13, "normal", "#555555", "start", line);
    }
    y += 10;
    for (StepConversion step : steps) {
      boolean isBottleneck = step.number() == bottleneck;
      String name = report.stepName(step.number()) + (isBottleneck ? "  (bottleneck)" : "");
      for (String line : wrap(name, fitting(inner, 14))) {
        y += 19;
        text(body, 16, y, 14, "bold", isBottleneck ? BOTTLENECK : "#222222", "start", line);
      }
      String numbers =
          String.format(
                  Locale.ROOT,
                  "%,d · %s of first",
                  step.count(),
                  TextReport.percent(step.fromFirst()))
              + (step.number() == 1
                  ? ""
                  : " · " + TextReport.percent(step.fromPrevious()) + " of previous");
      for (String line : wrap(numbers, fitting(inner, 12))) {
        y += 16;
        text(body, 16, y, 12, "normal", isBottleneck ? BOTTLENECK : "#555555", "start", line);
      }
      y += 6;
      double center = NARROW_WIDTH / 2.0;
      double width = count(step.count(), top, barArea);
      if (step.number() > 1) {
        double previous = count(steps.get(step.number() - 2).count(), top, barArea);
        bar(
            body,
            center - previous / 2,
            y,
            previous,
            barHeight,
            DROPPED,
            report.stepName(step.number())
                + String.format(Locale.ROOT, ": %,d dropped off", step.dropOff()));
      }
      bar(
          body,
          center - width / 2,
          y,
          width,
          barHeight,
          isBottleneck ? BOTTLENECK : BAR,
          report.stepName(step.number()) + String.format(Locale.ROOT, ": %,d", step.count()));
      y += barHeight + 6;
    }
    y += 4;
    for (String line : footer(report, fitting(inner, 12))) {
      y += 16;
      text(body, 16, y, 12, "normal", BOTTLENECK, "start", line);
    }
    int height = (int) Math.ceil(y + 12);
    return start(NARROW_WIDTH, height, report.title() + " — conversion by step")
        + "  <rect width=\"100%\" height=\"100%\" fill=\"#FFFFFF\"/>\n"
        + body
        + "</svg>\n";
  }

  /** The line under the title: the overall rate from the first step to the last. */
  private static String subtitle(FunnelReport report) {
    return "overall "
        + TextReport.percent(report.conversion().overall())
        + " from '"
        + report.stepName(1)
        + "' to '"
        + report.stepName(report.stepNames().size())
        + "'";
  }

  /** The lines under the bars: what the bottleneck keeps and loses; none without one. */
  private static List<String> footer(FunnelReport report, int chars) {
    return report
        .bottleneck()
        .map(
            b ->
                wrap(
                    String.format(
                        Locale.ROOT,
                        "Bottleneck: '%s' keeps %s of '%s' (%,d lost)",
                        report.stepName(b.number()),
                        TextReport.percent(b.fromPrevious()),
                        report.stepName(b.number() - 1),
                        b.dropOff()),
                    chars))
        .orElse(List.of());
  }

  /** The opening of a self-contained SVG of the given size, scaling down to fit, with its title. */
  static String start(int width, int height, String title) {
    return String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0"
                + " %d %d\" font-family=\"Helvetica, Arial, sans-serif\" role=\"img\""
                + " style=\"max-width:100%%;height:auto\">%n",
            width,
            height,
            width,
            height)
        + "  <title>"
        + escape(title)
        + "</title>\n";
  }

  private static double count(long count, long top, int area) {
    return count == 0 ? 0 : Math.max(MIN_BAR, (double) area * count / top);
  }

  private static void bar(
      StringBuilder svg, double x, double y, double width, int height, String fill, String title) {
    svg.append(
        String.format(
            Locale.ROOT,
            "  <rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" rx=\"3\" fill=\"%s\">"
                + "<title>%s</title></rect>%n",
            x,
            y,
            width,
            height,
            fill,
            escape(title)));
  }

  /** A step's row: its name's lines and the count below them, or the bar, whichever is taller. */
  private static int rowHeight(int nameLines) {
    return Math.max(BAR_HEIGHT, 4 + nameLines * NAME_LINE + 14);
  }

  private static double barWidth(long count, long top) {
    return count(count, top, BAR_AREA);
  }

  /**
   * Breaks text into lines of at most {@code chars} characters, at spaces where it can and inside a
   * word longer than a line where it must.
   */
  static List<String> wrap(String text, int chars) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : Splitter.on(' ').omitEmptyStrings().split(text)) {
      String rest = word;
      while (!rest.isEmpty()) {
        int room = chars - line.length() - (line.length() > 0 ? 1 : 0);
        if (rest.length() <= room) {
          line.append(line.length() > 0 ? " " : "").append(rest);
          rest = "";
        } else if (line.length() > 0) {
          lines.add(line.toString());
          line.setLength(0);
        } else {
          lines.add(rest.substring(0, chars));
          rest = rest.substring(chars);
        }
      }
    }
    if (line.length() > 0 || lines.isEmpty()) {
      lines.add(line.toString());
    }
    return lines;
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
