package dev.funnel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The command end to end on the bundled sample, its numbers checked against a reference written
 * here from the CSV text alone: for each visitor, every page view is tried as the start of a chain
 * that takes the earliest next step within seven days.
 */
class SampleReportTest {
  private static final List<String> STEPS =
      List.of("page_view", "product_view", "add_to_cart", "begin_checkout", "purchase");
  private static final List<String> NAMES =
      List.of(
          "Visited the shop", "Viewed a product", "Added to cart", "Began checkout", "Purchased");

  @TempDir static Path out;
  static Cli result;
  static long[] reached;
  static Map<String, long[]> reachedBySource;

  @BeforeAll
  static void runOnSample() throws IOException {
    result = Cli.run("report", "--out", out.toString());
    reached = new long[STEPS.size()];
    reachedBySource = new TreeMap<>();
    Map<String, List<String[]>> rowsBySubject = new HashMap<>();
    for (String line : sampleLines().subList(1, sampleLines().size())) {
      String[] f = line.split(",");
      rowsBySubject.computeIfAbsent(f[0], s -> new ArrayList<>()).add(f);
    }
    for (List<String[]> rows : rowsBySubject.values()) {
      int level = level(rows);
      long[] bySource =
          reachedBySource.computeIfAbsent(rows.get(0)[3], s -> new long[STEPS.size()]);
      for (int i = 0; i < level; i++) {
        reached[i]++;
        bySource[i]++;
      }
    }
  }

  private static int level(List<String[]> rows) {
    rows.sort((a, b) -> Instant.parse(a[1]).compareTo(Instant.parse(b[1])));
    int best = 0;
    for (String[] start : rows) {
      if (!start[2].equals(STEPS.get(0))) {
        continue;
      }
      Instant begin = Instant.parse(start[1]);
      Instant deadline = begin.plus(Duration.ofDays(7));
      int level = 1;
      Instant last = begin;
      for (String[] row : rows) {
        Instant t = Instant.parse(row[1]);
        if (level < STEPS.size()
            && row[2].equals(STEPS.get(level))
            && !t.isBefore(last)
            && !t.isAfter(deadline)) {
          level++;
          last = t;
        }
      }
      best = Math.max(best, level);
    }
    return best;
  }

  static List<String> sampleLines() throws IOException {
    try (InputStream in =
        SampleReportTest.class.getResourceAsStream("/dev/funnel/cli/sample/events.csv")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }

  @Test
  void succeedsAndSaysWhereTheChartIs() {
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.err()).isEmpty();
    assertThat(result.out()).contains("Wrote " + out.resolve("funnel.svg"));
  }

  @Test
  void conversionTableHasTheReferenceCountsAndRates() {
    for (int i = 0; i < STEPS.size(); i++) {
      String row = lineStartingWith(NAMES.get(i));
      assertThat(row).contains(String.format(Locale.ROOT, "%,d", reached[i]));
      assertThat(row)
          .contains(String.format(Locale.ROOT, "%.1f %%", 100.0 * reached[i] / reached[0]));
      if (i > 0) {
        assertThat(row)
            .contains(String.format(Locale.ROOT, "%.1f %%", 100.0 * reached[i] / reached[i - 1]));
      }
    }
  }

  @Test
  void namesTheStepWithTheLowestRateAsTheBottleneck() {
    int lowest = 1;
    for (int i = 2; i < STEPS.size(); i++) {
      if ((double) reached[i] / reached[i - 1] < (double) reached[lowest] / reached[lowest - 1]) {
        lowest = i;
      }
    }
    assertThat(lineStartingWith(NAMES.get(lowest))).endsWith("◀ bottleneck");
    assertThat(result.out())
        .contains(
            String.format(
                Locale.ROOT,
                "Bottleneck (lowest step rate): '%s' keeps %.1f %%",
                NAMES.get(lowest),
                100.0 * reached[lowest] / reached[lowest - 1]))
        .contains(String.format(Locale.ROOT, "%,d lost", reached[lowest - 1] - reached[lowest]));
  }

