package dev.funnel.cli;

import static dev.funnel.cli.SvgChart.escape;
import static java.util.Objects.requireNonNull;

import dev.funnel.metrics.ConversionReport;
import dev.funnel.metrics.DurationStats;
import dev.funnel.metrics.FunnelCounts;
import dev.funnel.metrics.Proportion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The page's smaller SVG charts: the breakdown as one series per segment, a step's time-to-convert
 * histogram, and a curve over time with its band. Like {@link SvgChart}: no scripts, fonts or
 * links; every label placed so that none can overlap another (the browser test measures it).
 */
final class DetailCharts {
  private DetailCharts() {}

  /** The series' colours (Tableau 10); the segment of the rest, "Other", is grey. */
  private static final List<String> PALETTE =
      List.of(
          "#4C78A8", "#F58518", "#54A24B", "#E45756", "#72B7B7", "#B279A2", "#EECA3B", "#9D755D",
          "#FF9DA6");

  private static final String OTHER_COLOUR = "#8C8C8C";

  /** The colour of the whole beside its segments. */
  private static final String WHOLE = "#333333";

  private static final String AXIS = "#999999";
  private static final String MUTED = "#555555";

  static String colour(String series, int index) {
    return series.equals(FunnelReport.OTHER) ? OTHER_COLOUR : PALETTE.get(index % PALETTE.size());
  }

  /** The most segments a chart draws as lines of their own; the rest are drawn as "Other". */
  static final int MAX_SERIES = 8;

  /**
   * The segments as a chart draws them: the {@value #MAX_SERIES} largest (the breakdown is largest
   * first), and the rest summed as {@link FunnelReport#OTHER}, since more lines than colours tell
   * nothing apart. The tables keep every segment.
   */
  static List<Map.Entry<String, ConversionReport>> charted(
      List<Map.Entry<String, ConversionReport>> segments) {
    List<Map.Entry<String, ConversionReport>> named =
        segments.stream().filter(e -> !e.getKey().equals(FunnelReport.OTHER)).toList();
    if (named.size() <= MAX_SERIES) {
      return segments;
    }
    List<Map.Entry<String, ConversionReport>> kept = new ArrayList<>(named.subList(0, MAX_SERIES));
    FunnelCounts rest = null;
    for (Map.Entry<String, ConversionReport> e : segments) {
      if (!kept.contains(e)) {
        rest = rest == null ? e.getValue().counts() : rest.plus(e.getValue().counts());
      }
    }
    kept.add(Map.entry(FunnelReport.OTHER, ConversionReport.of(requireNonNull(rest))));
    return kept;
  }

  /** The width of a chart for a wide screen, and of one for a phone, drawn at about its size. */
  static final int WIDE = 640;

  static final int NARROW = 360;

  private static final int LEFT = 56;
  private static final int RIGHT = 24;

