package dev.funnel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the command says, and which exit code it gives, for each kind of bad input. */
class BadInputTest {
  private static final String FUNNEL =
      """
      {
        "schemaVersion": 1,
        "funnel": {"name": "Shop", "stages": [{"id": "view"}, {"id": "buy"}]},
        "log": {
          "window": "PT1H",
          "events": {"view": ["page_view"], "buy": ["purchase"]}
        }
      }
      """;

  @TempDir Path dir;

  private Cli report(String events, String funnel, String... more) throws IOException {
    return Cli.report(dir, events.getBytes(java.nio.charset.StandardCharsets.UTF_8), funnel, more);
  }

  private String csv() {
    return dir.resolve("events.csv").toString();
  }

  private String json() {
    return dir.resolve("funnel.json").toString();
  }

  @Test
  void badRowsAreEachReportedWithLineAndColumnAndNothingIsPrinted() throws IOException {
    Cli cli =
        report(
            """
            subject,time,event
            a,2026-11-01T10:00:00Z,page_view
            b,yesterday,page_view
            ,2026-11-01T10:00:00Z,page_view
            c,2026-11-01T10:00:00Z
            d,2026-11-01T10:00:00,purchase
            e,1793520000000,
            """,
            FUNNEL);
    assertThat(cli.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(cli.out()).isEmpty();
    assertThat(cli.err().lines())
        .containsExactly(
            "error: "
                + csv()
                + ":3:2: the time (time) 'yesterday' is neither an ISO-8601 time (such as"
                + " 2026-11-03T14:22:05Z) nor an epoch number",
            "error: " + csv() + ":4:1: the subject (subject) is empty",
            "error: " + csv() + ":5: expected 3 fields, as in the header, found 2",
            // Line 6 has no zone: it is read in --time-zone, UTC by default.
            "error: " + csv() + ":7:3: the event (event) is empty");
  }

  @Test
  void linesAreCountedThroughQuotedLineBreaks() throws IOException {
    Cli cli =
        report(
            "subject,time,event\n\"a\nb\",2026-11-01T10:00:00Z,page_view\nc,later,page_view\n",
            FUNNEL);
    assertThat(cli.err())
        .startsWith("error: " + csv() + ":4:2: the time (time) 'later' is neither");
  }

  @Test
  void skippingBadRowsStillReportsEachAndCountsThem() throws IOException {
    Cli cli =
        report(
            """
            subject,time,event
            a,2026-11-01T10:00:00Z,page_view
            a,2026-11-01T10:20:00Z,purchase
            b,yesterday,page_view
            b,1793520000000,page_view
            """,
            FUNNEL,
            "--skip-bad-rows");
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.err().lines())
        .containsExactly(
            "skipped: "
                + csv()
                + ":4:2: the time (time) 'yesterday' is neither an ISO-8601 time (such as"
                + " 2026-11-03T14:22:05Z) nor an epoch number");
    assertThat(cli.out())
        .contains("1 of 4 rows were bad and skipped (listed above)")
        .contains("3 events of 2 subjects");
    assertThat(cli.out().lines().filter(l -> l.startsWith("buy ")).findFirst().orElseThrow())
        .contains("50.0 %");
  }

  @Test
  void epochTimesInSecondsOnRequest() throws IOException {
    Cli cli =
        report(
            """
            subject,time,event
            a,1793520000,page_view
            a,1793523000,purchase
            b,1793520000,page_view
            b,1793527201,purchase
            """,
            FUNNEL,
            "--epoch-unit",
            "seconds");
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    // b buys two hours after its view: outside the one-hour window.
    assertThat(cli.out().lines().filter(l -> l.startsWith("buy ")).findFirst().orElseThrow())
        .contains("50.0 %");
  }

