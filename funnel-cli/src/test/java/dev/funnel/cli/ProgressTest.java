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

  @Test
  void largeFilesShowHowFarTheReadHasGotOnOneLine() throws Exception {
    StringBuilder csv = new StringBuilder("subject,time,event\n");
    for (int i = 0; i < 200_000; i++) {
      csv.append("s").append(i % 5_000).append(',').append(1_000_000 + i).append(",view\n");
    }
    byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
    StringWriter err = new StringWriter();
    EventLog log =
        EventLog.read(
            "big.csv",
            new ByteArrayInputStream(bytes),
            bytes.length,
            new EventLog.Options(
                "event",
                Optional.empty(),
                List.of("view"),
                false,
                TimeUnit.MILLISECONDS,
                false,
                Progress.to(new PrintWriter(err, true), "big.csv", bytes.length, 1_000)));
    assertThat(log.size()).isEqualTo(200_000);
    // An update every 65,536 rows: three of them, then the summary, each rewriting the line.
    assertThat(err.toString().split("\r")).hasSize(5);
    assertThat(err.toString()).contains("reading big.csv:", "196,608 rows");
    assertThat(err.toString()).containsPattern("\rread big\\.csv: 200,000 rows, [0-9.]+ MB in ");
  }

  @Test
  void smallFilesShowNothing() {
    StringWriter err = new StringWriter();
    Progress progress = Progress.to(new PrintWriter(err, true), "small.csv", 999, 1_000);
    progress.update(500, 999, 65_536);
    progress.done(999, 70_000);
    assertThat(err.toString()).isEmpty();
  }
}
