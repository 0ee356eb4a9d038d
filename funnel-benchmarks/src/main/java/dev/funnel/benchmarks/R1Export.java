package dev.funnel.benchmarks;

import dev.funnel.events.EventBatch;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes the R1 workload as tab-separated values (subject, timestamp, code) in a layout, and the
 * reference counts per level next to it, so that external engines (ClickHouse) load exactly the
 * data the JMH benchmarks use and can be checked against the same answer.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.funnel.benchmarks.R1Export EVENTS LAYOUT FILE}; the
 * counts go to {@code FILE.expected}, one line "level count" per level.
 */
public final class R1Export {
  private R1Export() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: R1Export EVENTS GROUPED|TIME_ORDERED|ARBITRARY FILE");
      System.exit(2);
    }
    int events = Integer.parseInt(args[0]);
    EventBatch.Layout layout = EventBatch.Layout.valueOf(args[1]);
    Path file = Path.of(args[2]);
    R1Workload data = R1Workload.generate(events, 42).in(layout);
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
      StringBuilder line = new StringBuilder(32);
      for (int i = 0; i < data.size(); i++) {
        line.setLength(0);
        line.append(data.subjects[i])
            .append('\t')
            .append(data.timestamps[i])
            .append('\t')
            .append(data.codes[i])
            .append('\n');
        out.append(line);
      }
    }
    long[] counts =
        StreamsFunnel.levels(
            data.subjects, data.timestamps, data.codes, R1Workload.STEPS, R1Workload.WINDOW);
    StringBuilder expected = new StringBuilder();
    for (int level = 0; level < counts.length; level++) {
      expected.append(level).append(' ').append(counts[level]).append('\n');
    }
    Files.writeString(Path.of(file + ".expected"), expected, StandardCharsets.US_ASCII);
    System.out.println("wrote " + data.size() + " events, reference " + Arrays.toString(counts));
  }
}
