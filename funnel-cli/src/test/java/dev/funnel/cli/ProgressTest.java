package dev.funnel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.funnel.io.EpochUnit;
import dev.funnel.io.EventLog;
import dev.funnel.io.EventReader;
import dev.funnel.io.TimeFormat;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
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

  /** Reads {@link #BIG} the way {@code funnel report} does, reporting to {@code err}. */
  private static EventLog read(StringWriter err, boolean terminal) throws Exception {
    Progress progress =
        Progress.to(new PrintWriter(err, true), "big.csv", BIG.length, 1_000, terminal);
    EventLog log =
        EventReader.builder()
            .threads(1)
            .timeFormat(TimeFormat.epoch(EpochUnit.MILLISECONDS))
            .progress((bytes, rows) -> progress.update(bytes, BIG.length, rows))
            .build()
            .read(new ByteArrayInputStream(BIG), "big.csv");
    progress.done(BIG.length, log.dataRows());
    return log;
  }

  @Test
  void largeFilesShowHowFarTheReadHasGotOnOneLine() throws Exception {
    StringWriter err = new StringWriter();
    EventLog log = read(err, true);
    assertThat(log.rowsRead()).isEqualTo(200_000);
    // About 5 MB read in blocks of 4 MiB: two updates, then the summary, each rewriting the line.
    assertThat(err.toString().split("\r")).hasSize(4);
    assertThat(err.toString()).containsPattern("\rreading big\\.csv:  [0-9]{2} %, [0-9,]+ rows");
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

  /** Standard input has no size: the line appears once the threshold has been read. */
  @Test
  void inputOfUnknownSizeShowsNothingUntilItIsLarge() {
    StringWriter err = new StringWriter();
    Progress progress = Progress.to(new PrintWriter(err, true), "stdin", -1, 1_000, true);
    progress.update(999, -1, 10);
    assertThat(err.toString()).isEmpty();
    progress.update(1_000, -1, 11);
    progress.done(1_000, 11);
    assertThat(err.toString())
        .startsWith("\rreading stdin: 11 rows")
        .containsPattern("\rread stdin: 11 rows, 0\\.0 MB in [0-9.]+ s\\R$");
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
