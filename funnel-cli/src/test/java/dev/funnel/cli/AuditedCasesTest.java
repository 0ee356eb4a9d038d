package dev.funnel.cli;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.funnel.io.EventReader;
import dev.funnel.io.StreamedFunnel;
import dev.funnel.metrics.BottleneckCriterion;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line defects an outside audit found, each with the behaviour it asked for: wrong
 * epoch units are caught, duplicate JSON keys are refused, segments follow time, the bottleneck
 * options and memory fail clearly, line numbers survive bytes that are not UTF-8, and {@code report
 * --version} answers.
 */
class AuditedCasesTest {
  private static final String FUNNEL =
      """
      {
        "schemaVersion": 1,
        "funnel": {"name": "Shop", "stages": [{"id": "view"}, {"id": "buy"}]},
        "log": {
          "window": "PT1H",
          "segment": "source",
          "events": {"view": ["page_view"], "buy": ["purchase"]}
        }
      }
      """;

  @TempDir Path dir;

  private Cli report(String events, String funnel, String... more) throws IOException {
    return report(events.getBytes(StandardCharsets.UTF_8), funnel, more);
  }

  private Cli report(byte[] events, String funnel, String... more) throws IOException {
    return Cli.report(dir, events, funnel, more);
  }

  /**
   * 1,793,520,000 is 2026-11-01T08:00Z in epoch seconds (Python: datetime.utcfromtimestamp); read
   * as milliseconds it is 1970-01-21, which used to give a report without a word. By default the
   * unit is found from the numbers; a unit given that does not fit is refused, naming the one that
   * does.
   */
  @Test
  void epochSecondsReadAsMillisecondsAreRefusedNamingTheUnitThatFits() throws IOException {
    String csv = "subject,time,event,source\na,1793520000,page_view,ad\na,1793520060,purchase,ad\n";

    Cli wrong = report(csv, FUNNEL, "--epoch-unit", "ms");
    assertThat(wrong.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(wrong.err())
        .contains(
            "events.csv:2:2: the time (time) '1793520000' is not plausible as epoch milliseconds;"
                + " it would be as epoch seconds");

    Cli auto = report(csv, FUNNEL);
    assertThat(auto.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(auto.out()).contains("2026-11-01 08:00 to 2026-11-01 08:01 UTC");

    Cli right = report(csv, FUNNEL, "--epoch-unit", "seconds");
    assertThat(right.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(right.out()).contains("2026-11-01 08:00 to 2026-11-01 08:01 UTC");

    Cli micros =
        report(
            "subject,time,event,source\na,1793520000000000,page_view,ad\n",
            FUNNEL,
            "--epoch-unit",
            "microseconds");
    assertThat(micros.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(micros.out()).contains("2026-11-01 08:00 to 2026-11-01 08:00 UTC");
  }

  @Test
  void explicitDatesOutsideThePlausibleRangeAreReadWithANote() throws IOException {
    Cli cli = report("subject,time,event,source\na,1985-06-01T00:00:00Z,page_view,ad\n", FUNNEL);

    assertThat(cli.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(cli.out())
        .contains(
            "times run from 1985-06-01T00:00:00Z to 1985-06-01T00:00:00Z, outside 1990-01-01"
                + " to 2100-01-01: check them");
  }

  /** A second "window" (one second) used to replace the first (one day) silently. */
  @Test
  void aDuplicateKeyInTheFunnelIsRefusedWithItsLine() throws IOException {
    String twice =
        FUNNEL.replace("\"window\": \"PT1H\",", "\"window\": \"P1D\",\n    \"window\": \"PT1S\",");

    Cli cli = report("subject,time,event,source\na,2026-11-01T10:00:00Z,page_view,ad\n", twice);

    assertThat(cli.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(cli.err())
        .contains(dir.resolve("funnel.json") + ":6:")
        .contains("Duplicate field 'window'");
  }

  /**
   * Subject a's rows come in reverse time order: its earliest row says "email", its first row in
   * the file "social". The segment is taken in time order, so a counts for "email".
   */
  @Test
  void aSubjectsSegmentIsTakenInTimeOrderNotFileOrder() throws IOException {
    Cli cli =
        report(
            """
            subject,time,event,source
            a,2026-11-01T10:30:00Z,purchase,social
            a,2026-11-01T10:00:00Z,page_view,email
            b,2026-11-01T11:00:00Z,page_view,social
            """,
            FUNNEL);

    assertThat(cli.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(cli.out().lines().filter(l -> l.startsWith("email")).findFirst().orElseThrow())
        .matches("email\\s+1\\s+1\\s+100\\.0 %.*");
    assertThat(cli.out().lines().filter(l -> l.startsWith("social")).findFirst().orElseThrow())
        .matches("social\\s+1\\s+0\\s+0\\.0 %.*");
  }

  @Test
  void theLongestMedianTimeBottleneckOnAnEventLogIsAUsageError() throws IOException {
    Cli cli =
        report(
            "subject,time,event,source\na,2026-11-01T10:00:00Z,page_view,ad\n",
            FUNNEL,
            "--bottleneck",
            "longest_median_time");

    assertThat(cli.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(cli.err())
        .contains("--bottleneck longest_median_time needs a log of stage changes")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  /** Behind the usage check, the library's refusal is a bug of the command, not bad input. */
  @Test
  void aLibraryRefusalOutsideTheDefinitionIsNotReportedAsBadInput() throws Exception {
    byte[] csv =
        "subject,time,event\na,2026-11-01T10:00:00Z,page_view\n".getBytes(StandardCharsets.UTF_8);
    FunnelDefinition definition =
        FunnelDefinition.read(
            "funnel.json",
            new ByteArrayInputStream(
                FUNNEL.replace("\"segment\": \"source\",", "").getBytes(StandardCharsets.UTF_8)));
    StreamedFunnel streamed =
        EventReader.builder()
            .build()
            .aggregate(
                new ByteArrayInputStream(csv),
                "events.csv",
                definition.steps().stream().map(s -> requireNonNull(s.filter())).toList(),
                FunnelReport.funnelOf(definition, funnel -> {}));

    assertThatThrownBy(
            () ->
                FunnelReport.ofEvents(
                    definition,
                    streamed,
                    BottleneckCriterion.LONGEST_MEDIAN_TIME,
                    0,
                    (bottleneck, segments) -> ReportDetails.none("not asked for")))
        .isInstanceOf(IllegalStateException.class)
        .isNotInstanceOf(InputException.class);
  }

  @Test
  void noBottleneckIsFlaggedWhenEveryStepKeepsEveryone() throws IOException {
    Cli cli =
        report(
            """
            subject,time,event,source
            a,2026-11-01T10:00:00Z,page_view,ad
            a,2026-11-01T10:10:00Z,purchase,ad
            """,
            FUNNEL);

    assertThat(cli.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(cli.out())
        .doesNotContain("◀ bottleneck")
        .contains("Bottleneck: none; every step keeps everyone who reached the step before it");
  }

  /**
   * A byte 0xFF on line 50,002: the decoder works thousands of bytes ahead of the parser, so the
   * line used to be reported as an earlier one (49,896 in the audit).
   */
  @Test
  void aByteThatIsNotUtf8IsReportedOnItsOwnLine() throws IOException {
    ByteArrayOutputStream csv = new ByteArrayOutputStream();
    csv.writeBytes("subject,time,event,source\n".getBytes(StandardCharsets.UTF_8));
    byte[] row = "s,2026-11-01T10:00:00Z,page_view,ad\n".getBytes(StandardCharsets.UTF_8);
    for (int line = 2; line < 50_002; line++) {
      csv.writeBytes(row);
    }
    csv.writeBytes("s,".getBytes(StandardCharsets.UTF_8));
    csv.write(0xFF);
    csv.writeBytes("2026-11-01T10:00:00Z,page_view,ad\n".getBytes(StandardCharsets.UTF_8));
    csv.writeBytes(row);

    Cli cli = report(csv.toByteArray(), FUNNEL);

    assertThat(cli.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(cli.err().strip())
        .isEqualTo(
            String.format(
                java.util.Locale.ROOT,
                "error: %s:50002:2: the time (time) is not UTF-8 text: byte 0xFF at byte 1 of"
                    + " '\uFFFD2026-11-01T10:00:00Z'",
                dir.resolve("events.csv")));
  }

  @Test
  void overlongAndTruncatedCharactersAreNotUtf8() throws IOException {
    // 0xC0 0xAF is an overlong '/', which a lenient decoder might accept; 0xC3 alone is the first
    // half of a two-byte character (RFC 3629, section 3).
    for (byte[] bad : List.of(new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xC3})) {
      ByteArrayOutputStream csv = new ByteArrayOutputStream();
      csv.writeBytes("subject,time,event,source\ns".getBytes(StandardCharsets.UTF_8));
      csv.writeBytes(bad);
      csv.writeBytes(",2026-11-01T10:00:00Z,page_view,ad\n".getBytes(StandardCharsets.UTF_8));

      Cli cli = report(csv.toByteArray(), FUNNEL);

      assertThat(cli.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
      assertThat(cli.err())
          .contains(
              String.format(
                  java.util.Locale.ROOT,
                  ":2:1: the subject is not UTF-8 text: byte 0x%02X at byte 2 of",
                  bad[0] & 0xff));
    }
  }

  /** The project's version, as the root POM declares it. */
  private static String projectVersion() throws Exception {
    org.w3c.dom.Document pom = SampleReportTest.parse(Files.readString(Path.of("..", "pom.xml")));
    return pom.getDocumentElement().getElementsByTagName("version").item(0).getTextContent();
  }

  /** Both commands print the version the build wrote, which is the root POM's. */
  @Test
  void reportVersionPrintsTheBuildsVersion() throws Exception {
    Cli report = Cli.run("report", "--version");
    Cli funnel = Cli.run("--version");

    assertThat(report.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(report.out().strip()).isEqualTo("funnel " + projectVersion());
    assertThat(funnel.out().strip()).isEqualTo("funnel " + projectVersion());
  }

  /** The BOM, which has no parent so as not to manage anything else, names this version. */
  @Test
  void theBomNamesTheProjectsVersion() throws Exception {
    org.w3c.dom.Document bom =
        SampleReportTest.parse(Files.readString(Path.of("..", "funnel-bom", "pom.xml")));
    org.w3c.dom.NodeList versions = bom.getElementsByTagName("version");
    assertThat(versions.getLength()).isGreaterThan(1);
    int checked = 0;
    for (int i = 0; i < versions.getLength(); i++) {
      String owner = versions.item(i).getParentNode().getNodeName();
      // The BOM's own version and every managed artifact's; a build plugin's is its own.
      if (owner.equals("project") || owner.equals("dependency")) {
        assertThat(versions.item(i).getTextContent()).isEqualTo(projectVersion());
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(1);
  }

  /**
   * Out of memory in a JVM with a 32 MB heap, on a log of 3 million rows: a clear error and its own
   * exit code, no stack trace.
   */
  @Test
  void runningOutOfMemoryIsAClearError() throws Exception {
    Path events = dir.resolve("big.csv");
    try (var out = Files.newBufferedWriter(events)) {
      out.write("subject,time,event,source\n");
      for (int i = 0; i < 3_000_000; i++) {
        out.write("subject-" + i + ",2026-11-01T10:00:00Z,page_view,ad\n");
      }
    }
    Path funnel = Files.writeString(dir.resolve("funnel.json"), FUNNEL);
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m",
                "-cp",
                System.getProperty("java.class.path"),
                FunnelCommand.class.getName(),
                "report",
                "--events",
                events.toString(),
                "--funnel",
                funnel.toString(),
                "--no-chart",
                "--quiet")
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor()).as(output).isEqualTo(ExitCode.OUT_OF_MEMORY);
    assertThat(output)
        .contains("error: out of memory reading")
        .contains("-Xmx")
        .doesNotContain("\tat ");
  }

  @Test
  void aFunnelOfOneStepHasAPageWithNothingToCompare(@TempDir Path dir) throws IOException {
    Path log =
        Files.writeString(
            dir.resolve("one.csv"),
            "subject,time,event\na,2026-01-01T00:00:00Z,visit\nb,2026-01-01T01:00:00Z,visit\n");
    Cli cli =
        Cli.run(
            "report",
            "--events",
            log.toString(),
            "--step",
            "visit=visit",
            "--window",
            "1d",
            "--out",
            dir.resolve("out").toString());
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(Files.readString(dir.resolve("out").resolve("funnel.html")))
        .doesNotContain("What goes with converting");
  }

  @Test
  void chartsDrawTheLargestSegmentsAndTheRestAsOther(@TempDir Path dir) throws IOException {
    // Twelve sources, source s with 20 + s visitors of whom every third buys: the charts draw
    // the eight largest (s11 down to s4) and the other four together; the table keeps all twelve.
    StringBuilder csv = new StringBuilder("subject,time,event,source\n");
    int id = 0;
    for (int s = 0; s < 12; s++) {
      for (int i = 0; i < 20 + s; i++, id++) {
        csv.append("u").append(id).append(",2026-01-01T00:00:00Z,visit,s").append(s).append('\n');
        if (i % 3 == 0) {
          csv.append("u").append(id).append(",2026-01-01T01:00:00Z,buy,s").append(s).append('\n');
        }
      }
    }
    Path log = Files.writeString(dir.resolve("sources.csv"), csv);
    Cli cli =
        Cli.run(
            "report",
            "--events",
            log.toString(),
            "--step",
            "visit=visit",
            "--step",
            "buy=buy",
            "--window",
            "1d",
            "--segment-column",
            "source",
            "--out",
            dir.resolve("out").toString());
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    String html = Files.readString(dir.resolve("out").resolve("funnel.html"));
    for (int s = 0; s < 12; s++) {
      assertThat(html).contains("<td data-label=\"source\">s" + s + "</td>");
      // In the charts' legends (the breakdown's and the curve's) only the eight largest have
      // lines of their own.
      assertThat(html.contains(">s" + s + ": ")).as("s%s in a legend", s).isEqualTo(s >= 4);
    }
    // s0 to s3: 20 + 21 + 22 + 23 = 86 visitors, 7 + 7 + 8 + 8 = 30 buyers.
    assertThat(html).contains(">Other: 34.9 % overall [").contains("of 86<");
  }
}
