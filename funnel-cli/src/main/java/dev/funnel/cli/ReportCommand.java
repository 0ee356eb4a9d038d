package dev.funnel.cli;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Splitter;
import dev.funnel.events.Dialect;
import dev.funnel.events.RepeatPolicy;
import dev.funnel.events.StepOrder;
import dev.funnel.events.TiePolicy;
import dev.funnel.events.WindowAnchor;
import dev.funnel.events.WindowFunnel;
import dev.funnel.forecast.BackwardPlan;
import dev.funnel.io.BadEventsException;
import dev.funnel.io.BadRow;
import dev.funnel.io.EpochUnit;
import dev.funnel.io.EventColumns;
import dev.funnel.io.EventFilter;
import dev.funnel.io.EventFormat;
import dev.funnel.io.EventLog;
import dev.funnel.io.EventReader;
import dev.funnel.io.SegmentAttribution;
import dev.funnel.io.StreamedFunnel;
import dev.funnel.io.TimeFormat;
import dev.funnel.metrics.BottleneckCriterion;
import java.io.Console;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code funnel report}: see {@link FunnelCommand}. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    versionProvider = FunnelCommand.BuildVersion.class,
    description = {
      "Prints a funnel's conversion table, bottleneck, time to convert, segment breakdown (with"
          + " Holm-corrected p-values), the curve of converting, entry cohorts and the signals at"
          + " the bottleneck, and writes the funnel as SVG and a page (HTML) with all of it.",
      "With neither --events nor a funnel it runs on the bundled sample: an online store's"
          + " November, 12,000 visitors."
    },
    footerHeading = "%n",
    footer = {
      "Event log: CSV with a header row; other columns are ignored. By default the columns",
      "  subject   who did it (any text; --subject-column)",
      "  time      ISO-8601 (2026-11-03T14:22:05Z, 2019-10-01 00:00:00 UTC) or epoch numbers",
      "            (--time-column, --time-format, --time-zone, --epoch-unit)",
      "  event     the event name (stage-change logs: 'stage', the stage id; --event-column)",
      "  <segment> --segment-column, or the funnel file's \"segment\"",
      "",
      "A first try needs no funnel file:",
      "  funnel report --events 2019-Oct.csv --subject-column user_id --time-column event_time",
      "    --event-column event_type --step view=view --step cart=cart",
      "    --step purchase=purchase --window 7d --segment-column brand --top 10",
      "",
      "Exit codes: 0 written; 1 internal error; 2 wrong command line;",
      "  3 an input file's content is wrong; 4 a file could not be read or written;",
      "  5 out of memory."
    })
