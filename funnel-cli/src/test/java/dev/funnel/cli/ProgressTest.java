package dev.funnel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProgressTest {

  private static final byte[] BIG = big();

  private static byte[] big() {
    StringBuilder csv = new StringBuilder("subject,time,event\n");
    for (int i = 0; i < 200_000; i++) {
      // Epoch milliseconds in November 2026.
      csv.append("s")
          .append(i % 5_000)
          .append(',')
          .append(1_793_000_000_000L + i)
          .append(",view\n");
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static EventLog read(StringWriter err, boolean terminal) throws Exception {
    return EventLog.read(
        "big.csv",
        new ByteArrayInputStream(BIG),
        BIG.length,
        new EventLog.Options(
            "event",
            Optional.empty(),
            List.of("view"),
            false,
            TimeUnit.MILLISECONDS,
            false,
            Progress.to(new PrintWriter(err, true), "big.csv", BIG.length, 1_000, terminal)));
  }

  @Test
  void largeFilesShowHowFarTheReadHasGotOnOneLine() throws Exception {
    StringWriter err = new StringWriter();
    EventLog log = read(err, true);
    assertThat(log.size()).isEqualTo(200_000);
    // An update every 65,536 rows: three of them, then the summary, each rewriting the line.
    assertThat(err.toString().split("\r")).hasSize(5);
    assertThat(err.toString()).contains("reading big.csv:", "196,608 rows");
    assertThat(err.toString()).containsPattern("\rread big\\.csv: 200,000 rows, [0-9.]+ MB in ");
  }

  /** Into a file or a CI log, no carriage returns: only the closing line. */
  @Test
  void notATerminalGetsOnlyTheClosingLine() throws Exception {
    StringWriter err = new StringWriter();
    read(err, false);

    assertThat(err.toString()).doesNotContain("\r").doesNotContain("reading");
    assertThat(err.toString())
        .containsPattern("^read big\\.csv: 200,000 rows, [0-9.]+ MB in [0-9.]+ s\\R$");
  }

  @Test
  void smallFilesShowNothing() {
    StringWriter err = new StringWriter();
    Progress progress = Progress.to(new PrintWriter(err, true), "small.csv", 999, 1_000, true);
    progress.update(500, 999, 65_536);
    progress.done(999, 70_000);
    assertThat(err.toString()).isEmpty();
  }
}
