package dev.funnel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code funnel report} pointed at an export as it comes, with the funnel on the command line. The
 * log has the REES46 e-commerce sample's columns and time format; its counts are worked by hand in
 * the comments.
 */
class InlineFunnelTest {
  /**
   * Five users, a 7-day window over view, cart, purchase. u1 goes all the way (level 3); u2 views
   * and carts (2); u3 only views (1); u4 buys eight days after viewing, outside the window (1); u5
   * views, buys, then carts: the purchase comes before the cart, so the chain stops at cart (2).
   * Counts: view 5, cart 3, purchase 1. Brands, first touch: apple for u1 and u2, samsung, xiaomi,
   * and none for u5, whose only brand-less rows are its own.
   */
  private static final String REES46 =
      """
      event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session
      2019-10-01 00:00:00 UTC,view,44600062,2103807459595387724,,apple,35.79,541312140,72d76fde
      2019-10-01 00:05:00 UTC,cart,44600062,2103807459595387724,,apple,35.79,541312140,72d76fde
      2019-10-01 00:10:00 UTC,purchase,44600062,2103807459595387724,,apple,35.79,541312140,72d76fde
      2019-10-01 01:00:00 UTC,view,3900821,2053013552326770905,appliances.environment.water_heater,apple,33.20,554748717,9333dfbd
      2019-10-02 01:00:00 UTC,cart,3900821,2053013552326770905,appliances.environment.water_heater,samsung,33.20,554748717,9333dfbd
      2019-10-01 02:00:00 UTC,view,17200506,2053013559792632471,"furniture.living_room,sofa",samsung,543.10,519107250,566511c2
      2019-10-01 03:00:00 UTC,view,1307067,2053013558920217191,computers.notebook,xiaomi,251.74,550050854,7c90fc70
      2019-10-09 03:00:00 UTC,purchase,1307067,2053013558920217191,computers.notebook,xiaomi,251.74,550050854,7c90fc70
      2019-10-02 00:00:00 UTC,view,1004237,2053013555631882655,electronics.smartphone,,1081.98,535871217,c6bd7419
      2019-10-02 10:00:00 UTC,purchase,1004237,2053013555631882655,electronics.smartphone,,1081.98,535871217,c6bd7419
      2019-10-02 11:00:00 UTC,cart,1004237,2053013555631882655,electronics.smartphone,,1081.98,535871217,c6bd7419
      """;

  @TempDir Path dir;

  private List<String> args(String... more) throws IOException {
    Path events = Files.writeString(dir.resolve("2019-Oct.csv"), REES46);
    List<String> args =
        new ArrayList<>(
            List.of(
                "report",
                "--events",
                events.toString(),
                "--subject-column",
                "user_id",
                "--time-column",
                "event_time",
                "--event-column",
                "event_type",
                "--step",
                "view=view",
                "--step",
                "cart=cart",
                "--step",
                "purchase=purchase",
                "--window",
                "7d",
                "--no-chart"));
    args.addAll(List.of(more));
    return args;
  }

  private Cli run(String... more) throws IOException {
    return Cli.run(args(more).toArray(String[]::new));
  }

  private static JsonNode json(Cli cli) throws IOException {
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    return new ObjectMapper().readTree(cli.out());
  }