  @Test
  void breaksDownBySourceWithTheReferenceCounts() {
    assertThat(result.out()).contains("By source");
    reachedBySource.forEach(
        (source, counts) ->
            assertThat(lineStartingWith(source + " "))
                .contains(String.format(Locale.ROOT, "%,d", counts[0]))
                .contains(String.format(Locale.ROOT, "%,d", counts[STEPS.size() - 1])));
  }

  @Test
  void reportsTimeToConvertAndEventsOutsideTheSteps() {
    assertThat(result.out()).contains("Time to convert");
    assertThat(lineStartingWith("end to end (Purchased)"))
        .contains(String.format(Locale.ROOT, "%,d", reached[STEPS.size() - 1]));
    assertThat(result.out()).contains("events are in no step: site_search, newsletter_signup");
  }

  @Test
  void svgIsWellFormedAndShowsEveryStepAndTheBottleneck() throws Exception {
    String svg = Files.readString(out.resolve("funnel.svg"));
    Document doc = parse(svg);
    List<String> texts = new ArrayList<>();
    NodeList nodes = doc.getElementsByTagName("text");
    for (int i = 0; i < nodes.getLength(); i++) {
      texts.add(nodes.item(i).getTextContent());
    }
    for (int i = 0; i < NAMES.size(); i++) {
      String name = NAMES.get(i);
      assertThat(texts).anyMatch(t -> t.startsWith(name));
      assertThat(texts)
          .contains(
              String.format(
                  Locale.ROOT,
                  "%,d · %.1f %% of first",
                  reached[i],
                  100.0 * reached[i] / reached[0]));
    }
    assertThat(texts).contains("Added to cart (bottleneck)");
    assertThat(svg).contains("fill=\"" + SvgChart.BOTTLENECK + "\"");
  }

  @Test
  void htmlPageEmbedsTheSvgAndTheTables() throws IOException {
    String html = Files.readString(out.resolve("funnel.html"));
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg ").contains("</svg>");
    assertThat(html)
        .contains(
            "<tr class=\"bottleneck\"><td data-label=\"step\">Added to cart (bottleneck)</td>");
    assertThat(html).contains("<h2>By source</h2>");
  }

  @Test
  void targetPlansBackwardFromTheReferenceCounts() throws Exception {
    Cli cli = Cli.run("report", "--target", "100", "--output", "json", "--no-chart");
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    com.fasterxml.jackson.databind.JsonNode json =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(cli.out());
    com.fasterxml.jackson.databind.JsonNode plan = json.get("plan");
    // Each step needs the smallest count whose share at the observed rate (the reference's
    // reached(i + 1) of reached(i), exactly) is at least the need below it.
    long need = 100;
    for (int i = STEPS.size() - 1; i >= 0; i--) {
      if (i < STEPS.size() - 1) {
        need = (need * reached[i] + reached[i + 1] - 1) / reached[i + 1];
      }
      com.fasterxml.jackson.databind.JsonNode row = plan.get(i);
      assertThat(row.get("id").asText()).isEqualTo(json.get("steps").get(i).get("id").asText());
      assertThat(row.get("needed").asLong()).isEqualTo(need);
      // The range brackets what the one observed rate from the step to the last implies.
      double implied = 100.0 * reached[i] / reached[STEPS.size() - 1];
      assertThat((double) row.get("neededOptimistic").asLong())
          .isLessThanOrEqualTo(Math.ceil(implied));
      assertThat((double) row.get("neededPessimistic").asLong()).isGreaterThanOrEqualTo(implied);
    }
  }

  @Test
  void pageWorksOfflineWithNothingFromTheNetwork() throws IOException {
    String html = Files.readString(out.resolve("funnel.html"));
    // The only address in the page is the SVG namespace, a name that is never fetched.
    assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", ""))
        .doesNotContain("http://", "https://", "//cdn", "<script", "<link", "@import", "url(")
        .doesNotContain("src=", "@font-face");
  }

