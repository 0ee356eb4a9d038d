package dev.funnel.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the command in-process and keeps what it printed. */
record Cli(int exitCode, String out, String err) {
  /**
   * Writes {@code events.csv} and {@code funnel.json} into {@code dir} and runs {@code report} on
   * them with {@code --no-chart} and the further arguments.
   */
  static Cli report(Path dir, byte[] events, String funnel, String... more) throws IOException {
    Path e = Files.write(dir.resolve("events.csv"), events);
    Path f = Files.writeString(dir.resolve("funnel.json"), funnel);
    List<String> args =
        new ArrayList<>(
            List.of("report", "--events", e.toString(), "--funnel", f.toString(), "--no-chart"));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  static Cli run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        FunnelCommand.run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            args);
    return new Cli(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
