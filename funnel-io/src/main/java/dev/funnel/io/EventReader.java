package dev.funnel.io;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.common.io.CountingInputStream;
import dev.funnel.events.EventBatch;
import dev.funnel.events.FunnelResult;
import dev.funnel.events.LevelCounts;
import dev.funnel.events.SubjectResult;
import dev.funnel.events.TimeOrderedStream;
import dev.funnel.events.WindowFunnel;
import dev.funnel.metrics.SegmentBreakdown;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.jspecify.annotations.Nullable;

/**
 * Reads event logs from CSV, NDJSON and Parquet files into {@link EventLog}s ({@link EventFormat};
 * by the file's name unless {@linkplain Builder#format set}), or streams them into a window funnel
 * without holding their rows ({@link #aggregate(Path, List, Consumer)}). NDJSON is one JSON object
 * per line, whose fields are the columns; CSV is read with any delimiter and quote, RFC 4180
 * quoting (fields may hold delimiters, doubled quotes and line ends), a UTF-8 byte-order mark, CRLF
 * line ends, gzip ({@code .gz}), and standard input. A header row names the columns; {@link
 * EventColumns} says which ones to read. Unquoted values are trimmed of spaces.
 *
 * <pre>{@code
 * EventReader reader = EventReader.builder()
 *     .columns(EventColumns.builder().subject("user_id").time("event_time").event("event_type").build())
 *     .build();
 * EventLog log = reader.read(Path.of("2019-Oct.csv"));
 * StreamedFunnel funnel = reader.aggregate(Path.of("2019-Oct.csv"), steps, f -> f.window(week));
 * }</pre>
 *
 * <p>Steps that take only some rows of an event ({@code purchase where price > 100}) are {@link
 * EventFilter}s given to {@link Builder#filters}, tested while reading.
 *
 * <p>Speed: the file is cut into blocks at line ends and the blocks are parsed on every core
 * straight from their bytes (no {@code String} per field; each distinct subject, event and segment
 * is decoded once), then joined in file order, so ids and results do not depend on the threads. A
 * gzip file is inflated on the calling thread, which bounds its speed.
 *
 * <p>Bad input: a header without a needed column, an empty file, or a file that is another format
 * than its name says (gzip not named {@code .gz}, a {@code .gz} that is not gzip, Parquet) is a
 * {@link BadEventsException} before any row is read. A bad row (the wrong number of fields, an
 * empty subject or event, a time that cannot be read, text that is not UTF-8, a quote not closed)
 * is a {@link BadRow} naming the line, the column and the value: by default the read fails listing
 * them all (the first {@value #MAX_LISTED}; the rest counted), and with {@link Builder#skipBadRows}
 * the rows are skipped and listed in the log. Nothing is dropped silently: rows read + rows skipped
 * = data rows. A quote left open runs to the end of the file; its row is reported and reading goes
 * on from the row's next line.
 *
 * <p>Immutable and thread-safe: one reader may read many files at once.
 */
public final class EventReader {
  /** How many bad rows an exception or a log lists; the rest are counted. */
  public static final int MAX_LISTED = 100;

  static final int DEFAULT_BLOCK_BYTES = 4 << 20;