  @Test
  void missingColumnsAreNamedWithTheHeaderFound() throws IOException {
    Cli cli = report("user,when,event\na,2026-11-01T10:00:00Z,page_view\n", FUNNEL);
    assertThat(cli.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(cli.err())
        .contains(
            csv()
                + ":1: the header lacks the columns 'subject', 'time'; it has [user, when, event]");
  }

  @Test
  void unclosedQuoteStopsAtItsLine() throws IOException {
    Cli cli =
        report(
            "subject,time,event\na,2026-11-01T10:00:00Z,page_view\n\"b,2026-11-01T10:00:00Z,page_view\n",
            FUNNEL);
    assertThat(cli.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(cli.err())
        .isEqualTo(
            "error: "
                + csv()
                + ":3: a quote opened in column 1 is not closed before the end of the file\n");
  }

  @Test
  void anEmptyLogIsAnError() throws IOException {
    Cli cli = report("subject,time,event\n", FUNNEL);
    assertThat(cli.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(cli.err()).contains(csv() + ": no rows to read");
  }

  @Test
  void tooManyProblemsAreCountedBeyondTheListed() throws IOException {
    StringBuilder events = new StringBuilder("subject,time,event\n");
    for (int i = 0; i < 25; i++) {
      events.append("s,never,page_view\n");
    }
    Cli cli = report(events.toString(), FUNNEL);
    assertThat(cli.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(cli.err().lines()).hasSize(InputException.MAX_LISTED + 1);
    assertThat(cli.err()).endsWith("error: … and 5 more problems\n");
  }

  @Test
  void malformedJsonIsReportedWithLineAndColumn() throws IOException {
    Cli cli = report("subject,time,event\n", "{\n  \"schemaVersion\": 1,\n  \"funnel\" {}\n}\n");
    assertThat(cli.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(cli.err())
        .startsWith("error: " + json() + ":3:12: at /funnel: Unexpected character");
  }

  @Test
  void unknownJsonFieldIsNamedWithTheKnownOnes() throws IOException {
    Cli cli = report("subject,time,event\n", FUNNEL.replace("\"window\"", "\"widow\""));
    assertThat(cli.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    // Line 5, column 5: the misspelt name, where it is written.
    assertThat(cli.err())
        .isEqualTo(
            "error: "
                + json()
                + ":5:5: at /log/widow: unknown field \"widow\"; the fields here are input, window,"
                + " segment, events, where\n");
    assertThat(report("x\n", FUNNEL.replace("\"id\": \"buy\"", "\"di\": \"buy\"")).err())
        .contains(
            ":3:58: at /funnel/stages/1/di: unknown field \"di\"; the fields here are id, name,"
                + " kind, winProbability, forecastCategory, guidance, optional");
  }

  @Test
  void invalidFunnelsSayWhatIsWrong() throws IOException {
    assertThat(report("x\n", FUNNEL.replace("\"PT1H\"", "\"an hour\"")).err())
        .contains(":5:15: at /log/window: 'an hour' is not an ISO-8601 duration such as P30D");
    assertThat(report("x\n", FUNNEL.replace("\"buy\"", "\"view\"")).err())
        .contains("duplicate stage id 'view' in funnel 'Shop'");
    assertThat(report("x\n", FUNNEL.replace(", \"buy\": [\"purchase\"]", "")).err())
        .contains(
            "every stage of a funnel over events needs its event names; these have none: [buy]");
    assertThat(report("x\n", FUNNEL.replace("\"window\": \"PT1H\",", "")).err())
        .contains("a funnel over events (\"input\": \"events\", the default) needs \"window\"");
    assertThat(
            report("x\n", FUNNEL.replace("\"window\"", "\"input\": \"clicks\", \"window\"")).err())
        .contains("unknown \"input\" 'clicks'; expected \"events\" or \"stage-changes\"");
    assertThat(report("x\n", FUNNEL.replace("[\"page_view\"]", "\"page_view\"")).err())
        .contains("at /log/events/view: expected an array, found a string");
    assertThat(report("x\n", FUNNEL.replace("\"schemaVersion\": 1", "\"schemaVersion\": 2")).err())
        .contains("schemaVersion 2 is newer than this funnel-json, which reads 1");
    assertThat(report("x\n", "[]").err()).contains(json() + ":1:1:");
    assertThat(report("x\n", "").err()).contains(json() + ":");
  }

  @Test
  void aConditionFunnelIoRefusesIsNamedWithItsPlace() throws IOException {
    String where =
        FUNNEL.replace(
            "\"events\": {", "\"where\": {\"buy\": \"price >>> 100\"},\n    \"events\": {");
    Cli cli = report("subject,time,event\n", where);
    assertThat(cli.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    // Its line and column in the file, and its JSON Pointer, as for any other fault of the file.
    assertThat(cli.err())
        .containsPattern(
            java.util.regex.Pattern.quote(json()) + ":[0-9]+:[0-9]+: at /log/where/buy: ")
        .contains("compares text, which only = and != do");
  }

  @Test
  void aFunnelFileOfTheOldFormatIsToldToBeginWithTheSchemaVersion() throws IOException {
    Cli cli =
        report(
            "x\n",
            "{\"name\": \"Shop\", \"window\": \"PT1H\", \"steps\": [{\"id\": \"v\", \"events\": [\"e\"]}]}");
    assertThat(cli.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(cli.err())
        .contains(
            json()
                + ":1:1: a document begins with \"schemaVersion\": 1; this one begins with"
                + " \"name\"");
  }

  @Test
  void tooManyStepsNamesTheLimit() throws IOException {
    StringBuilder stages = new StringBuilder();
    StringBuilder events = new StringBuilder();
    for (int i = 0; i < 33; i++) {
      stages.append(i == 0 ? "" : ",").append("{\"id\":\"s").append(i).append("\"}");
      events.append(i == 0 ? "" : ",").append("\"s").append(i).append("\":[\"e\"]");
    }
    Cli cli =
        report(
            "x\n",
            "{\"schemaVersion\":1,\"funnel\":{\"name\":\"n\",\"stages\":["
                + stages
                + "]},\"log\":{\"window\":\"P1D\",\"events\":{"
                + events
                + "}}}");
    assertThat(cli.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(cli.err()).contains("a funnel over events has at most 32 stages; 'n' has 33");
  }

  @Test
  void missingFileIsAnIoError() {
    Cli cli =
        Cli.run(
            "report",
            "--events",
            dir.resolve("nope.csv").toString(),
            "--funnel",
            dir.resolve("nope.json").toString());
    assertThat(cli.exitCode()).isEqualTo(ExitCode.IO_ERROR);
    assertThat(cli.err()).isEqualTo("error: no such file: " + dir.resolve("nope.json") + "\n");
  }

  @Test
  void commandLineMistakesAreUsageErrors() {
    assertThat(Cli.run("report", "--events", "x.csv").exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(Cli.run("report", "--events", "x.csv").err())
        .contains("give the funnel: --funnel FILE, or --step NAME=EVENT for each step");
    assertThat(Cli.run("report", "--funnel", "f.json").err())
        .contains("give --events with --funnel or --step, or neither for the sample");
    assertThat(Cli.run("report", "--events", "x.csv", "--funnel", "f.json", "--step", "a").err())
        .contains("either as --funnel FILE or as --step options, not both");
    assertThat(Cli.run("report", "--events", "x.csv", "--step", "a").err())
        .contains("an inline funnel needs --window, such as --window 7d");
    assertThat(Cli.run("report", "--events", "x.csv", "--funnel", "f.json", "--window", "1d").err())
        .contains("--window is for an inline funnel (--step)");
    assertThat(Cli.run("report", "--output", "xml").err())
        .contains("--output must be text, json or csv: 'xml'");
    assertThat(Cli.run("report", "--top", "-1").err()).contains("--top must not be negative: -1");
    assertThat(Cli.run("report", "--format", "xml").err())
        .contains("--format must be csv, ndjson or parquet: 'xml'");
    assertThat(Cli.run("report", "--threads", "0").err())
        .contains("--threads must be at least 1: 0");
    assertThat(Cli.run("report", "--delimiter", "ab").err())
        .contains("--delimiter must be one character or \\t: 'ab'");
    assertThat(Cli.run("report", "--events", "x.csv", "--step", "=view", "--window", "1d").err())
        .contains("--step '=view' has no name before '='");
    assertThat(Cli.run("report", "--events", "x.csv", "--step", "a=", "--window", "1d").err())
        .contains("--step 'a=' has an empty event name; write NAME=EVENT[,EVENT…]");
    assertThat(Cli.run("report", "--events", "x.csv", "--step", "a", "--window", "7x").err())
        .contains("--window");
    assertThat(Cli.run("report", "--colour").exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(Cli.run("report", "--epoch-unit", "days").exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(Cli.run("report", "--bottleneck", "worst").exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(Cli.run().exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(Cli.run("--help").exitCode()).isZero();
    assertThat(Cli.run("report", "--help").out()).contains("Exit codes: 0 written");
  }
}