  /**
   * The breakdown as series: for each segment, the share of its subjects at the top step that
   * reached each step, one line per segment, with a legend of each segment's overall rate.
   */
  static String segments(FunnelReport report, int width) {
    List<Map.Entry<String, ConversionReport>> segments = charted(report.segments());
    int plot = width - LEFT - RIGHT;
    int steps = report.stepNames().size();
    double spacing = (double) plot / Math.max(1, steps - 1);
    // A middle label reaches half its width toward each neighbour, an end label its whole width
    // inward: labels of at most two thirds of the spacing never meet. Where names do not fit
    // (a phone), the axis has the steps' numbers and a key below names them.
    int labelChars = Math.max(4, (int) ((spacing - 6) / 1.5 / (12 * 0.6)));
    boolean numbered = labelChars < 9;
    int labelLines = numbered ? 1 : 0;
    for (String name : report.stepNames()) {
      labelLines =
          Math.max(labelLines, numbered ? 1 : Math.min(2, SvgChart.wrap(name, labelChars).size()));
    }
    int top = 24;
    int plotHeight = 200;
    int axis = top + plotHeight;
    int keyTop = axis + 22 + labelLines * 15 + 10;
    int legendTop = keyTop + (numbered ? steps * 17 : 0);
    int height = legendTop + segments.size() * 18 + 8;
    StringBuilder svg = open(width, height, "Conversion by segment and step");
    yAxis(svg, top, plotHeight, 1.0, plot);
    for (int i = 0; i < steps; i++) {
      double x = steps == 1 ? LEFT + plot / 2.0 : LEFT + i * spacing;
      String anchor = i == 0 ? "start" : i == steps - 1 ? "end" : "middle";
      if (numbered) {
        text(svg, x, axis + 18, 12, MUTED, anchor, Integer.toString(i + 1));
        text(
            svg,
            LEFT,
            keyTop + i * 17,
            12,
            MUTED,
            "start",
            fit((i + 1) + "  " + report.stepName(i + 1), (int) (plot / (12 * 0.6))));
        continue;
      }
      List<String> lines = SvgChart.wrap(report.stepName(i + 1), labelChars);
      for (int line = 0; line < Math.min(2, lines.size()); line++) {
        String text =
            line == 1 && lines.size() > 2 ? fit(lines.get(1) + " …", labelChars) : lines.get(line);
        text(svg, x, axis + 18 + line * 15, 12, MUTED, anchor, text);
      }
    }
    for (int s = 0; s < segments.size(); s++) {
      Map.Entry<String, ConversionReport> segment = segments.get(s);
      String colour = colour(segment.getKey(), s);
      StringBuilder points = new StringBuilder();
      StringBuilder markers = new StringBuilder();
      for (int i = 0; i < steps; i++) {
        Proportion share = segment.getValue().steps().get(i).fromFirst();
        if (share.value().isEmpty()) {
          continue;
        }
        double x = steps == 1 ? LEFT + plot / 2.0 : LEFT + i * spacing;
        double y = axis - share.value().getAsDouble() * plotHeight;
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        markers.append(
            String.format(
                Locale.ROOT,
                "  <circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>%s, %s: %s</title>"
                    + "</circle>%n",
                x,
                y,
                colour,
                escape(segment.getKey()),
                escape(report.stepName(i + 1)),
                TextReport.percent(share)));
      }
      svg.append(
              String.format(
                  Locale.ROOT,
                  "  <polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
                  points.toString().strip(),
                  colour,
                  segment.getKey().equals(FunnelReport.OTHER) ? " stroke-dasharray=\"5 3\"" : ""))
          .append(markers);
      Proportion overall = segment.getValue().overall();
      legend(
          svg,
          legendTop + s * 18,
          plot,
          colour,
          String.format(
              Locale.ROOT,
              "%s: %s overall [%s] of %,d",
              segment.getKey(),
              TextReport.percent(overall),
              HtmlPage.interval(overall),
              overall.trials()));
    }
    return svg.append("</svg>\n").toString();
  }