  @Test
  void pageShowsTheSubjectsPathsConsistentWithTheReference() throws IOException {
    String html = Files.readString(out.resolve("funnel.html"));
    // One histogram per step after the first.
    assertThat(html.split("<title>time to ", -1)).hasSize(STEPS.size());
    // Every window has closed by the log's end, so nothing is censored and Kaplan–Meier's share
    // converted is the reference's plain share.
    assertThat(html)
        .contains(
            String.format(Locale.ROOT, "everyone: %.1f %% [", 100.0 * reached[4] / reached[0]));
    // The cohorts add up to everyone who entered and everyone who converted.
    long entered = 0;
    long converted = 0;
    java.util.regex.Matcher row =
        java.util.regex.Pattern.compile(
                "<td data-label=\"week of\">[0-9-]+</td><td data-label=\"subjects\">([0-9,]+)</td>"
                    + "<td data-label=\"converted\">([0-9.]+) %</td>")
            .matcher(html);
    int cohorts = 0;
    while (row.find()) {
      long n = Long.parseLong(row.group(1).replace(",", ""));
      entered += n;
      converted += Math.round(n * Double.parseDouble(row.group(2)) / 100);
      cohorts++;
    }
    assertThat(cohorts).isGreaterThanOrEqualTo(4);
    assertThat(entered).isEqualTo(reached[0]);
    // Percentages are rounded to 0.1 %: each cohort's count is off by at most half of that.
    assertThat((double) converted)
        .isCloseTo(
            (double) reached[4],
            org.assertj.core.data.Offset.offset(cohorts * 0.0005 * reached[0]));
    // The correlations are of converting at the bottleneck, from the step before it.
    assertThat(html)
        .contains("<h2>What goes with converting from Viewed a product to Added to cart</h2>")
        .contains(
            String.format(
                Locale.ROOT,
                "Of %,d subjects, %,d converted and %,d dropped off.",
                reached[1],
                reached[2],
                reached[1] - reached[2]))
        .contains("<td data-label=\"signal\">site_search</td>");
    // The breakdown is drawn as one series per source, each in the legend, and so is each
    // source's curve of converting, which by the log's end is the source's plain share.
    for (Map.Entry<String, long[]> source : reachedBySource.entrySet()) {
      assertThat(html).contains(">" + source.getKey() + ": ");
      long[] bySource = source.getValue();
      assertThat(html)
          .contains(
              String.format(
                  Locale.ROOT,
                  ">%s: %.1f %% [",
                  source.getKey(),
                  100.0 * bySource[4] / bySource[0]));
    }
  }

  @Test
  void committedSampleIsWhatTheGeneratorWrites() throws IOException {
    StringWriter generated = new StringWriter();
    SampleData.write(generated);
    assertThat(generated.toString().lines().toList()).isEqualTo(sampleLines());
  }

  @Test
  void chartInTheReadmeIsTheOneTheSampleDraws() throws IOException {
    // Surefire runs in the module's directory; the README's copy sits at the repository's root.
    Path committed = Path.of("..", "docs", "funnel-report.svg");
    assertThat(Files.readString(committed))
        .as("docs/funnel-report.svg is stale: copy target/funnel-report/funnel.svg over it")
        .isEqualTo(Files.readString(out.resolve("funnel.svg")));
  }

  @Test
  void readmeShowsWhatTheDemoPrints() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    String printed = result.out().substring(0, result.out().indexOf("\nWrote "));
    assertThat(readme).as("the README's demo output is stale").contains(printed);
  }

  static Document parse(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
  }

  private static String lineStartingWith(String prefix) {
    return result
        .out()
        .lines()
        .filter(l -> l.startsWith(prefix))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no line starts with '" + prefix + "' in\n" + result.out()));
  }
}