  private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b};
  private static final byte[] PARQUET_MAGIC = {'P', 'A', 'R', '1'};
  private static final byte[] BOM = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};

  private final EventColumns columns;
  private final TimeFormat timeFormat;
  private final TimeUnit resolution;
  private final byte delimiter;
  private final byte quote;
  private final SegmentAttribution attribution;
  private final @Nullable EventFilter segmentStep;
  private final boolean skipBadRows;
  private final int threads;
  private final int blockBytes;
  private final @Nullable EventFormat format;
  private final @Nullable ImmutableSet<String> onlyEvents;
  private final ImmutableList<EventFilter> filters;
  private final Progress progress;

  /**
   * Told of a read's progress after each block, on the reading thread: for a progress bar on a
   * large file. Must be quick and must not throw.
   */
  @FunctionalInterface
  public interface Progress {
    /**
     * Reports the bytes taken from the file or stream so far (compressed bytes for gzip) and the
     * data rows seen.
     */
    void update(long bytes, long rows);
  }

  private EventReader(Builder b) {
    this.columns = b.columns;
    this.timeFormat = b.timeFormat;
    this.resolution = b.resolution;
    this.delimiter = (byte) b.delimiter;
    this.quote = (byte) b.quote;
    this.attribution = b.attribution;
    this.segmentStep = b.segmentStep;
    this.skipBadRows = b.skipBadRows;
    this.threads = b.threads;
    this.blockBytes = b.blockBytes;
    this.format = b.format;
    this.onlyEvents = b.onlyEvents;
    EventFilter step = b.segmentStep;
    this.filters =
        step != null && !step.conditions().isEmpty() && !b.filters.contains(step)
            ? distinct(ImmutableList.<EventFilter>builder().addAll(b.filters).add(step).build())
            : b.filters;
    this.progress = b.progress;
  }

  /** The filters without repeats, at most {@value RowFilters#MAX} of them with conditions. */
  private static ImmutableList<EventFilter> distinct(Collection<EventFilter> filters) {
    ImmutableList<EventFilter> distinct = ImmutableSet.copyOf(filters).asList();
    long conditional = distinct.stream().filter(f -> !f.conditions().isEmpty()).count();
    if (conditional > RowFilters.MAX) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "at most %d filters may have conditions; %d have",
              RowFilters.MAX,
              conditional));
    }
    return distinct;
  }

  /** Returns a builder: default columns, ISO times in milliseconds, commas, every core. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads a file; a name ending in {@code .gz} is inflated.
   *
   * @throws BadEventsException if the content is not a readable event log (see the class comment)
   * @throws IOException if the file cannot be read
   */
  public EventLog read(Path file) throws IOException, BadEventsException {
    return read(file, filters, null);
  }

  /**
   * Streams a file into a window funnel whose steps are {@code steps}, in one pass and in memory
   * that grows with the number of subjects, not rows, when the file's times never go back (most
   * exports); a file that goes back in time is read a second time with its rows held, as {@link
   * #read(Path)} does, so any order works. Conditions of the steps are tested as the reader's
   * {@linkplain Builder#filters filters} are; segments are attributed as for {@link #read(Path)}.
   *
   * <pre>{@code
   * StreamedFunnel funnel = reader.aggregate(
   *     Path.of("2019-Oct.csv"),
   *     List.of(EventFilter.parse("view"), EventFilter.parse("cart"), EventFilter.parse("purchase")),
   *     steps -> steps.window(Duration.ofDays(7).toMillis()));
   * funnel.result().counts();
   * }</pre>
   *
   * <p>Memory per subject: the funnel's state ({@link dev.funnel.events.TimeOrderedStream}: for
   * three steps with the default policies, 80 bytes), its id (about 48 bytes for a numeric id) and
   * 12 bytes for its segment, if any; besides, about 32 MB for the events being taken and the
   * blocks being parsed (4 MB each, one per thread and one more).
   *
   * @param steps the steps, in order: at most {@value #MAX_STREAMED_STEPS}
   * @param funnel sets the window and any policy or dialect on a builder that already declares the
   *     event codes and the steps (one per filter; exclusions cannot be named this way)
   * @throws IllegalArgumentException if there are no steps or too many, more than {@value
   *     RowFilters#MAX} filters with conditions in all, or the funnel is not valid (before anything
   *     is read)
   * @throws BadEventsException if the content is not a readable event log (see the class comment)
   * @throws IOException if the file cannot be read
   */
  public StreamedFunnel aggregate(
      Path file, List<EventFilter> steps, Consumer<WindowFunnel.Builder> funnel)
      throws IOException, BadEventsException {
    requireNonNull(file, "file");
    StepFunnel stepFunnel = new StepFunnel(steps, funnel);
    try {
      return stepFunnel.streamed(read(file, stepFunnel.filters, stepFunnel));
    } catch (NotTimeOrdered e) {
      return stepFunnel.held(read(file, stepFunnel.filters, null));
    }
  }

  /**
   * Streams an input stream into a window funnel as {@link #aggregate(Path, List, Consumer)} does a
   * file, except that a stream cannot be read twice: its rows are held (20 bytes each) and then
   * aggregated in any order.
   *
   * @throws IllegalArgumentException as {@link #aggregate(Path, List, Consumer)}
   * @throws BadEventsException if the content is not a readable event log (see the class comment)
   * @throws IOException if the stream cannot be read
   */
  public StreamedFunnel aggregate(
      InputStream in, String name, List<EventFilter> steps, Consumer<WindowFunnel.Builder> funnel)
      throws IOException, BadEventsException {
    requireNonNull(in, "in");
    requireNonNull(name, "name");
    StepFunnel stepFunnel = new StepFunnel(steps, funnel);
    return stepFunnel.held(read(in, name, stepFunnel.filters));
  }

  /** At most this many steps stream from a file: a row's code is the set of steps it passes. */
  public static final int MAX_STREAMED_STEPS = WindowFunnel.MAX_STEP_SETS;

  /**
   * A window funnel whose steps are filters of rows: its event codes are the sets of steps a row
   * passes, so that it can be built before any row is read.
   */
  private final class StepFunnel {
    final ImmutableList<EventFilter> steps;
    // The reader's filters and the steps, which the read tests.
    final ImmutableList<EventFilter> filters;
    final WindowFunnel funnel;
    // What a streamed read found: set by its finish.
    @Nullable FunnelResult streamed;
    long[][] bySegment = new long[0][];

    StepFunnel(List<EventFilter> steps, Consumer<WindowFunnel.Builder> configure) {
      this.steps = ImmutableList.copyOf(steps);
      requireNonNull(configure, "funnel");
      if (steps.isEmpty() || steps.size() > MAX_STREAMED_STEPS) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "a funnel streamed from a file has 1 to %d steps, not %d",
                MAX_STREAMED_STEPS,
                steps.size()));
      }
      this.filters =
          distinct(
              ImmutableList.<EventFilter>builder()
                  .addAll(EventReader.this.filters)
                  .addAll(steps)
                  .build());
      WindowFunnel.Builder builder = WindowFunnel.builder().stepSets(steps.size());
      configure.accept(builder);
      this.funnel = builder.build();
      if (funnel.steps() != steps.size()) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "the funnel's steps are the %d filters given; it may not add steps (it has %d)",
                steps.size(),
                funnel.steps()));
      }
    }

    /** The length of one unit of the times read. */
    Duration unit() {
      return Duration.of(1, resolution.toChronoUnit());
    }

    /** The result of a read that streamed into this funnel and returned {@code summary}. */
    StreamedFunnel streamed(EventLog summary) {
      return new StreamedFunnel(
          summary, requireNonNull(streamed), segmentCounts(bySegment, summary), true);
    }

    /** Aggregates a log read with its rows held, as a stream would have. */
    StreamedFunnel held(EventLog log) {
      int[] stepsOfCode = new int[log.codeCount()];
      for (int i = 0; i < steps.size(); i++) {
        for (int code : log.codes(steps.get(i))) {
          stepsOfCode[code] |= 1 << i;
        }
      }
      EventBatch batch = log.recoded(stepsOfCode);
      int[] levels = new int[log.subjectCount()];
      FunnelResult result =
          funnel
              .aggregation()
              .threads(threads)
              .conversionTimes(unit())
              .subjects((subject, found) -> levels[(int) subject] = found.level())
              .run(batch);
      List<String> segmentNames = log.segmentNames();
      long[][] bySegment = new long[segmentNames.size() + 1][steps.size() + 1];
      for (int subject = 0; subject < levels.length; subject++) {
        bySegment[log.segmentIndex(subject) + 1][levels[subject]]++;
      }
      EventLog summary = log.withoutRows();
      return new StreamedFunnel(summary, result, segmentCounts(bySegment, summary), false);
    }

    /** The counts of each segment with subjects, by name, those of none as {@code (none)}. */
    private ImmutableMap<String, LevelCounts> segmentCounts(long[][] bySegment, EventLog summary) {
      if (columns.segment().isEmpty()) {
        return ImmutableMap.of();
      }
      Map<String, LevelCounts> counts = new TreeMap<>();
      List<String> names = summary.segmentNames();
      for (int segment = 0; segment < bySegment.length; segment++) {
        if (Arrays.stream(bySegment[segment]).sum() > 0) {
          counts.put(
              segment == 0 ? SegmentBreakdown.NONE : names.get(segment - 1),
              LevelCounts.ofExactly(bySegment[segment]));
        }
      }
      return ImmutableMap.copyOf(counts);
    }
  }

  /** Tells a streamed read that the file goes back in time, so that it is read again, held. */
  private static final class NotTimeOrdered extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotTimeOrdered() {
      super("the file goes back in time", null, false, false);
    }
  }

  /**
   * @param filters the reader's filters, and the steps of a funnel if one is aggregated
   * @param streamInto the funnel to stream the rows into instead of holding them, if any
   */
  private EventLog read(
      Path file, ImmutableList<EventFilter> filters, @Nullable StepFunnel streamInto)
      throws IOException, BadEventsException {
    requireNonNull(file, "file");
    String name = file.toString();
    boolean gzipName = name.toLowerCase(Locale.ROOT).endsWith(".gz");
    EventFormat named = format != null ? format : EventFormat.ofName(name).orElse(null);
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(4);
    }
    boolean parquet = startsWith(head, PARQUET_MAGIC);
    if (named == EventFormat.PARQUET && !parquet) {
      throw bad(
          name,
          startsWith(head, GZIP_MAGIC)
              ? "the content is gzip-compressed, but Parquet is read as it is (its pages are"
                  + " compressed inside); gunzip it first"
              : "the content is not Parquet: it does not begin with PAR1");
    }
    if (parquet) {
      if (named != null && named != EventFormat.PARQUET) {
        throw bad(name, "the content is a Parquet file, not " + named);
      }
      return new Run(
              name,
              InputStream.nullInputStream(),
              () -> 0,
              EventFormat.PARQUET,
              filters,
              streamInto)
          .readParquet(file, Files.size(file));
    }
    try (InputStream in = Files.newInputStream(file)) {
      return read(
          in, name, gzipName ? Compression.GZIP : Compression.NONE, named, filters, streamInto);
    }
  }

  /**
   * Reads a stream, such as standard input, to its end (it is not closed); gzip is recognised by
   * its first bytes and inflated. Unless the reader is given a format, the name's extension says
   * it, or else the first byte.
   *
   * @param name what messages call the stream, such as {@code "stdin"} or the name of the file it
   *     reads
   * @throws BadEventsException if the content is not a readable event log (see the class comment)
   * @throws IOException if the stream cannot be read
   */
  public EventLog read(InputStream in, String name) throws IOException, BadEventsException {
    return read(in, name, filters);
  }

  private EventLog read(InputStream in, String name, ImmutableList<EventFilter> filters)
      throws IOException, BadEventsException {
    requireNonNull(in, "in");
    requireNonNull(name, "name");
    return read(
        in,
        name,
        Compression.DETECT,
        format != null ? format : EventFormat.ofName(name).orElse(null),
        filters,
        null);
  }

  private enum Compression {
    NONE,
    GZIP,
    DETECT
  }

  /**
   * @param named the format asked for or named, or null to tell CSV from NDJSON by the first byte
   */
  private EventLog read(
      InputStream raw,
      String name,
      Compression compression,
      @Nullable EventFormat named,
      ImmutableList<EventFilter> filters,
      @Nullable StepFunnel streamInto)
      throws IOException, BadEventsException {
    if (named == EventFormat.PARQUET) {
      throw bad(name, "Parquet is read from its end, so only from a file: give its path");
    }
    CountingInputStream counted = new CountingInputStream(raw);
    byte[] head = counted.readNBytes(4);
    InputStream in = new SequenceInputStream(new ByteArrayInputStream(head), counted);
    boolean gzip = startsWith(head, GZIP_MAGIC);
    if (compression == Compression.GZIP && !gzip) {
      throw bad(name, "the name ends in .gz but the content is not gzip-compressed");
    }
    if (compression == Compression.NONE && gzip) {
      throw bad(name, "the content is gzip-compressed but the name does not end in .gz");
    }
    if (startsWith(head, PARQUET_MAGIC)) {
      throw bad(
          name,
          "the content is a Parquet file, which is read from its end, so only from a file:"
              + " give its path");
    }
    if (gzip) {
      in = new GZIPInputStream(in, 1 << 16);
    }
    try {
      return new Run(name, in, counted::getCount, named, filters, streamInto).read();
    } catch (ZipException e) {
      throw bad(name, "the gzip data is corrupt: " + e.getMessage());
    }
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length
        && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }

  /**
   * The refusal of a file that lacks columns: {@code what} ("header", "file") lacks {@code missing}
   * (names already quoted) and has {@code columns}.
   */
  static BadEventsException lacking(
      String name, long line, String what, List<String> missing, List<String> columns) {
    return new BadEventsException(
        new BadRow(
            name,
            line,
            0,
            String.format(
                Locale.ROOT,
                "the %s lacks the column%s %s; it has %s",
                what,
                missing.size() == 1 ? "" : "s",
                String.join(", ", missing),
                columns)));
  }

  private static BadEventsException bad(String name, String message) {
    return new BadEventsException(new BadRow(name, 0, 0, message));
  }

  /** One read: the blocks in flight, the merged dictionaries and columns. */
  private final class Run {
    final String name;
    final InputStream in;
    final SubjectIds subjects = new SubjectIds();
    final ByteDictionary events = new ByteDictionary();
    final ByteDictionary segments = new ByteDictionary();
    final EventCodes codes = new EventCodes();
    final RowStore merged = new RowStore();
    final List<BadRow> badRows = new ArrayList<>();
    long badRowCount;
    long dataRows;
    long rows;
    long[] rowsPerCode = new long[16];
    int[] segmentOf = new int[0];
    long[] segmentTime = new long[0];
    // Whether each global code's rows pass the segment's step, for the first codesOfStepKnown.
    boolean[] codesOfStep = new boolean[0];
    int codesOfStepKnown;
    long line;
    byte @Nullable [] carry;
    long carryLine;
    long firstTime = Long.MAX_VALUE;
    long lastTime = Long.MIN_VALUE;
    long previousTime = Long.MIN_VALUE;
    boolean timeOrdered = true;
    Block.@Nullable Layout layout;
    @Nullable TimeParser timeParser;

    LongSupplier bytesRead;
    final @Nullable EventFormat named;

    final ImmutableList<EventFilter> filters;
    // Streaming: the rows go into the funnel's stream, each with the set of steps it passes.
    final @Nullable StepFunnel streamInto;
    final @Nullable TimeOrderedStream stream;
    int[] stepsOfCode = new int[16];
    int stepsKnown;
    long[][] bySegment = new long[0][];
    int[] segmentOfSubject = new int[0];

    Run(
        String name,
        InputStream in,
        LongSupplier bytesRead,
        @Nullable EventFormat named,
        ImmutableList<EventFilter> filters,
        @Nullable StepFunnel streamInto) {
      this.name = name;
      this.in = in;
      this.bytesRead = bytesRead;
      this.named = named;
      this.filters = filters;
      this.streamInto = streamInto;
      this.stream =
          streamInto == null
              ? null
              : streamInto
                  .funnel
                  .aggregation()
                  .conversionTimes(streamInto.unit())
                  .subjects(this::countSegment)
                  .timeOrderedStream();
    }

    /** Counts a streamed subject's level in its segment's row (row 0: no segment). */
    private void countSegment(long subject, SubjectResult found) {
      int segment = segmentOfSubject.length == 0 ? -1 : segmentOfSubject[(int) subject];
      bySegment[segment + 1][found.level()]++;
    }

    /** Reads a Parquet file's blocks, which DuckDB has parsed, as the other formats' are. */
    EventLog readParquet(Path file, long size) throws IOException, BadEventsException {
      Block.Layout layout = jsonLayout();
      this.layout = layout;
      TimeParser parser = new TimeParser(timeFormat, resolution);
      this.timeParser = parser;
      line = 1;
      try (ParquetBlocks blocks =
          ParquetBlocks.open(file, name, layout, timeFormat, resolution, threads)) {
        bytesRead = () -> (long) (size * blocks.fractionRead());
        if (threads == 1) {
          for (Block block = blocks.next(parser); block != null; block = blocks.next(parser)) {
            merge(block);
          }
        } else {
          // The next block is fetched from DuckDB while this one is merged.
          ExecutorService fetcher = Executors.newSingleThreadExecutor(Run::daemon);
          try {
            Callable<@Nullable Block> next = () -> blocks.next(parser);
            Future<@Nullable Block> coming = fetcher.submit(next);
            for (Block block = get(coming); block != null; block = get(coming)) {
              coming = fetcher.submit(next);
              merge(block);
            }
          } finally {
            fetcher.shutdownNow();
          }
        }
      }
      if (badRowCount > 0 && !skipBadRows) {
        throw new BadEventsException(badRows, badRowCount);
      }
      return finish(parser);
    }

    EventLog read() throws IOException, BadEventsException {
      byte[] buffer = new byte[blockBytes];
      int filled = in.readNBytes(buffer, 0, buffer.length);
      int start = startsWith(Arrays.copyOf(buffer, Math.min(filled, 3)), BOM) ? 3 : 0;
      EventFormat format = checkFormat(buffer, start, filled);
      Block.Layout layout;
      Block.Maker maker;
      byte[] rest;
      if (format == EventFormat.NDJSON) {
        layout = jsonLayout();
        maker = JsonBlock::new;
        line = 1;
        rest = Arrays.copyOfRange(buffer, start, filled);
      } else {
        int headerEnd;
        while ((headerEnd = endOfHeader(buffer, start, filled)) < 0 && filled == buffer.length) {
          buffer = Arrays.copyOf(buffer, buffer.length * 2);
          filled += in.readNBytes(buffer, filled, buffer.length - filled);
        }
        if (headerEnd < 0) {
          headerEnd = filled;
        }
        layout = layout(buffer, start, headerEnd);
        maker = CsvBlock::new;
        rest = Arrays.copyOfRange(buffer, headerEnd, filled);
      }
      this.layout = layout;
      TimeParser parser = new TimeParser(timeFormat, resolution);
      this.timeParser = parser;
      ExecutorService pool =
          threads > 1 ? Executors.newFixedThreadPool(threads, Run::daemon) : null;
      try {
        readBlocks(maker, rest, layout, parser, pool);
      } finally {
        if (pool != null) {
          pool.shutdownNow();
        }
      }
      if (badRowCount > 0 && !skipBadRows) {
        throw new BadEventsException(badRows, badRowCount);
      }
      return finish(parser);
    }

    /**
     * The format to read: the one named, checked against the first byte that is not a space (a JSON
     * object begins with '{', and a CSV header practically never does), or the one that byte says.
     */
    private EventFormat checkFormat(byte[] b, int from, int to) throws BadEventsException {
      int i = from;
      while (i < to && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
        i++;
      }
      boolean object = i < to && b[i] == '{';
      if (named == EventFormat.NDJSON && i < to && !object) {
        throw bad(
            name,
            b[i] == '['
                ? "the content is a JSON array, not newline-delimited JSON (one object per line);"
                    + " jq -c '.[]' writes it as such"
                : "the content is not newline-delimited JSON: it begins with '"
                    + (char) (b[i] & 0xff)
                    + "', not '{'");
      }
      if (named == EventFormat.CSV && object) {
        throw bad(
            name, "the content looks like newline-delimited JSON (it begins with '{'), not CSV");
      }
      return named != null ? named : object ? EventFormat.NDJSON : EventFormat.CSV;
    }

    /**
     * The wanted fields of an NDJSON object or a Parquet row, in the order subject, time, event,
     * segment, then the columns the filters read.
     */
    private Block.Layout jsonLayout() {
      List<String> names = new ArrayList<>();
      names.add(columns.subject());
      names.add(columns.time());
      names.add(columns.event());
      columns.segment().ifPresent(names::add);
      int segment = columns.segment().isPresent() ? 3 : -1;
      for (EventFilter filter : filters) {
        for (EventFilter.Condition condition : filter.conditions()) {
          if (names.stream().noneMatch(condition.column()::equalsIgnoreCase)) {
            names.add(condition.column());
          }
        }
      }
      RowFilters rowFilters = rowFilters(column -> indexOf(names, column, new ArrayList<>()));
      return new Block.Layout(
          names.size(),
          0,
          1,
          2,
          segment,
          delimiter,
          quote,
          List.copyOf(names),
          onlyEvents,
          rowFilters);
    }

    /** The filters with conditions, reading the fields {@code field} gives for their columns. */
    private RowFilters rowFilters(ToIntFunction<String> field) {
      List<EventFilter> conditional =
          filters.stream().filter(f -> !f.conditions().isEmpty()).toList();
      return conditional.isEmpty() ? RowFilters.NONE : new RowFilters(conditional, field);
    }

    private static Thread daemon(Runnable r) {
      Thread t = new Thread(r, "funnel-io-reader");
      t.setDaemon(true);
      return t;
    }

    /**
     * @param maker makes the blocks of the file's format
     * @param first the bytes of the first records, read with the header
     */
    private void readBlocks(
        Block.Maker maker,
        byte[] first,
        Block.Layout layout,
        TimeParser parser,
        @Nullable ExecutorService pool)
        throws IOException {
      ArrayDeque<CompletableFuture<Block>> inFlight = new ArrayDeque<>();
      byte[] pending = first;
      boolean firstBlock = true;
      while (true) {
        // Room for a block, or twice a record that outgrew one (a quoted field with many lines).
        byte[] buffer = new byte[pending.length < blockBytes ? blockBytes : pending.length * 2];
        System.arraycopy(pending, 0, buffer, 0, pending.length);
        int filled =
            pending.length + in.readNBytes(buffer, pending.length, buffer.length - pending.length);
        boolean last = filled < buffer.length;
        int cut = last ? filled : lastLineEnd(buffer, filled);
        while (cut < 0) {
          buffer = Arrays.copyOf(buffer, buffer.length * 2);
          filled += in.readNBytes(buffer, filled, buffer.length - filled);
          last = filled < buffer.length;
          cut = last ? filled : lastLineEnd(buffer, filled);
        }
        pending = Arrays.copyOfRange(buffer, cut, filled);
        Block block = maker.over(buffer, cut, last);
        if (firstBlock || pool == null) {
          // The first block settles the epoch unit AUTO picks, for the parsers of every other.
          merge(block.parse(layout, parser));
          firstBlock = false;
        } else {
          TimeParser own = parser.copy();
          inFlight.add(CompletableFuture.supplyAsync(() -> block.parse(layout, own), pool));
          while (inFlight.size() > threads) {
            merge(join(inFlight.remove()));
          }
        }
        if (last) {
          break;
        }
      }
      while (!inFlight.isEmpty()) {
        merge(join(inFlight.remove()));
      }
    }

    private @Nullable Block get(Future<@Nullable Block> future) throws IOException {
      try {
        return future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while reading " + name);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof IOException io) {
          throw io;
        }
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new IllegalStateException(e.getCause());
      }
    }

    private Block join(CompletableFuture<Block> future) {
      try {
        return future.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw e;
      }
    }

    /** Takes a parsed block into the log, in file order. */
    private void merge(Block parsed) {
      Block block = parsed;
      long firstLine = line;
      byte[] carried = carry;
      if (carried != null) {
        // The block was parsed as if it began a record, but it continues one: parse it again
        // behind the carried start of that record. Only a CSV record (a quoted line end) carries.
        byte[] joined = Arrays.copyOf(carried, carried.length + block.length);
        System.arraycopy(block.bytes, 0, joined, carried.length, block.length);
        block =
            new CsvBlock(joined, joined.length, block.last)
                .parse(requireNonNull(layout), requireNonNull(timeParser));
        firstLine = carryLine;
        carry = null;
      }
      for (Block.Problem p : block.problems) {
        if (badRows.size() < MAX_LISTED) {
          badRows.add(new BadRow(name, firstLine + p.line(), p.column(), p.message()));
        }
      }
      badRowCount += block.badRows;
      dataRows += block.dataRows;
      if (block.carryFrom >= 0) {
        carry = Arrays.copyOfRange(block.bytes, block.carryFrom, block.length);
        carryLine = firstLine + block.carryLine;
        line = carryLine;
      } else {
        line = firstLine + block.lines;
      }
      remap(block);
      progress.update(bytesRead.getAsLong(), dataRows);
    }

    private void remap(Block block) {
      int[] subjectIds = new int[block.subjectNames.size()];
      for (int id = 0; id < subjectIds.length; id++) {
        subjectIds[id] = subjects.ofText(block.subjectNames, id);
      }
      int[] eventIds = globalIds(block.eventNames, events);
      int[] codeIds = eventIds;
      int codeCount = events.size();
      if (!requireNonNull(layout).filters().isEmpty()) {
        codeIds = new int[block.codes.size()];
        for (int c = 0; c < codeIds.length; c++) {
          codeIds[c] = codes.codeOf(eventIds[block.codes.event(c)], block.codes.mask(c));
        }
        codeCount = codes.size();
      }
      int[] segmentIds = globalIds(block.segmentNames, segments);
      if (codeCount > rowsPerCode.length) {
        rowsPerCode = Arrays.copyOf(rowsPerCode, codeCount * 2);
      }
      boolean withSegments = requireNonNull(layout).segment() >= 0;
      int[] s = block.subjects;
      long[] t = block.times;
      int[] e = block.events;
      TimeOrderedStream stream = this.stream;
      int[] steps = stream == null ? e : new int[block.rows];
      for (int r = 0; r < block.rows; r++) {
        int subject = s[r] < 0 ? subjects.ofNumber(block.numbers[r]) : subjectIds[s[r]];
        s[r] = subject;
        e[r] = codeIds[e[r]];
        rowsPerCode[e[r]]++;
        long time = t[r];
        if (time < previousTime) {
          if (stream != null) {
            throw new NotTimeOrdered();
          }
          timeOrdered = false;
        }
        if (stream != null) {
          steps[r] = stepsOf(e[r]);
        }
        previousTime = time;
        firstTime = Math.min(firstTime, time);
        lastTime = Math.max(lastTime, time);
        if (withSegments && block.segments[r] >= 0 && (segmentStep == null || givesSegment(e[r]))) {
          if (subject >= segmentOf.length) {
            growSegments();
          }
          int segment = segmentIds[block.segments[r]];
          int current = segmentOf[subject];
          boolean take =
              current < 0
                  || (attribution == SegmentAttribution.FIRST_TOUCH
                      ? time < segmentTime[subject]
                      : time >= segmentTime[subject]);
          if (take) {
            segmentOf[subject] = segment;
            segmentTime[subject] = time;
          }
        }
      }
      rows += block.rows;
      if (stream == null) {
        merged.add(s, t, e, block.rows);
      } else {
        long[] ids = new long[block.rows];
        for (int r = 0; r < ids.length; r++) {
          ids[r] = s[r];
        }
        stream.add(
            EventBatch.timeOrdered(
                ids, t.length == block.rows ? t : Arrays.copyOf(t, block.rows), steps));
      }
    }

    /** The set of steps that rows of global code {@code code} pass, as a code of the funnel. */
    private int stepsOf(int code) {
      StepFunnel funnel = requireNonNull(streamInto);
      while (stepsKnown <= code) {
        int c = stepsKnown++;
        if (c == stepsOfCode.length) {
          stepsOfCode = Arrays.copyOf(stepsOfCode, c * 2);
        }
        int set = 0;
        for (int i = 0; i < funnel.steps.size(); i++) {
          if (passes(funnel.steps.get(i), c)) {
            set |= 1 << i;
          }
        }
        stepsOfCode[c] = set;
      }
      return stepsOfCode[code];
    }

    /** Whether rows of global code {@code code} pass a filter the reader was given. */
    private boolean passes(EventFilter filter, int code) {
      RowFilters rowFilters = requireNonNull(layout).filters();
      return filter.conditions().isEmpty()
          ? filter.events().contains(events.name(rowFilters.isEmpty() ? code : codes.event(code)))
          : (codes.mask(code) & (1L << rowFilters.filters.indexOf(filter))) != 0;
    }

    /** Whether rows of global code {@code code} pass the segment's step; grown as codes come. */
    private boolean givesSegment(int code) {
      EventFilter step = requireNonNull(segmentStep);
      while (codesOfStepKnown <= code) {
        int c = codesOfStepKnown++;
        if (c == codesOfStep.length) {
          codesOfStep = Arrays.copyOf(codesOfStep, c * 2 + 16);
        }
        codesOfStep[c] = passes(step, c);
      }
      return codesOfStep[code];
    }

    /** Each subject's segment, -1 for none; empty without a segment column. */
    private int[] segmentsOfSubjects() {
      if (requireNonNull(layout).segment() < 0) {
        return new int[0];
      }
      while (segmentOf.length < subjects.size()) {
        growSegments();
      }
      return Arrays.copyOf(segmentOf, subjects.size());
    }

    private void growSegments() {
      int grown = Math.max(1024, segmentOf.length * 2);
      int from = segmentOf.length;
      segmentOf = Arrays.copyOf(segmentOf, grown);
      Arrays.fill(segmentOf, from, grown, -1);
      segmentTime = Arrays.copyOf(segmentTime, grown);
    }

    private int[] globalIds(ByteDictionary local, ByteDictionary global) {
      int[] ids = new int[local.size()];
      for (int id = 0; id < ids.length; id++) {
        ids[id] = global.idOf(local, id);
      }
      return ids;
    }

    private EventLog finish(TimeParser parser) throws BadEventsException {
      if (rows > Integer.MAX_VALUE - 16) {
        throw bad(name, String.format(Locale.ROOT, "%,d rows are more than one batch holds", rows));
      }
      TimeOrderedStream stream = this.stream;
      if (stream != null) {
        segmentOfSubject = segmentsOfSubjects();
        bySegment = new long[segments.size() + 1][requireNonNull(streamInto).steps.size() + 1];
        requireNonNull(streamInto).streamed = stream.finish();
        requireNonNull(streamInto).bySegment = bySegment;
      }
      // A time-ordered file is handed over grouped by subject: the grouped scan needs no scratch
      // space (the time-ordered one needs 8 bytes an event) and is the fastest.
      RowStore.Columns columns =
          stream != null
              ? RowStore.Columns.EMPTY
              : timeOrdered ? merged.groupedBySubject(subjects.size()) : merged.columns();
      List<String> eventNames = new ArrayList<>(events.size());
      for (int i = 0; i < events.size(); i++) {
        eventNames.add(events.name(i));
      }
      List<String> segmentNames = new ArrayList<>(segments.size());
      for (int i = 0; i < segments.size(); i++) {
        segmentNames.add(segments.name(i));
      }
      RowFilters rowFilters = requireNonNull(layout).filters();
      int codeCount = rowFilters.isEmpty() ? events.size() : codes.size();
      int[] eventOfCode = new int[codeCount];
      long[] maskOfCode = new long[codeCount];
      for (int c = 0; c < codeCount; c++) {
        eventOfCode[c] = rowFilters.isEmpty() ? c : codes.event(c);
        maskOfCode[c] = rowFilters.isEmpty() ? 0 : codes.mask(c);
      }
      return new EventLog(
          name,
          columns.subjects,
          columns.times,
          columns.events,
          timeOrdered,
          subjects,
          eventNames,
          eventOfCode,
          maskOfCode,
          rowFilters.filters,
          Arrays.copyOf(rowsPerCode, codeCount),
          stream != null ? new int[0] : segmentsOfSubjects(),
          segmentNames,
          dataRows,
          rows,
          badRowCount,
          badRows,
          resolution,
          parser.epochUnit(),
          firstTime,
          lastTime);
    }

    private Block.Layout layout(byte[] b, int from, int to) throws BadEventsException {
      if (from >= to) {
        throw bad(name, "the file is empty: it has no header row");
      }
      if (isBlank(b, from, to)) {
        throw new BadEventsException(
            new BadRow(name, 1, 0, "the first line is empty; it must be the header row"));
      }
      if (!Utf8.isValid(b, from, to)) {
        throw new BadEventsException(new BadRow(name, 1, 0, "the header row is not UTF-8 text"));
      }
      List<String> header = splitHeader(new String(b, from, to - from, StandardCharsets.UTF_8));
      List<String> missing = new ArrayList<>();
      int subject = indexOf(header, columns.subject(), missing);
      int time = indexOf(header, columns.time(), missing);
      int event = indexOf(header, columns.event(), missing);
      int segment =
          columns.segment().isPresent() ? indexOf(header, columns.segment().get(), missing) : -1;
      RowFilters rowFilters =
          rowFilters(
              column -> {
                int at = indexOf(header, column, new ArrayList<>());
                if (at < 0 && !missing.contains("'" + column + "'")) {
                  missing.add("'" + column + "'");
                }
                return at;
              });
      if (!missing.isEmpty()) {
        throw lacking(name, 1, "header", missing, header);
      }
      return new Block.Layout(
          header.size(),
          subject,
          time,
          event,
          segment,
          delimiter,
          quote,
          header,
          onlyEvents,
          rowFilters);
    }

    private List<String> splitHeader(String text) {
      List<String> fields = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      char d = (char) (delimiter & 0xff);
      char q = (char) (quote & 0xff);
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (quoted) {
          if (c == q && i + 1 < text.length() && text.charAt(i + 1) == q) {
            field.append(q);
            i++;
          } else if (c == q) {
            quoted = false;
          } else {
            field.append(c);
          }
        } else if (c == q) {
          quoted = true;
        } else if (c == d) {
          fields.add(field.toString().strip());
          field.setLength(0);
        } else if (c != '\r' && c != '\n') {
          field.append(c);
        }
      }
      fields.add(field.toString().strip());
      return fields;
    }

    private int indexOf(List<String> header, String column, List<String> missing) {
      for (int i = 0; i < header.size(); i++) {
        if (header.get(i).equalsIgnoreCase(column)) {
          return i;
        }
      }
      missing.add("'" + column + "'");
      return -1;
    }

    /**
     * Where the header row ends, past its line end, or -1 if it does not end in {@code b[from,
     * to)}; counts its lines, so that the first data row is numbered after them.
     */
    private int endOfHeader(byte[] b, int from, int to) {
      boolean quoted = false;
      long lines = 0;
      for (int i = from; i < to; i++) {
        if (b[i] == quote) {
          quoted = !quoted;
        } else if (b[i] == '\n') {
          lines++;
          if (!quoted) {
            line = 1 + lines;
            return i + 1;
          }
        }
      }
      line = 1 + lines;
      return -1;
    }

    private boolean isBlank(byte[] b, int from, int to) {
      for (int i = from; i < to; i++) {
        if (b[i] != ' ' && b[i] != '\r' && b[i] != '\n') {
          return false;
        }
      }
      return true;
    }

    private int lastLineEnd(byte[] b, int filled) {
      for (int i = filled - 1; i >= 0; i--) {
        if (b[i] == '\n') {
          return i + 1;
        }
      }
      return -1;
    }
  }

  /** Builds an {@link EventReader}; not thread-safe. */
  public static final class Builder {
    private EventColumns columns = EventColumns.defaults();
    private TimeFormat timeFormat = TimeFormat.iso();
    private TimeUnit resolution = TimeUnit.MILLISECONDS;
    private char delimiter = ',';
    private char quote = '"';
    private SegmentAttribution attribution = SegmentAttribution.FIRST_TOUCH;
    private @Nullable EventFilter segmentStep;
    private boolean skipBadRows;
    private int threads = Runtime.getRuntime().availableProcessors();
    private int blockBytes = DEFAULT_BLOCK_BYTES;
    private @Nullable ImmutableSet<String> onlyEvents;
    private ImmutableList<EventFilter> filters = ImmutableList.of();
    private Progress progress = (bytes, rows) -> {};
    private @Nullable EventFormat format;

    private Builder() {}

    /**
     * Sets the format of every file and stream read; by default a file's is {@linkplain
     * EventFormat#ofName taken from its name}, and a stream's (or a file's whose name says nothing)
     * from its first byte: an opening brace begins NDJSON, anything else CSV. Content that is
     * plainly not the format asked for or named is a {@link BadEventsException} before any row is
     * read.
     */
    public Builder format(EventFormat format) {
      this.format = requireNonNull(format, "format");
      return this;
    }

    /**
     * Makes a row whose event is none of {@code events} a bad row, for logs with a closed
     * vocabulary, such as the stages of a pipeline; by default every event is read.
     *
     * @throws IllegalArgumentException if {@code events} is empty
     */
    public Builder onlyEvents(Collection<String> events) {
      ImmutableSet<String> set = ImmutableSet.copyOf(events);
      if (set.isEmpty()) {
        throw new IllegalArgumentException("onlyEvents needs at least one event");
      }
      this.onlyEvents = set;
      return this;
    }

    /**
     * Sets the filters that steps will take their rows by: each filter with conditions is tested on
     * the rows of its events while reading (those without need nothing of the reader), and {@link
     * EventLog#codes(EventFilter)} gives the codes of the rows that pass. By default none. Every
     * column a condition names must be in the file's header (in NDJSON, a field may be missing, and
     * then the condition fails).
     *
     * @throws IllegalArgumentException if more than {@value RowFilters#MAX} filters have conditions
     */
    public Builder filters(Collection<EventFilter> filters) {
      this.filters = distinct(filters);
      return this;
    }

    /** Sets the filters that steps will take their rows by; see {@link #filters(Collection)}. */
    public Builder filters(EventFilter... filters) {
      return filters(Arrays.asList(filters));
    }

    /** Sets who is told of the read's progress; by default nobody. */
    public Builder progress(Progress progress) {
      this.progress = requireNonNull(progress, "progress");
      return this;
    }

    /** Sets which columns to read; default {@link EventColumns#defaults()}. */
    public Builder columns(EventColumns columns) {
      this.columns = requireNonNull(columns, "columns");
      return this;
    }

    /** Sets how the time column is written; default {@link TimeFormat#iso()}. */
    public Builder timeFormat(TimeFormat format) {
      this.timeFormat = requireNonNull(format, "format");
      return this;
    }

    /**
     * Sets the unit of the batch's times, seconds or finer; default milliseconds. Finer digits of a
     * time are dropped (rounded down).
     *
     * @throws IllegalArgumentException if coarser than seconds
     */
    public Builder resolution(TimeUnit resolution) {
      requireNonNull(resolution, "resolution");
      if (resolution.compareTo(TimeUnit.SECONDS) > 0) {
        throw new IllegalArgumentException(
            "resolution must be seconds or finer, not " + resolution);
      }
      this.resolution = resolution;
      return this;
    }

    /**
     * Sets the field delimiter; default a comma. A tab reads TSV.
     *
     * @throws IllegalArgumentException if it is not a single-byte character other than a line end,
     *     or is the quote
     */
    public Builder delimiter(char delimiter) {
      checkSeparator(delimiter, "delimiter");
      this.delimiter = delimiter;
      return this;
    }

    /**
     * Sets the quote character; default {@code "}.
     *
     * @throws IllegalArgumentException if it is not a single-byte character other than a line end
     */
    public Builder quote(char quote) {
      checkSeparator(quote, "quote");
      this.quote = quote;
      return this;
    }

    /**
     * Sets which row gives a subject its segment; default {@link SegmentAttribution#FIRST_TOUCH}.
     */
    public Builder segmentAttribution(SegmentAttribution attribution) {
      this.attribution = requireNonNull(attribution, "attribution");
      this.segmentStep = null;
      return this;
    }

    /**
     * Gives each subject the segment of its earliest row that passes {@code step} (and has a
     * segment), as PostHog's "specific step" attribution does: the value where the subject did that
     * step, such as the brand of its first purchase. A subject with no such row has no segment. A
     * step with conditions is added to the {@linkplain #filters filters} if it is not among them.
     */
    public Builder segmentAttribution(EventFilter step) {
      this.attribution = SegmentAttribution.FIRST_TOUCH;
      this.segmentStep = requireNonNull(step, "step");
      return this;
    }

    /**
     * Sets whether bad rows are skipped (and listed in the log) rather than failing the read;
     * default false.
     */
    public Builder skipBadRows(boolean skip) {
      this.skipBadRows = skip;
      return this;
    }

    /**
     * Sets how many threads parse; default the number of cores. 1 parses on the calling thread.
     *
     * @throws IllegalArgumentException if below 1
     */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1: " + threads);
      }
      this.threads = threads;
      return this;
    }

    /** Sets the bytes a block holds, for tests that cut small files into many blocks. */
    Builder blockBytes(int bytes) {
      if (bytes < 16) {
        throw new IllegalArgumentException("blocks must hold at least 16 bytes: " + bytes);
      }
      this.blockBytes = bytes;
      return this;
    }

    /**
     * Returns the reader.
     *
     * @throws IllegalArgumentException if the delimiter and the quote are the same character
     */
    public EventReader build() {
      if (delimiter == quote) {
        throw new IllegalArgumentException(
            "the delimiter and the quote are both '" + delimiter + "'");
      }
      return new EventReader(this);
    }

    private static void checkSeparator(char c, String what) {
      if (c == 0 || c > 0x7f || c == '\n' || c == '\r') {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "the %s must be an ASCII character other than a line end: U+%04X",
                what,
                (int) c));
      }
    }
  }
}