  /**
   * The durations of one step as a histogram: of equal-width bins, or, where the longest is more
   * than {@value #LOG_SPREAD} times the shortest (minutes to days, say), of bins each the same
   * factor wider than the last, drawn side by side: a time axis on a log scale.
   */
  static String histogram(String title, DurationStats stats) {
    int width = 320;
    int left = 12;
    int plotWidth = width - 2 * left;
    int top = 40;
    int plotHeight = 90;
    int height = top + plotHeight + 36;
    long shortest = Math.max(1, stats.min().orElseThrow().toMillis());
    boolean log = stats.max().orElseThrow().toMillis() > LOG_SPREAD * shortest;
    String heading = log ? title + ", log scale" : title;
    StringBuilder svg = open(width, height, heading);
    text(svg, left, 18, 13, "#222222", "start", fit(heading, (int) (plotWidth / (13 * 0.6))));
    List<DurationStats.HistogramBin> bins =
        log ? stats.logHistogram(HISTOGRAM_BINS) : stats.histogram(HISTOGRAM_BINS);
    long most = bins.stream().mapToLong(DurationStats.HistogramBin::count).max().orElse(1);
    double barWidth = (double) plotWidth / bins.size();
    for (int i = 0; i < bins.size(); i++) {
      DurationStats.HistogramBin bin = bins.get(i);
      double h = (double) plotHeight * bin.count() / most;
      svg.append(
          String.format(
              Locale.ROOT,
              "  <rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                  + "<title>%s to %s: %,d</title></rect>%n",
              left + i * barWidth + 0.5,
              top + plotHeight - h,
              Math.max(0.5, barWidth - 1),
              h,
              SvgChart.BAR,
              TextReport.human(bin.from()),
              TextReport.human(bin.to()),
              bin.count()));
    }
    line(svg, left, top + plotHeight, left + plotWidth, top + plotHeight);
    text(svg, left + plotWidth, top - 6, 11, MUTED, "end", String.format(Locale.ROOT, "%,d", most));
    int axisText = top + plotHeight + 16;
    text(svg, left, axisText, 11, MUTED, "start", TextReport.human(bins.get(0).from()));
    text(
        svg,
        left + plotWidth,
        axisText,
        11,
        MUTED,
        "end",
        TextReport.human(bins.get(bins.size() - 1).to()));
    text(
        svg,
        left + plotWidth / 2.0,
        axisText + 16,
        11,
        MUTED,
        "middle",
        stats.median().map(m -> "median " + TextReport.human(m)).orElse(""));
    return svg.append("</svg>\n").toString();
  }

  /**
   * Each entry cohort's conversion as a point with its interval as a bar, oldest first; a cohort
   * with subjects still open is drawn hollow, since it may yet rise.
   */
  static String cohorts(List<ReportDetails.Cohort> cohorts, int width) {
    int plot = width - LEFT - RIGHT;
    double highest = 0;
    for (ReportDetails.Cohort c : cohorts) {
      if (c.converted().hasData()) {
        highest = Math.max(highest, c.converted().upper());
      }
    }
    double yMax = scale(highest);
    int top = 24;
    int plotHeight = 160;
    int axis = top + plotHeight;
    int height = axis + 44;
    StringBuilder svg = open(width, height, "Conversion by entry cohort");
    yAxis(svg, top, plotHeight, yMax, plot);
    double spacing = (double) plot / cohorts.size();
    // A date label is about 5 characters of 12 px; label every k-th cohort so that they never meet.
    int every = (int) Math.ceil((5 * 12 * 0.6 + 8) / spacing);
    for (int i = 0; i < cohorts.size(); i++) {
      ReportDetails.Cohort c = cohorts.get(i);
      double x = LEFT + spacing * (i + 0.5);
      if (i % every == 0) {
        text(svg, x, axis + 18, 12, MUTED, "middle", c.start().toString().substring(5));
      }
      if (!c.converted().hasData()) {
        continue;
      }
      double y = axis - c.converted().value().getAsDouble() / yMax * plotHeight;
      double low = axis - bounded(c.converted().lower(), yMax) / yMax * plotHeight;
      double high = axis - bounded(c.converted().upper(), yMax) / yMax * plotHeight;
      svg.append(
          String.format(
              Locale.ROOT,
              "  <line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
                  + " stroke-width=\"2\"/>%n"
                  + "  <circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\" stroke=\"%s\""
                  + " stroke-width=\"2\"><title>%s %s: %s of %,d [%s]%s</title></circle>%n",
              x,
              low,
              x,
              high,
              SvgChart.BAR,
              x,
              y,
              c.open() > 0 ? "#FFFFFF" : SvgChart.BAR,
              SvgChart.BAR,
              c.period(),
              c.start(),
              TextReport.percent(c.converted()),
              c.converted().trials(),
              HtmlPage.interval(c.converted()),
              c.open() > 0 ? String.format(Locale.ROOT, ", %,d still open", c.open()) : ""));
    }
    text(
        svg,
        LEFT + plot / 2.0,
        axis + 36,
        12,
        MUTED,
        "middle",
        "entered in the " + cohorts.get(0).period() + " of");
    return svg.append("</svg>\n").toString();
  }

