package dev.funnel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports from stage-change logs: leads' histories, with won and lost outcomes. */
class StageChangeReportTest {
  static final String FUNNEL =
      """
      {
        "schemaVersion": 1,
        "funnel": {
          "name": "Pipeline",
          "stages": [
            {"id": "lead", "name": "Lead"},
            {"id": "qualified", "name": "Qualified"},
            {"id": "proposal", "name": "Proposal"},
            {"id": "won", "name": "Won", "kind": "won"},
            {"id": "lost", "name": "Lost", "kind": "lost"}
          ]
        },
        "log": {"input": "stage-changes", "segment": "team"}
      }
      """;

  // Six leads: a and b win, c is lost at proposal, d is lost as a lead, e and f are open.
  // Rows are out of order on purpose; team is given on the first row of each lead only.
  static final String LOG =
      """
      subject,time,stage,team
      a,2026-11-01T09:00:00Z,lead,north
      b,2026-11-02T09:00:00Z,lead,south
      a,2026-11-03T09:00:00Z,qualified,
      c,2026-11-01T09:00:00Z,lead,north
      a,2026-11-05T09:00:00Z,proposal,
      a,2026-11-09T09:00:00Z,won,
      b,2026-11-04T09:00:00Z,qualified,
      b,2026-11-08T09:00:00Z,proposal,
      b,2026-11-10T09:00:00Z,won,
      c,2026-11-02T09:00:00Z,qualified,
      c,2026-11-06T09:00:00Z,proposal,
      c,2026-11-07T09:00:00Z,lost,
      d,2026-11-03T09:00:00Z,lead,south
      d,2026-11-04T09:00:00Z,lost,
      e,2026-11-05T09:00:00Z,lead,south
      e,2026-11-06T09:00:00Z,qualified,
      f,2026-11-08T09:00:00Z,lead,north
      """;

  @TempDir Path dir;

  private Cli report(String log, String... more) throws IOException {
    Path e = Files.writeString(dir.resolve("changes.csv"), log);
    Path f = Files.writeString(dir.resolve("funnel.json"), FUNNEL);
    String[] args = new String[6 + more.length];
    System.arraycopy(
        new String[] {"report", "--events", e.toString(), "--funnel", f.toString(), "--out"},
        0,
        args,
        0,
        6);
    System.arraycopy(more, 0, args, 6, more.length);
    return Cli.run(args);
  }

  @Test
  void countsLeadsUpToWhereTheyGot() throws IOException {
    Cli cli = report(LOG, dir.resolve("out").toString());
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    // Reached: lead 6, qualified 4 (a, b, c, e), proposal 3 (a, b, c), won 2 (a, b).
    assertThat(row(cli, "Lead ")).contains("6", "100.0 %");
    assertThat(row(cli, "Qualified ")).contains("4", "66.7 %");
    assertThat(row(cli, "Proposal ")).contains("3", "75.0 %");
    assertThat(row(cli, "Won ")).contains("2", "33.3 %", "66.7 %");
    assertThat(cli.out()).contains("2 of 6 leads ended lost");
    assertThat(cli.out()).contains("17 stage changes of 6 leads");
    // Qualified → proposal takes 2, 4 and 4 days (a, b, c): median 4 days.
    String times = cli.out().substring(cli.out().indexOf("Time to convert"));
    assertThat(times.lines().filter(l -> l.startsWith("Proposal ")).findFirst().orElseThrow())
        .contains("4.0 d");
    // By team: north has a, c, f (1 won); south has b, d, e (1 won).
    assertThat(row(cli, "north ")).contains("3", "1", "33.3 %");
    assertThat(row(cli, "south ")).contains("3", "1", "33.3 %");
    assertThat(Files.readString(dir.resolve("out/funnel.svg"))).contains(">Qualified");
  }

  @Test
  void slowestStageCanBeTheBottleneck() throws IOException {
    Cli cli = report(LOG, dir.resolve("out").toString(), "--bottleneck", "longest_median_time");
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    // Time in 'qualified': a 2 days, b 4, c 4, e still there after 4 (the log ends on the 10th);
    // in 'proposal': a 4, b 2, c 1. The median of the first is the longest.
    assertThat(cli.out())
        .contains("Bottleneck (longest median time in stage): 'Qualified'")
        .contains("median time in this stage: 4.0 d");
  }

  @Test
  void unknownStageIsNamedWithItsLineAndTheKnownStages() throws IOException {
    Cli cli = report(LOG + "g,2026-11-09T09:00:00Z,demo,north\n", dir.resolve("out").toString());
    assertThat(cli.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(cli.err())
        .isEqualTo(
            "error: "
                + dir.resolve("changes.csv")
                + ":19:3: the stage 'demo' is none of [lead, qualified, proposal, won,"
                + " lost]\n");
  }

  @Test
  void pageShowsWonAndLostByTimeAndTheCohorts() throws IOException {
    Path out = dir.resolve("page");
    Cli cli = report(LOG, out.toString());
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    String html = Files.readString(out.resolve("funnel.html"));
    // By hand (Aalen–Johansen, the log's last time 11-10 09:00 as now): d lost after 1 day of 6
    // at risk: F_lost = 1/6, S = 5/6; f and e stay open (censored at 2 and 5 days); c lost after
    // 6 days of 3 at risk: F_lost += 5/6 · 1/3 → 4/9, S = 5/9; a and b won after 8 days of 2:
    // F_won = 5/9. Kaplan–Meier of winning would say 1 − 0 = 100 %.
    assertThat(html)
        .contains("<h2>Closed by time since a lead came in</h2>")
        .contains("won: 55.6 % [")
        .contains("lost: 44.4 % [");
    // Kaplan–Meier of closing (won or lost): S = 5/6 after day 1, 5/9 after day 6, 0 after day 8,
    // so the median is 8 days. By R's quantile.survfit rule on the log band: Greenwood's variance
    // of log S is 1/30 + 1/6 = 0.2 at day 6, where the lower band is 5/9 · exp(−1.96 · √0.2) =
    // 0.23, the first below 1/2 (day 1's is 0.58); the upper band never falls to 1/2.
    assertThat(html).contains("median time to close (won or lost): 8.0 d [6.0 d, not reached].");
    // Leads by the day they came in: a and c on 11-01 (a won), b on 11-02 (won), d on 11-03
    // (lost), e on 11-05 and f on 11-08 (both still open).
    assertThat(html)
        .containsPattern(cohort("2026-11-01", 2, "50.0 %", 0))
        .containsPattern(cohort("2026-11-02", 1, "100.0 %", 0))
        .containsPattern(cohort("2026-11-03", 1, "0.0 %", 0))
        .containsPattern(cohort("2026-11-05", 1, "0.0 %", 1))
        .containsPattern(cohort("2026-11-08", 1, "0.0 %", 1));
  }

  /** A cohort's row, whatever its interval. */
  private static String cohort(String day, int leads, String converted, int open) {
    return "<td data-label=\"day of\">"
        + day
        + "</td><td data-label=\"subjects\">"
        + leads
        + "</td><td data-label=\"converted\">"
        + converted
        + "</td><td data-label=\"95 % interval\">[^<]*</td><td data-label=\"still open\">"
        + open
        + "</td>";
  }

  private static String row(Cli cli, String prefix) {
    return cli.out()
        .lines()
        .filter(l -> l.startsWith(prefix))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no line starts with '" + prefix + "' in\n" + cli.out()));
  }
}
