package dev.funnel.cli;

import dev.funnel.metrics.BottleneckCriterion;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code funnel report}: see {@link FunnelCommand}. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    versionProvider = FunnelCommand.BuildVersion.class,
    description = {
      "Prints a funnel's conversion table, bottleneck, time to convert and segment breakdown, and"
          + " writes the funnel as SVG and HTML.",
      "With neither --events nor --funnel it runs on the bundled sample: an online store's"
          + " November, 12,000 visitors."
    },
    footerHeading = "%n",
    footer = {
      "Event log columns (a header row is required; other columns are ignored):",
      "  subject   who did it (any text)",
      "  time      ISO-8601 with a zone (2026-11-03T14:22:05Z) or whole epoch units",
      "  event     the event name (stage-change logs: a 'stage' column, the stage id)",
      "  <segment> the column named by the funnel's \"segment\", if any",
      "",
      "Exit codes: 0 written; 1 internal error; 2 wrong command line;",
      "  3 an input file's content is wrong; 4 a file could not be read or written;",
      "  5 out of memory."
    })
final class ReportCommand implements Callable<Integer> {
  private static final String SAMPLE = "/dev/funnel/cli/sample/";
  private static final long PROGRESS_THRESHOLD = 16L << 20;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Option(names = "--events", paramLabel = "FILE", description = "the event log, CSV")
  private Path events;

  @Option(names = "--funnel", paramLabel = "FILE", description = "the funnel definition, JSON")
  private Path funnel;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "target/funnel-report",
      description = "where funnel.svg and funnel.html go (default: ${DEFAULT-VALUE})")
  private Path out;

  @Option(names = "--no-chart", description = "write no SVG or HTML")
  private boolean noChart;

  @Option(
      names = "--bottleneck",
      paramLabel = "CRITERION",
      defaultValue = "lowest_step_rate",
      description =
          "lowest_step_rate, largest_absolute_loss or longest_median_time (stage-change logs"
              + " only) (default: ${DEFAULT-VALUE})")
  private BottleneckCriterion criterion;

  @Option(
      names = "--epoch-unit",
      paramLabel = "UNIT",
      defaultValue = "milliseconds",
      description =
          "the unit of numeric times: seconds, milliseconds, microseconds or nanoseconds"
              + " (default: ${DEFAULT-VALUE})")
  private TimeUnit epochUnit;

  @Option(
      names = "--skip-bad-rows",
      description = "skip bad rows (each still reported) instead of stopping")
  private boolean skipBadRows;

  @Option(names = "--quiet", description = "no progress on large files")
  private boolean quiet;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    if ((events == null) != (funnel == null)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "give both --events and --funnel, or neither for the sample");
    }
    if (!EventLog.EPOCH_UNITS.contains(epochUnit)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--epoch-unit must be seconds, milliseconds, microseconds or nanoseconds: " + epochUnit);
    }
    try {
      FunnelReport report = report(stderr);
      TextReport.print(report, stdout);
      if (!noChart) {
        String svg = SvgChart.render(report);
        Files.createDirectories(out);
        Path svgFile = out.resolve("funnel.svg");
        Path htmlFile = out.resolve("funnel.html");
        Files.writeString(svgFile, svg, StandardCharsets.UTF_8);
        Files.writeString(htmlFile, HtmlPage.render(report, svg), StandardCharsets.UTF_8);
        stdout.println();
        stdout.println("Wrote " + svgFile + " and " + htmlFile);
      }
      stdout.flush();
      return ExitCode.OK;
    } catch (InputException e) {
      e.problems().forEach(p -> stderr.println("error: " + p));
      if (e.total() > e.problems().size()) {
        stderr.printf(
            Locale.ROOT, "error: … and %,d more problems%n", e.total() - e.problems().size());
      }
      return ExitCode.INVALID_INPUT;
    } catch (IOException e) {
      stderr.println("error: " + describe(e));
      return ExitCode.IO_ERROR;
    } catch (OutOfMemoryError e) {
      // What was read is garbage once this frame is left, so the message can still be printed.
      stderr.printf(
          Locale.ROOT,
          "error: out of memory reading %s with a heap of %,d MB; give Java more, e.g."
              + " java -Xmx%dg -jar funnel.jar …%n",
          events == null ? "the sample" : events,
          Runtime.getRuntime().maxMemory() >> 20,
          Math.max(2, 2 * ((Runtime.getRuntime().maxMemory() >> 30) + 1)));
      return ExitCode.OUT_OF_MEMORY;
    } finally {
      stderr.flush();
    }
  }

  private FunnelReport report(PrintWriter stderr) throws InputException, IOException {
    String funnelName = funnel == null ? "sample funnel.json" : funnel.toString();
    String eventsName = events == null ? "sample events.csv" : events.toString();
    FunnelDefinition definition;
    try (InputStream in = open(funnel, "funnel.json")) {
      definition = FunnelDefinition.read(funnelName, in);
    }
    if (criterion == BottleneckCriterion.LONGEST_MEDIAN_TIME
        && definition.input() == FunnelDefinition.Input.EVENTS) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--bottleneck longest_median_time needs a log of stage changes (\"input\":"
              + " \"stage-changes\" in "
              + funnelName
              + "): an event log has no time in stage");
    }
    EventLog log;
    long size = events == null ? -1 : Files.size(events);
    EventLog.Options options =
        new EventLog.Options(
            definition.input().column(),
            definition.segmentColumn(),
            definition.steps().stream()
                .flatMap(
                    s ->
                        definition.input() == FunnelDefinition.Input.EVENTS
                            ? s.events().stream()
                            : Stream.of(s.id()))
                .distinct()
                .toList(),
            definition.input() == FunnelDefinition.Input.STAGE_CHANGES,
            epochUnit,
            skipBadRows,
            quiet
                ? Progress.none()
                : Progress.to(stderr, eventsName, size, PROGRESS_THRESHOLD, isTerminal()));
    try (InputStream in = open(events, "events.csv")) {
      log = EventLog.read(eventsName, in, size, options);
    }
    log.warnings.forEach(p -> stderr.println("skipped: " + p));
    if (log.skippedRows > log.warnings.size()) {
      stderr.printf(
          Locale.ROOT, "skipped: … and %,d more bad rows%n", log.skippedRows - log.warnings.size());
    }
    return FunnelReport.of(definition, funnelName, log, criterion);
  }

  private static InputStream open(Path file, String sample) throws IOException {
    if (file != null) {
      return Files.newInputStream(file);
    }
    InputStream in = ReportCommand.class.getResourceAsStream(SAMPLE + sample);
    if (in == null) {
      throw new IOException("the bundled sample " + sample + " is missing from the class path");
    }
    return in;
  }

  private static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file: " + e.getMessage();
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied: " + e.getMessage();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  /**
   * Whether standard error is a terminal, where progress may redraw its line. Up to Java 21 a
   * console exists only for a terminal; from Java 22 one always exists and {@code isTerminal()}
   * (called by reflection, since the build targets Java 17) tells.
   */
  @SuppressWarnings("SystemConsoleNull") // handled: the null is the answer up to Java 21
  private static boolean isTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }
}