  /** How many times the shortest duration the longest must be for a log-scale histogram. */
  static final long LOG_SPREAD = 100;

  /** How many bins a histogram has: enough to show a shape, few enough to read on a phone. */
  static final int HISTOGRAM_BINS = 16;

  /** A curve over time with its pointwise band, one series per outcome, and a legend. */
  static String curve(ReportDetails.Curve curve, int width) {
    int plot = width - LEFT - RIGHT;
    long longest = 1;
    double highest = 0;
    for (ReportDetails.Series series : curve.series()) {
      for (ReportDetails.CurvePoint p : series.points()) {
        longest = Math.max(longest, p.time().toMillis());
        double top = series.band() ? p.upper() : p.value();
        if (Double.isFinite(top)) {
          highest = Math.max(highest, top);
        }
      }
    }
    double yMax = scale(highest);
    int top = 24;
    int plotHeight = 200;
    int axis = top + plotHeight;
    int legendTop = axis + 58;
    int height = legendTop + curve.series().size() * 18 + 8;
    StringBuilder svg = open(width, height, curve.title());
    yAxis(svg, top, plotHeight, yMax, plot);
    for (int tick = 0; tick <= 4; tick++) {
      double x = LEFT + plot * tick / 4.0;
      String anchor = tick == 0 ? "start" : tick == 4 ? "end" : "middle";
      text(
          svg,
          x,
          axis + 18,
          12,
          MUTED,
          anchor,
          TextReport.human(Duration.ofMillis(Math.round(longest * tick / 4.0))));
    }
    text(svg, LEFT + plot / 2.0, axis + 34, 12, MUTED, "middle", "time since entry");
    // The whole beside its segments is drawn dark, the segments in the breakdown's colours.
    boolean whole =
        curve.series().size() > 1 && curve.series().get(0).band() && !curve.series().get(1).band();
    for (int s = 0; s < curve.series().size(); s++) {
      ReportDetails.Series series = curve.series().get(s);
      String colour = whole && s == 0 ? WHOLE : colour(series.name(), whole ? s - 1 : s);
      // One step per half pixel at most: a curve of a million subjects has as many steps as
      // conversion times, and the later step of two that fall together is the one that shows.
      List<double[]> steps = new ArrayList<>();
      for (ReportDetails.CurvePoint p : series.points()) {
        double[] step = {
          LEFT + (double) plot * p.time().toMillis() / longest,
          axis - p.value() / yMax * plotHeight,
          axis - bounded(p.upper(), yMax) / yMax * plotHeight,
          axis - bounded(p.lower(), yMax) / yMax * plotHeight
        };
        if (!steps.isEmpty() && step[0] - steps.get(steps.size() - 1)[0] < 0.5) {
          steps.set(steps.size() - 1, step);
        } else {
          steps.add(step);
        }
      }
      double end = LEFT + plot;
      StringBuilder path = new StringBuilder(String.format(Locale.ROOT, "M%d,%d", LEFT, axis));
      StringBuilder upper = new StringBuilder(String.format(Locale.ROOT, "%d,%d ", LEFT, axis));
      double previousUpper = axis;
      for (double[] step : steps) {
        path.append(String.format(Locale.ROOT, " H%.1f V%.1f", step[0], step[1]));
        upper.append(
            String.format(
                Locale.ROOT, "%.1f,%.1f %.1f,%.1f ", step[0], previousUpper, step[0], step[2]));
        previousUpper = step[2];
      }
      path.append(String.format(Locale.ROOT, " H%.1f", end));
      upper.append(String.format(Locale.ROOT, "%.1f,%.1f ", end, previousUpper));
      // Back along the lower limit, from the end to the start.
      StringBuilder lower = new StringBuilder();
      lower.append(
          String.format(
              Locale.ROOT,
              "%.1f,%.1f ",
              end,
              steps.isEmpty() ? axis : steps.get(steps.size() - 1)[3]));
      for (int i = steps.size() - 1; i >= 0; i--) {
        double before = i == 0 ? axis : steps.get(i - 1)[3];
        lower.append(
            String.format(
                Locale.ROOT,
                "%.1f,%.1f %.1f,%.1f ",
                steps.get(i)[0],
                steps.get(i)[3],
                steps.get(i)[0],
                before));
      }
      if (series.band()) {
        svg.append(
            String.format(
                Locale.ROOT,
                "  <polygon points=\"%s%s%d,%d\" fill=\"%s\" fill-opacity=\"0.18\"/>%n",
                upper,
                lower,
                LEFT,
                axis,
                colour));
      }
      svg.append(
          String.format(
              Locale.ROOT,
              "  <path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
              path,
              colour));
      String last =
          series.points().isEmpty()
              ? "none"
              : String.format(
                  Locale.ROOT,
                  "%.1f %% [%.1f, %.1f] by %s",
                  100 * series.points().get(series.points().size() - 1).value(),
                  100 * series.points().get(series.points().size() - 1).lower(),
                  100 * series.points().get(series.points().size() - 1).upper(),
                  TextReport.human(series.points().get(series.points().size() - 1).time()));
      legend(svg, legendTop + s * 18, plot, colour, series.name() + ": " + last);
    }
    return svg.append("</svg>\n").toString();
  }