final class ReportCommand implements Callable<Integer> {
  private static final String SAMPLE = "/dev/funnel/cli/sample/";
  private static final long PROGRESS_THRESHOLD = 16L << 20;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--events",
      paramLabel = "FILE",
      description = "the event log: CSV, or gzip CSV (.gz); - reads standard input")
  private String events;

  @Option(
      names = "--funnel",
      paramLabel = "FILE",
      description = "the funnel definition, JSON (or give the steps with --step)")
  private Path funnel;

  @Option(
      names = "--step",
      paramLabel = "NAME=EVENT[,EVENT...][ where COND[ and COND...]]",
      description =
          "a step of an inline funnel, top first; repeat for each step. A condition compares"
              + " another column: price > 100, brand = 'apple'")
  private List<String> steps = new ArrayList<>();

  @Option(
      names = "--window",
      paramLabel = "DURATION",
      description = "the inline funnel's window: 7d, 12h, 30m, 90s, 2w or ISO-8601 (P7D)")
  private String window;

  @Option(
      names = "--name",
      paramLabel = "TEXT",
      defaultValue = "Funnel",
      description = "the inline funnel's title (default: ${DEFAULT-VALUE})")
  private String name;

  @Option(
      names = "--segment-column",
      paramLabel = "COLUMN",
      description = "break the funnel down by this column (overrides the funnel file's)")
  private String segmentColumn;

  @Option(
      names = "--segment-attribution",
      paramLabel = "RULE",
      defaultValue = "first_touch",
      description =
          "which of a subject's rows gives its segment, in time order: first_touch, last_touch,"
              + " or step:ID, the first row of that step (default: ${DEFAULT-VALUE})")
  private String attribution;

  @Option(
      names = "--top",
      paramLabel = "N",
      defaultValue = "0",
      description = "show the N largest segments and the rest as \"Other\" (default: all)")
  private int top;

  @Option(
      names = "--target",
      paramLabel = "N",
      description =
          "plan backward: how many each step needs for N at the last, with the range the observed"
              + " rates allow")
  private Long target;

  @Option(
      names = "--compare",
      paramLabel = "A,B",
      description =
          "compare two segments of the breakdown as A/B variants: B against A at every step"
              + " (Holm-corrected), risk ratio, anytime-valid intervals, power")
  private String compare;

  @Option(
      names = "--subject-column",
      paramLabel = "COLUMN",
      defaultValue = "subject",
      description = "the column that says who (default: ${DEFAULT-VALUE})")
  private String subjectColumn;

  @Option(
      names = "--time-column",
      paramLabel = "COLUMN",
      defaultValue = "time",
      description = "the column that says when (default: ${DEFAULT-VALUE})")
  private String timeColumn;

  @Option(
      names = "--event-column",
      paramLabel = "COLUMN",
      description = "the column that says what (default: event; stage for stage-change logs)")
  private String eventColumn;

  @Option(
      names = "--time-format",
      paramLabel = "FORMAT",
      defaultValue = "auto",
      description =
          "auto (ISO-8601 or epoch numbers), iso, epoch, or a pattern such as 'dd/MM/yyyy HH:mm'"
              + " (default: ${DEFAULT-VALUE})")
  private String timeFormat;

  @Option(
      names = "--time-zone",
      paramLabel = "ZONE",
      defaultValue = "UTC",
      description =
          "the zone of times that name none, e.g. Europe/Berlin (default: ${DEFAULT-VALUE})")
  private String timeZone;

  @Option(
      names = "--epoch-unit",
      paramLabel = "UNIT",
      defaultValue = "auto",
      description =
          "the unit of epoch times: auto, s, ms, us or ns; auto takes the unit the first time is"
              + " plausible in (default: ${DEFAULT-VALUE})")
  private String epochUnit;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description =
          "csv, ndjson or parquet; default from the file's extension (.ndjson, .jsonl and .json"
              + " are NDJSON, .parquet Parquet), else from its first bytes")
  private String format;

  @Option(
      names = "--delimiter",
      paramLabel = "CHAR",
      defaultValue = ",",
      description = "the CSV field delimiter; \\t for tab (default: ${DEFAULT-VALUE})")
  private String delimiter;

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "text, json or csv: the result on standard output; json and csv print nothing else"
              + " there (default: ${DEFAULT-VALUE})")
  private String output;

  @Option(
      names = "--dialect",
      paramLabel = "ENGINE[:MODES]",
      description =
          "count as another engine does: clickhouse[:strict_order,...], doris[:mode],"
              + " doris-v1[:mode], starrocks[:N], duckdb-behavioral[:modes]")
  private String dialect;

  @Option(
      names = "--order",
      paramLabel = "ORDER",
      description = "sequential (default) or strict: any other step's event in between breaks")
  private StepOrder order;

  @Option(
      names = "--repeats",
      paramLabel = "POLICY",
      description = "ignore (default), stop or restart: what a repeated step event does")
  private RepeatPolicy repeats;

  @Option(
      names = "--ties",
      paramLabel = "POLICY",
      description = "allow_equal (default) or strict_increase: may steps share a timestamp")
  private TiePolicy ties;

  @Option(
      names = "--window-anchor",
      paramLabel = "ANCHOR",
      description = "latest_entry (default) or first_entry: which entry the window runs from")
  private WindowAnchor anchor;

  @Option(
      names = "--max-gap",
      paramLabel = "DURATION",
      description = "the longest time allowed between two consecutive steps (7d, 30m, PT1H)")
  private String maxGap;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "threads that parse the log (default: every core)")
  private Integer threads;

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
      names = "--skip-bad-rows",
      description =
          "skip bad rows (each still reported), including bytes that are not UTF-8 and unclosed"
              + " quotes, instead of stopping")
  private boolean skipBadRows;

  @Option(names = "--quiet", description = "no progress on large files")
  private boolean quiet;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    checkCommandLine();
    boolean text = output.equalsIgnoreCase("text");
    try {
      FunnelReport report = report(stderr);
      if (compare != null) {
        List<String> variants = variants();
        report =
            report.withComparison(
                AbComparison.of(report.segments(), variants.get(0), variants.get(1)));
      }
      if (target != null) {
        report = report.withPlan(plan(report, target));
      }
      if (text) {
        TextReport.print(report, stdout);
      } else if (output.equalsIgnoreCase("json")) {
        MachineReport.json(report, stdout);
      } else {
        MachineReport.csv(report, stdout);
      }
      if (!noChart) {
        String svg = SvgChart.render(report);
        Files.createDirectories(out);
        Path svgFile = out.resolve("funnel.svg");
        Path htmlFile = out.resolve("funnel.html");
        Files.writeString(svgFile, svg, StandardCharsets.UTF_8);
        Files.writeString(htmlFile, HtmlPage.render(report, svg), StandardCharsets.UTF_8);
        // Standard output carries only the result when it is for a machine.
        PrintWriter told = text ? stdout : stderr;
        if (text) {
          told.println();
        }
        told.println("Wrote " + svgFile + " and " + htmlFile);
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

  /** The backward plan for {@code --target}; a step no one reached makes any target unreachable. */
  private static BackwardPlan plan(FunnelReport report, long target) throws InputException {
    try {
      return BackwardPlan.forDeals(target, report.conversion());
    } catch (IllegalArgumentException e) {
      throw new InputException(new Problem("--target", 0, 0, Problem.messageOf(e)));
    }
  }

  /** The two segments of {@code --compare A,B}, as given. */
  private List<String> variants() {
    return Splitter.on(',').trimResults().splitToList(requireNonNull(compare));
  }

  /** Refuses option combinations that cannot mean anything, before any file is opened. */
  private void checkCommandLine() {
    if (funnel != null && !steps.isEmpty()) {
      throw usage("give the funnel either as --funnel FILE or as --step options, not both");
    }
    if (events == null && (funnel != null || !steps.isEmpty())) {
      throw usage("give --events with --funnel or --step, or neither for the sample");
    }
    if (events != null && funnel == null && steps.isEmpty()) {
      throw usage("give the funnel: --funnel FILE, or --step NAME=EVENT for each step");
    }
    if (!steps.isEmpty() && window == null) {
      throw usage("an inline funnel needs --window, such as --window 7d");
    }
    if (steps.isEmpty() && window != null) {
      throw usage("--window is for an inline funnel (--step); a funnel file has its \"window\"");
    }
    if (!List.of("text", "json", "csv").contains(output.toLowerCase(Locale.ROOT))) {
      throw usage("--output must be text, json or csv: '" + output + "'");
    }
    if (top < 0) {
      throw usage("--top must not be negative: " + top);
    }
    if (target != null && target < 1) {
      throw usage("--target must be at least 1: " + target);
    }
    if (compare != null) {
      List<String> variants = variants();
      if (variants.size() != 2 || variants.stream().anyMatch(String::isEmpty)) {
        throw usage("--compare takes two segments, A,B: '" + compare + "'");
      }
      if (variants.get(0).equals(variants.get(1))) {
        throw usage("--compare needs two different segments: '" + compare + "'");
      }
    }
    if (format != null
        && !List.of("csv", "ndjson", "parquet").contains(format.toLowerCase(Locale.ROOT))) {
      throw usage("--format must be csv, ndjson or parquet: '" + format + "'");
    }
    if (threads != null && threads < 1) {
      throw usage("--threads must be at least 1: " + threads);
    }
    try {
      if (dialect != null) {
        dialectOf(dialect);
      }
      if (maxGap != null) {
        FunnelDefinition.duration("--max-gap", maxGap);
      }
    } catch (IllegalArgumentException e) {
      throw usage(Problem.messageOf(e));
    }
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  private FunnelReport report(PrintWriter stderr) throws InputException, IOException {
    String funnelName =
        funnel != null ? funnel.toString() : steps.isEmpty() ? "sample funnel.json" : "--step";
    String eventsName =
        events == null ? "sample events.csv" : events.equals("-") ? "stdin" : events;
    FunnelDefinition definition = definition(funnelName);
    boolean stageChanges = definition.input() == FunnelDefinition.Input.STAGE_CHANGES;
    if (compare != null && definition.segmentColumn().isEmpty()) {
      throw usage("--compare needs a breakdown: --segment-column, or \"segment\" in " + funnelName);
    }
    if (criterion == BottleneckCriterion.LONGEST_MEDIAN_TIME && !stageChanges) {
      throw usage(
          "--bottleneck longest_median_time needs a log of stage changes (\"input\":"
              + " \"stage-changes\" in "
              + funnelName
              + "): an event log has no time in stage");
    }
    if (stageChanges
        && (dialect != null
            || order != null
            || repeats != null
            || ties != null
            || anchor != null
            || maxGap != null)) {
      throw usage(
          "--dialect, --order, --repeats, --ties, --window-anchor and --max-gap are for event"
              + " funnels; "
              + funnelName
              + " is a funnel over stage changes");
    }
    long size = sizeOf(events);
    Progress progress =
        quiet
            ? Progress.none()
            : Progress.to(stderr, eventsName, size, PROGRESS_THRESHOLD, isTerminal());
    EventReader reader = reader(definition, (bytes, rows) -> progress.update(bytes, size, rows));
    boolean stdin = events == null || events.equals("-");
    try (InputStream in = openEvents()) {
      if (stageChanges) {
        EventLog log = stdin ? reader.read(in, eventsName) : reader.read(Path.of(events));
        checkRows(
            stderr,
            progress,
            size,
            eventsName,
            log.dataRows(),
            log.rowsRead(),
            log.rowsSkipped(),
            log.badRows());
        return FunnelReport.ofStageChanges(definition, funnelName, log, criterion, top);
      }
      List<EventFilter> stepFilters =
          definition.steps().stream().map(s -> requireNonNull(s.filter())).toList();
      Consumer<WindowFunnel.Builder> funnel = FunnelReport.funnelOf(definition, this::policies);
      StreamedFunnel streamed;
      try {
        streamed =
            stdin
                ? reader.aggregate(in, eventsName, stepFilters, funnel)
                : reader.aggregate(Path.of(events), stepFilters, funnel);
      } catch (IllegalArgumentException e) {
        // Thrown before reading: the funnel the definition describes is not valid.
        throw new InputException(new Problem(funnelName, 0, 0, Problem.messageOf(e)));
      }
      checkRows(
          stderr,
          progress,
          size,
          eventsName,
          streamed.dataRows(),
          streamed.rowsRead(),
          streamed.rowsSkipped(),
          streamed.badRows());
      List<String> stepNames =
          definition.steps().stream().map(FunnelDefinition.Step::name).toList();
      return FunnelReport.ofEvents(
          definition,
          streamed,
          criterion,
          top,
          (bottleneck, segments) ->
              details(definition, stepFilters, funnel, streamed, bottleneck, segments, stepNames));
    } catch (BadEventsException e) {
      throw new InputException(
          e.problems().stream()
              .limit(InputException.MAX_LISTED)
              .map(ReportCommand::problem)
              .toList(),
          e.total());
    }
  }

  /**
   * The subjects' paths for the page: the log read a second time, into memory, when there is a page
   * to write, the log can be read again (a file or the sample, not standard input) and it is not
   * too large to hold.
   */
  private ReportDetails details(
      FunnelDefinition definition,
      List<EventFilter> stepFilters,
      Consumer<WindowFunnel.Builder> funnel,
      StreamedFunnel streamed,
      int bottleneck,
      Set<String> segments,
      List<String> stepNames) {
    if (noChart && !output.equalsIgnoreCase("json")) {
      return ReportDetails.none("no page or JSON is written (--no-chart)");
    }
    if (events != null && events.equals("-")) {
      return ReportDetails.none(
          "the curve, cohorts and correlations read the log a second time, and standard input"
              + " can be read only once: give the log as a file");
    }
    if (streamed.rowsRead() > ReportDetails.MAX_ROWS) {
      return ReportDetails.none(
          String.format(
              Locale.ROOT,
              "the curve, cohorts and correlations hold the log in memory, and %,d rows are more"
                  + " than %,d",
              streamed.rowsRead(),
              ReportDetails.MAX_ROWS));
    }
    // What the first pass left is garbage by now, so the whole heap is what there is.
    Runtime runtime = Runtime.getRuntime();
    long needed = streamed.rowsRead() * ReportDetails.BYTES_PER_ROW;
    if (needed > runtime.maxMemory()) {
      return ReportDetails.none(
          String.format(
              Locale.ROOT,
              "the curve, cohorts and correlations hold the log's %,d rows in memory, about %,d"
                  + " MB, more than the heap's %,d MB; give Java more (java -Xmx…) to see them",
              streamed.rowsRead(),
              needed >> 20,
              runtime.maxMemory() >> 20));
    }
    EventReader reader = reader(definition, (bytes, rows) -> {}, stepFilters);
    try (InputStream in = openEvents()) {
      EventLog log =
          events == null ? reader.read(in, "sample events.csv") : reader.read(Path.of(events));
      return ReportDetails.ofEvents(definition, log, funnel, bottleneck, segments, stepNames);
    } catch (IOException | BadEventsException e) {
      // The first pass read the same bytes; failing now means the file changed under us.
      return ReportDetails.none("the log could not be read a second time: " + e.getMessage());
    } catch (OutOfMemoryError e) {
      // Only what this pass allocated is lost, and it is garbage once this frame is left: the
      // counts of the first pass still make a report.
      return ReportDetails.none(
          String.format(
              Locale.ROOT,
              "the curve, cohorts and correlations ran out of memory with a heap of %,d MB; give"
                  + " Java more (java -Xmx…) to see them",
              runtime.maxMemory() >> 20));
    }
  }

  /** Ends the progress line, lists the rows skipped, and refuses a log without rows. */
  private static void checkRows(
      PrintWriter stderr,
      Progress progress,
      long size,
      String name,
      long dataRows,
      long rowsRead,
      long rowsSkipped,
      List<BadRow> badRows)
      throws InputException {
    progress.done(Math.max(0, size), dataRows);
    badRows.forEach(p -> stderr.println("skipped: " + p));
    if (rowsSkipped > badRows.size()) {
      stderr.printf(
          Locale.ROOT, "skipped: … and %,d more bad rows%n", rowsSkipped - badRows.size());
    }
    if (rowsRead == 0) {
      String why = rowsSkipped > 0 ? " (every row was bad)" : "";
      throw new InputException(new Problem(name, 0, 0, "no rows to read" + why));
    }
  }

  private FunnelDefinition definition(String funnelName) throws InputException, IOException {
    FunnelDefinition definition;
    if (!steps.isEmpty()) {
      try {
        definition =
            FunnelDefinition.inline(name, steps, window, Optional.ofNullable(segmentColumn));
      } catch (IllegalArgumentException e) {
        throw usage(Problem.messageOf(e));
      }
    } else {
      try (InputStream in = funnel == null ? sample("funnel.json") : Files.newInputStream(funnel)) {
        definition = FunnelDefinition.read(funnelName, in);
      }
    }
    if (segmentColumn != null && funnel != null) {
      definition = definition.withSegmentColumn(segmentColumn);
    }
    return definition;
  }

  private EventReader reader(FunnelDefinition definition, EventReader.Progress progress) {
    return reader(definition, progress, List.of());
  }

  private EventReader reader(
      FunnelDefinition definition, EventReader.Progress progress, List<EventFilter> filters) {
    boolean stageChanges = definition.input() == FunnelDefinition.Input.STAGE_CHANGES;
    EventColumns.Builder columns =
        EventColumns.builder()
            .subject(subjectColumn)
            .time(timeColumn)
            .event(eventColumn != null ? eventColumn : definition.input().column());
    definition.segmentColumn().ifPresent(columns::segment);
    EpochUnit unit;
    TimeFormat times;
    char separator;
    try {
      unit = epochUnit(epochUnit);
      times = TimeFormat.of(timeFormat, unit).withZone(timeZone);
      separator = separator(delimiter);
      EventReader.Builder reader =
          EventReader.builder()
              .columns(columns.build())
              .timeFormat(times)
              .resolution(TimeUnit.MILLISECONDS)
              .delimiter(separator)
              .skipBadRows(skipBadRows);
      attribution(reader, definition);
      if (format != null) {
        reader.format(EventFormat.valueOf(format.toUpperCase(Locale.ROOT)));
      }
      if (threads != null) {
        reader.threads(threads);
      }
      if (stageChanges) {
        reader.onlyEvents(definition.steps().stream().map(FunnelDefinition.Step::id).toList());
      }
      return reader.filters(filters).progress(progress).build();
    } catch (IllegalArgumentException e) {
      throw usage(Problem.messageOf(e));
    }
  }

  /** Sets the reader's segment attribution from --segment-attribution. */
  private void attribution(EventReader.Builder reader, FunnelDefinition definition) {
    String rule = attribution.strip().toLowerCase(Locale.ROOT);
    if (rule.startsWith("step:")) {
      String id = attribution.strip().substring("step:".length()).strip();
      FunnelDefinition.Step step =
          definition
              .step(id)
              .orElseThrow(
                  () ->
                      usage(
                          "--segment-attribution step:"
                              + id
                              + " names no step; the steps are "
                              + definition.steps().stream()
                                  .map(FunnelDefinition.Step::id)
                                  .toList()));
      EventFilter filter = step.filter();
      if (filter == null) {
        throw usage("--segment-attribution step:ID is for event funnels, not stage changes");
      }
      reader.segmentAttribution(filter);
      return;
    }
    switch (rule) {
      case "first_touch" -> reader.segmentAttribution(SegmentAttribution.FIRST_TOUCH);
      case "last_touch" -> reader.segmentAttribution(SegmentAttribution.LAST_TOUCH);
      default ->
          throw usage(
              "--segment-attribution must be first_touch, last_touch or step:ID: '"
                  + attribution
                  + "'");
    }
  }

  /** The file's size for progress, or -1 for standard input, the sample or a file not there. */
  private static long sizeOf(@Nullable String events) {
    if (events == null || events.equals("-")) {
      return -1;
    }
    try {
      return Files.size(Path.of(events));
    } catch (IOException e) {
      // The read itself says what is wrong with the file.
      return -1;
    }
  }

  /** The stream of the sample or of standard input (which is not closed); empty for a file. */
  private InputStream openEvents() throws IOException {
    if (events == null) {
      return sample("events.csv");
    }
    return events.equals("-")
        ? new FilterInputStream(System.in) {
          @Override
          public void close() {}
        }
        : InputStream.nullInputStream();
  }

  private static InputStream sample(String name) throws IOException {
    InputStream in = ReportCommand.class.getResourceAsStream(SAMPLE + name);
    if (in == null) {
      throw new IOException("the bundled sample " + name + " is missing from the class path");
    }
    return in;
  }

  /** {@code --epoch-unit}: the codes of {@link EpochUnit}, or a unit's English name. */
  private static EpochUnit epochUnit(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    for (EpochUnit unit : EpochUnit.values()) {
      if (unit.code().equals(t) || unit.name().toLowerCase(Locale.ROOT).equals(t)) {
        return unit;
      }
    }
    throw new IllegalArgumentException(
        "--epoch-unit must be auto, s, ms, us or ns: '" + text + "'");
  }

  /** {@code --delimiter}: one character, or {@code \\t} for a tab. */
  private static char separator(String text) {
    if (text.equals("\\t") || text.equals("\t")) {
      return '\t';
    }
    if (text.length() != 1) {
      throw new IllegalArgumentException(
          "--delimiter must be one character or \\t: '" + text + "'");
    }
    return text.charAt(0);
  }

  /** Reads --dialect as the library does; its refusal names the option. */
  private static Dialect dialectOf(String text) {
    try {
      return Dialect.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--" + e.getMessage(), e);
    }
  }

  private void policies(WindowFunnel.Builder funnel) {
    if (dialect != null) {
      funnel.dialect(dialectOf(dialect));
    }
    if (order != null) {
      funnel.order(order);
    }
    if (repeats != null) {
      funnel.repeats(repeats);
    }
    if (ties != null) {
      funnel.ties(ties);
    }
    if (anchor != null) {
      funnel.windowAnchor(anchor);
    }
    if (maxGap != null) {
      funnel.maxGap(FunnelDefinition.duration("--max-gap", maxGap).toMillis());
    }
  }

  private static Problem problem(BadRow row) {
    return new Problem(row.file(), row.line(), row.column(), row.message());
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