  @Test
  void theIssuesCommandReadsTheExportAsItComes() throws IOException {
    Cli cli = run("--segment-column", "brand", "--top", "10");

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.out())
        .startsWith("Funnel\n")
        .contains("2019-10-01 00:00 to 2019-10-09 03:00 UTC")
        .contains("11 events of 5 subjects");
    assertThat(line(cli, "view ")).contains(" 5 ").contains("100.0 %");
    assertThat(line(cli, "cart ")).contains(" 3 ").contains("60.0 %");
    assertThat(line(cli, "purchase ")).contains(" 1 ").contains("20.0 %").contains("33.3 %");
    assertThat(line(cli, "apple ")).contains(" 2 ").contains(" 1 ").contains("50.0 %");
  }

  private static String line(Cli cli, String start) {
    return cli.out().lines().filter(l -> l.startsWith(start)).findFirst().orElseThrow();
  }

  @Test
  void jsonOutputCarriesTheCountsTheSourceAndWilsonIntervals() throws IOException {
    Cli cli = run("--output", "json", "--segment-column", "brand");
    JsonNode report = json(cli);

    assertThat(report.get("funnel").asText()).isEqualTo("Funnel");
    JsonNode source = report.get("source");
    assertThat(source.get("dataRows").asLong()).isEqualTo(11);
    assertThat(source.get("rowsRead").asLong()).isEqualTo(11);
    assertThat(source.get("rowsSkipped").asLong()).isZero();
    assertThat(source.get("subjects").asLong()).isEqualTo(5);
    assertThat(source.get("from").asText()).isEqualTo("2019-10-01T00:00:00Z");
    assertThat(source.get("to").asText()).isEqualTo("2019-10-09T03:00:00Z");

    JsonNode steps = report.get("steps");
    assertThat(steps).hasSize(3);
    assertThat(steps.get(1).get("id").asText()).isEqualTo("cart");
    assertThat(steps.get(1).get("subjects").asLong()).isEqualTo(3);
    JsonNode cart = steps.get(1).get("fromFirst");
    assertThat(cart.get("successes").asLong()).isEqualTo(3);
    assertThat(cart.get("trials").asLong()).isEqualTo(5);
    assertThat(cart.get("rate").asDouble()).isEqualTo(0.6);
    // Wilson score interval of 3 in 5: R, prop.test(3, 5, correct = FALSE)$conf.int.
    assertThat(cart.get("lower").asDouble()).isCloseTo(0.2307, within(1e-4));
    assertThat(cart.get("upper").asDouble()).isCloseTo(0.8824, within(1e-4));
    assertThat(steps.get(0).get("fromPrevious").get("trials").asLong()).isEqualTo(5);
    assertThat(report.get("overall").get("successes").asLong()).isEqualTo(1);

    assertThat(report.get("segmentColumn").asText()).isEqualTo("brand");
    JsonNode apple = report.get("segments").get(0);
    assertThat(apple.get("segment").asText()).isEqualTo("apple");
    assertThat(apple.get("steps").get(2).get("subjects").asLong()).isEqualTo(1);
    assertThat(apple.get("steps").get(0).get("subjects").asLong()).isEqualTo(2);
  }

  @Test
  void jsonOutputCarriesTheCurveTheCohortsAndTheCorrelations() throws IOException {
    JsonNode report = json(run("--output", "json"));

    // From 'view': u1 buys after 10 minutes; u2, u3, u4 and u5 do not within their 7-day windows,
    // all closed by the log's end (u4's purchase after eight days is outside its window), so they
    // are censored at 7 days. Kaplan–Meier: 1 − 4/5 = 20 % converted; Greenwood's variance of
    // log S is 1/(5·4), and R's log-log limits of S = 0.8 are 0.2038093 and 0.9691798 (the
    // formula evaluated with Python's statistics.NormalDist), so converted is in [3.08 %, 79.6 %].
    JsonNode points = report.get("curve").get("series").get(0).get("points");
    assertThat(points).hasSize(1);
    assertThat(points.get(0).get("millis").asLong()).isEqualTo(600_000);
    assertThat(points.get(0).get("value").asDouble()).isCloseTo(0.2, within(1e-12));
    assertThat(points.get(0).get("lower").asDouble())
        .isCloseTo(1 - 0.9691797888667426, within(1e-9));
    assertThat(points.get(0).get("upper").asDouble())
        .isCloseTo(1 - 0.20380926326763926, within(1e-9));

    // Entered on 10-01: u1 to u4, one converted; on 10-02: u5. Every window has closed.
    JsonNode cohorts = report.get("cohorts");
    assertThat(cohorts).hasSize(2);
    assertThat(cohorts.get(0).get("start").asText()).isEqualTo("2019-10-01");
    assertThat(cohorts.get(0).get("period").asText()).isEqualTo("day");
    assertThat(cohorts.get(0).get("converted").get("trials").asLong()).isEqualTo(4);
    assertThat(cohorts.get(0).get("converted").get("successes").asLong()).isEqualTo(1);
    assertThat(cohorts.get(1).get("converted").get("trials").asLong()).isEqualTo(1);
    assertThat(cohorts.get(1).get("stillOpen").asLong()).isZero();

    // The bottleneck is purchase (1 of 3 carts): of u1, u2 and u5 at cart, one went on. No event
    // besides the steps' own happened, so there is no signal.
    JsonNode correlations = report.get("correlations");
    assertThat(correlations.get("from").asText()).isEqualTo("cart");
    assertThat(correlations.get("to").asText()).isEqualTo("purchase");
    assertThat(correlations.get("converted").asLong()).isEqualTo(1);
    assertThat(correlations.get("droppedOff").asLong()).isEqualTo(2);
    assertThat(correlations.get("signals")).isEmpty();
  }

  @Test
  void segmentsCarryTheirHolmCorrectedPValue() throws IOException {
    JsonNode segments = json(run("--output", "json", "--segment-column", "brand")).get("segments");
    // Each brand's 1 purchase of 2 (apple) or 0 of 1 (samsung, xiaomi, none) against the rest:
    // every expected count is below 5, so each is Fisher's exact test. By hand (one purchase
    // among five): apple has it with probability 2/5 and lacks it with 3/5, so p = 2/5; each
    // other brand lacks it with 4/5 and has it with 1/5, so p = 1. Holm over four: apple 4 × 0.4
    // and the others are 1.
    for (JsonNode segment : segments) {
      assertThat(segment.get("testVsRest").asText()).isEqualTo("fisher");
      assertThat(segment.get("pValueVsRest").asDouble()).isEqualTo(1.0);
    }
    assertThat(segments).hasSize(4);
  }

  @Test
  void jsonOutputCarriesTheLogRankTestBetweenSegments() throws IOException {
    JsonNode test =
        json(run("--output", "json", "--segment-column", "brand")).get("logRankBySegment");
    // One conversion (u1, apple, at 10 minutes) while all five were at risk: expected 2/5 for
    // apple and 1/5 for each other brand. With one event the log-rank statistic is Pearson's over
    // one multinomial draw: (1 − 0.4)²/0.4 + 0.2 + 0.2 + 0.2 = 1.5 on 3 degrees of freedom (the
    // quadratic form solved in exact fractions), p = P(χ²₃ > 1.5) = 0.6822703 (erfc form, Python).
    assertThat(test.get("chiSquare").asDouble()).isCloseTo(1.5, within(1e-9));
    assertThat(test.get("degreesOfFreedom").asInt()).isEqualTo(3);
    assertThat(test.get("pValue").asDouble()).isCloseTo(0.6822703303362125, within(1e-9));
    assertThat(test.get("segments").get(0).get("segment").asText()).isEqualTo("apple");
    assertThat(test.get("segments").get(0).get("converted").asLong()).isEqualTo(1);
    assertThat(test.get("segments").get(0).get("expected").asDouble())
        .isCloseTo(0.4, within(1e-12));
  }

  @Test
  void topKeepsTheLargestSegmentsAndSumsTheRestAsOther() throws IOException {
    JsonNode segments =
        json(run("--output", "json", "--segment-column", "brand", "--top", "1")).get("segments");

    assertThat(segments).hasSize(2);
    assertThat(segments.get(0).get("segment").asText()).isEqualTo("apple");
    JsonNode other = segments.get(1);
    assertThat(other.get("segment").asText()).isEqualTo("Other");
    // samsung (u3), xiaomi (u4) and no brand (u5): three views, u5's cart, no purchase.
    assertThat(other.get("steps").get(0).get("subjects").asLong()).isEqualTo(3);
    assertThat(other.get("steps").get(1).get("subjects").asLong()).isEqualTo(1);
    assertThat(other.get("steps").get(2).get("subjects").asLong()).isZero();
  }

  @Test
  void lastTouchAttributesEachUserToItsLatestBrand() throws IOException {
    JsonNode segments =
        json(run(
                "--output",
                "json",
                "--segment-column",
                "brand",
                "--segment-attribution",
                "last_touch"))
            .get("segments");

    // u2 carted a samsung last: apple keeps only u1, samsung has u2 and u3.
    assertThat(segment(segments, "apple").get("steps").get(0).get("subjects").asLong())
        .isEqualTo(1);
    assertThat(segment(segments, "samsung").get("steps").get(0).get("subjects").asLong())
        .isEqualTo(2);
    assertThat(segment(segments, "samsung").get("steps").get(1).get("subjects").asLong())
        .isEqualTo(1);
  }

  private static JsonNode segment(JsonNode segments, String name) {
    for (JsonNode s : segments) {
      if (s.get("segment").asText().equals(name)) {
        return s;
      }
    }
    throw new AssertionError("no segment " + name + " in " + segments);
  }

  @Test
  void aStepCanGiveTheSegment() throws IOException {
    // The brand of each user's first purchase: u1 apple, u4 xiaomi (its purchase is outside the
    // window, but the row is its purchase), u5's purchase has no brand; u2 and u3 never purchase.
    Cli cli = run("--segment-column", "brand", "--segment-attribution", "step:purchase");
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(line(cli, "apple ")).containsPattern("apple +1 +1 +100.0 %");
    assertThat(line(cli, "xiaomi ")).containsPattern("xiaomi +1 +0 ");
    assertThat(line(cli, "(none) ")).containsPattern("\\(none\\) +3 +0 ");

    Cli unknown = run("--segment-column", "brand", "--segment-attribution", "step:pay");
    assertThat(unknown.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(unknown.err())
        .contains(
            "--segment-attribution step:pay names no step; the steps are [view, cart, purchase]");
  }

  @Test
  void csvOutputHasOneRowPerStepAndSegment() throws IOException {
    Cli cli = run("--output", "csv", "--segment-column", "brand", "--top", "1");

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    List<String> rows = cli.out().lines().toList();
    assertThat(rows.get(0))
        .isEqualTo(
            "segment,step,id,name,subjects,from_first,from_first_lower,from_first_upper,"
                + "from_previous,from_previous_lower,from_previous_upper");
    assertThat(rows).hasSize(1 + 3 * 3);
    // Wilson interval of 5 in 5: R, prop.test(5, 5, correct = FALSE)$conf.int, [0.5655, 1].
    assertThat(rows.get(1)).startsWith("(all),1,view,view,5,1.0,0.5655").endsWith(",1.0");
    assertThat(rows.get(2)).startsWith("(all),2,cart,cart,3,0.6,0.2307");
    assertThat(rows.get(6)).startsWith("apple,3,purchase,purchase,1,0.5,");
    assertThat(rows.get(9)).startsWith("Other,3,purchase,purchase,0,0.0,");
    assertThat(cli.out()).contains("\r\n");
  }

  /**
   * ClickHouse's {@code strict_order}: "don't allow interventions of other events" (ClickHouse
   * documentation, windowFunnel). u5's purchase comes between its view and its cart, so u5 stops at
   * the view: cart 2, not 3.
   */
  @Test
  void aDialectChangesTheCountsAsItsEngineWould() throws IOException {
    JsonNode steps =
        json(run("--output", "json", "--dialect", "clickhouse:strict_order")).get("steps");

    assertThat(steps.get(1).get("subjects").asLong()).isEqualTo(2);
    assertThat(steps.get(2).get("subjects").asLong()).isEqualTo(1);

    Cli unknown = run("--dialect", "postgres");
    assertThat(unknown.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(unknown.err()).contains("--dialect 'postgres' names no engine");
  }

  /** The log with the steps given here instead of view, cart, purchase. */
  private Cli runWithSteps(List<String> steps, String... more) throws IOException {
    List<String> args = args(more);
    int first = args.indexOf("--step");
    args.subList(first, first + 6).clear();
    List<String> given = new ArrayList<>();
    for (String step : steps) {
      given.add("--step");
      given.add(step);
    }
    args.addAll(first, given);
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void aStepCanFilterOnAnotherColumn() throws IOException {
    // Purchases over 100: u4's 251.74, eight days after its view (outside the window), and u5's
    // 1081.98, ten hours after its view; u1's 35.79 does not pass. So 5 view, 1 reaches 'big'.
    Cli cli =
        runWithSteps(List.of("view=view", "big=purchase where price > 100"), "--output", "json");
    JsonNode steps = json(cli).get("steps");
    assertThat(steps.get(0).get("subjects").asLong()).isEqualTo(5);
    assertThat(steps.get(1).get("id").asText()).isEqualTo("big");
    assertThat(steps.get(1).get("subjects").asLong()).isEqualTo(1);

    Cli text =
        runWithSteps(List.of("view=view", "big=purchase where price > 100 and brand != xiaomi"));
    assertThat(text.exitCode()).as(text.err()).isZero();
    // u4's brand is xiaomi and u5's is empty, which passes no condition, != included: 0 of 3.
    assertThat(text.out())
        .contains("step 'big': 0 of 3 purchase rows pass price > 100 and brand != 'xiaomi'");
    assertThat(line(text, "big ")).contains(" 0 ");
  }

  @Test
  void aStepWithConditionsNeedsANameAndAKnownColumn() throws IOException {
    Cli unnamed = runWithSteps(List.of("view", "purchase where price > 100"));
    assertThat(unnamed.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(unnamed.err())
        .contains("--step 'purchase where price > 100' has conditions, so it needs a name");

    Cli text = runWithSteps(List.of("view", "big=purchase where brand > apple"));
    assertThat(text.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(text.err()).contains("compares text, which only = and != do");

    Cli column = runWithSteps(List.of("view", "big=purchase where colour = red"));
    assertThat(column.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(column.err()).contains("the header lacks the column 'colour'");
  }

  @Test
  void aFunnelFileStepTakesConditionsAsWhere() throws IOException {
    Path funnel =
        Files.writeString(
            dir.resolve("funnel.json"),
            """
            {"schemaVersion": 1,
             "funnel": {"name": "Big buys", "stages": [{"id": "view"}, {"id": "big"}]},
             "log": {"window": "P7D", "events": {"view": ["view"], "big": ["purchase"]},
                     "where": {"big": "price >= 1000"}}}
            """);
    List<String> args = args("--output", "json");
    int first = args.indexOf("--step");
    args.subList(first, first + 8).clear();
    args.addAll(List.of("--funnel", funnel.toString()));
    JsonNode steps = json(Cli.run(args.toArray(String[]::new))).get("steps");
    // Only u5's 1081.98 is 1000 or more.
    assertThat(steps.get(1).get("subjects").asLong()).isEqualTo(1);
  }

  @Test
  void theSameExportAsJsonLinesGivesTheSameReport() throws IOException {
    JsonNode fromCsv = json(run("--output", "json", "--segment-column", "brand"));
    Path ndjson = dir.resolve("2019-Oct.ndjson");
    Files.write(ndjson, asJsonLines(REES46));
    List<String> args = args("--output", "json", "--segment-column", "brand");
    args.set(args.indexOf("--events") + 1, ndjson.toString());
    JsonNode fromJson = json(Cli.run(args.toArray(String[]::new)));

    ((ObjectNode) fromCsv.get("source")).remove("file");
    assertThat(((ObjectNode) fromJson.get("source")).remove("file").asText())
        .isEqualTo(ndjson.toString());
    assertThat(fromJson).isEqualTo(fromCsv);
  }

  @Test
  void theSameExportAsParquetGivesTheSameReport() throws Exception {
    JsonNode fromCsv = json(run("--output", "json", "--segment-column", "brand"));
    Path csv = Files.writeString(dir.resolve("as-text.csv"), REES46);
    Path parquet = dir.resolve("2019-Oct.parquet");
    // DuckDB writes it as a Spark or BigQuery export would be typed: times as TIMESTAMP, ids
    // BIGINT.
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute(
          "COPY (SELECT strptime(event_time, '%Y-%m-%d %H:%M:%S UTC') AS event_time, event_type,"
              + " CAST(product_id AS BIGINT) AS product_id, brand, CAST(price AS DOUBLE) AS price,"
              + " CAST(user_id AS BIGINT) AS user_id FROM read_csv('"
              + csv
              + "', header = true, all_varchar = true)) TO '"
              + parquet
              + "' (FORMAT PARQUET)");
    }
    List<String> args = args("--output", "json", "--segment-column", "brand");
    args.set(args.indexOf("--events") + 1, parquet.toString());
    JsonNode fromParquet = json(Cli.run(args.toArray(String[]::new)));

    ((ObjectNode) fromCsv.get("source")).remove("file");
    ((ObjectNode) fromParquet.get("source")).remove("file");
    assertThat(fromParquet).isEqualTo(fromCsv);
  }

  /**
   * The CSV's rows as JSON objects, written by Jackson: ids and prices as numbers, an empty brand
   * as null, fields in reverse order.
   */
  private static List<String> asJsonLines(String csv) {
    ObjectMapper mapper = new ObjectMapper();
    List<String> lines = csv.lines().toList();
    List<String> header = List.of(lines.get(0).split(","));
    List<String> out = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      // Split at commas outside quotes (one field of the sample is quoted).
      String[] fields = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
      ObjectNode row = mapper.createObjectNode();
      for (int f = header.size() - 1; f >= 0; f--) {
        String value = fields[f].replace("\"", "");
        String name = header.get(f);
        if (value.isEmpty()) {
          row.putNull(name);
        } else if (name.equals("user_id") || name.equals("product_id")) {
          row.put(name, Long.parseLong(value));
        } else if (name.equals("price")) {
          row.put(name, Double.parseDouble(value));
        } else {
          row.put(name, value);
        }
      }
      out.add(row.toString());
    }
    return out;
  }

  @Test
  void eventsCanComeFromStandardInput() throws IOException {
    List<String> args = args("--output", "json");
    args.set(args.indexOf("--events") + 1, "-");
    InputStream stdin = System.in;
    Cli cli;
    try {
      System.setIn(new ByteArrayInputStream(REES46.getBytes(StandardCharsets.UTF_8)));
      cli = Cli.run(args.toArray(String[]::new));
    } finally {
      System.setIn(stdin);
    }

    JsonNode report = json(cli);
    assertThat(report.get("source").get("file").asText()).isEqualTo("stdin");
    assertThat(report.get("steps").get(1).get("subjects").asLong()).isEqualTo(3);
  }

  @Test
  void machineOutputLeavesStandardOutputToTheResult() throws IOException {
    Path out = dir.resolve("chart");
    List<String> args = args("--output", "json", "--out", out.toString());
    args.remove("--no-chart");

    Cli cli = Cli.run(args.toArray(String[]::new));

    json(cli);
    assertThat(cli.err()).contains("Wrote " + out.resolve("funnel.svg"));
    assertThat(out.resolve("funnel.html")).exists();
  }
}