  /**
   * The top of a share axis: the first of 5 %, 10 %, 20 %, 25 %, 50 % and 100 % above {@code
   * highest}.
   */
  private static double scale(double highest) {
    for (double top : new double[] {0.05, 0.1, 0.2, 0.25, 0.5}) {
      if (highest <= top) {
        return top;
      }
    }
    return 1.0;
  }

  private static double bounded(double value, double yMax) {
    return Double.isFinite(value) ? Math.min(Math.max(value, 0), yMax) : yMax;
  }

  private static StringBuilder open(int width, int height, String title) {
    return new StringBuilder(4096).append(SvgChart.start(width, height, title));
  }

  private static void yAxis(StringBuilder svg, int top, int plotHeight, double yMax, int plot) {
    for (int tick = 0; tick <= 4; tick++) {
      double y = top + plotHeight - plotHeight * tick / 4.0;
      svg.append(
          String.format(
              Locale.ROOT,
              "  <line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\""
                  + " stroke-width=\"%s\"/>%n",
              LEFT,
              y,
              LEFT + plot,
              y,
              tick == 0 ? AXIS : "#E6E6E6",
              tick == 0 ? "1" : "0.8"));
      text(svg, LEFT - 6, y + 4, 12, MUTED, "end", tickLabel(100 * yMax * tick / 4.0));
    }
  }

  /** A percentage tick, "25 %" or, between whole numbers, "2.5 %". */
  private static String tickLabel(double percent) {
    return String.format(
        Locale.ROOT, percent == Math.rint(percent) ? "%.0f %%" : "%.1f %%", percent);
  }

  private static void legend(StringBuilder svg, double y, int plot, String colour, String label) {
    svg.append(
        String.format(
            Locale.ROOT,
            "  <rect x=\"%d\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
            LEFT,
            y - 10,
            colour));
    text(svg, LEFT + 18, y, 13, "#222222", "start", fit(label, (int) ((plot - 20) / (13 * 0.6))));
  }

  private static void line(StringBuilder svg, double x1, double y1, double x2, double y2) {
    svg.append(
        String.format(
            Locale.ROOT,
            "  <line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>%n",
            x1,
            y1,
            x2,
            y2,
            AXIS));
  }

  /** The text, cut with an ellipsis to at most {@code chars} characters; the tables have it all. */
  static String fit(String text, int chars) {
    return text.length() <= chars ? text : text.substring(0, chars - 1) + "…";
  }

  private static void text(
      StringBuilder svg, double x, double y, int size, String fill, String anchor, String text) {
    svg.append(
        String.format(
            Locale.ROOT,
            "  <text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" fill=\"%s\" text-anchor=\"%s\">%s"
                + "</text>%n",
            x,
            y,
            size,
            fill,
            anchor,
            escape(text)));
  }
}
