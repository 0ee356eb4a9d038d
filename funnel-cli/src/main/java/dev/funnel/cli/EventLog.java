package dev.funnel.cli;

import com.google.common.io.CountingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * A log read from CSV, as parallel columns: subject, time (epoch milliseconds) and a value code (an
 * event name or a stage id) per row, with dictionaries for the subjects and the values.
 *
 * <p>The file needs a header row naming at least the columns {@code subject}, {@code time} and the
 * value column ({@code event} or {@code stage}); other columns are ignored unless one is the
 * segment column. Names are matched without regard to case or surrounding spaces. Times are
 * ISO-8601 instants with a zone ({@code 2026-11-03T14:22:05Z}, {@code 2026-11-03T15:22:05+01:00})
 * or whole numbers since the epoch in the chosen unit. Numbers that, read in that unit, fall before
 * {@value #PLAUSIBLE_FROM} or from {@value #PLAUSIBLE_TO} on are refused, with the unit in which
 * they would be plausible (epoch seconds read as milliseconds are January 1970); instants outside
 * that range are read, and the report says so.
 *
 * <p>A subject's segment is the segment value of its earliest row that has one, by time (rows at
 * the same time in file order), so that the order of the file does not change the attribution.
 *
 * <p>Every bad row is a {@link Problem} with its line and column: the read fails with all of them
 * (the first {@value InputException#MAX_LISTED} listed), or, when skipping is asked for, skips the
 * rows and keeps their problems as warnings. Nothing is dropped silently.
 */
final class EventLog {
  private static final String SUBJECT = "subject";
  private static final String TIME = "time";

  /** The units {@code --epoch-unit} takes. */
  static final Set<TimeUnit> EPOCH_UNITS =
      EnumSet.of(
          TimeUnit.SECONDS, TimeUnit.MILLISECONDS, TimeUnit.MICROSECONDS, TimeUnit.NANOSECONDS);

  /** The first instant a numeric time is taken to be plausible at. */
  static final String PLAUSIBLE_FROM = "1990-01-01T00:00:00Z";

  /** The first instant past the plausible range of numeric times. */
  static final String PLAUSIBLE_TO = "2100-01-01T00:00:00Z";

  private static final long PLAUSIBLE_FROM_MILLIS = Instant.parse(PLAUSIBLE_FROM).toEpochMilli();
  private static final long PLAUSIBLE_TO_MILLIS = Instant.parse(PLAUSIBLE_TO).toEpochMilli();

  /** What to read and how. */
  record Options(
      String valueColumn,
      Optional<String> segmentColumn,
      List<String> knownValues,
      boolean onlyKnownValues,
      TimeUnit epochUnit,
      boolean skipBadRows,
      Progress progress) {}

  final String file;
  final List<String> subjectNames;
  final List<String> segmentOfSubject;
  final List<String> values;
  final long[] subjects;
  final long[] times;
  final int[] codes;
  final long[] rowsPerValue;
  final long skippedRows;
  final List<Problem> warnings;

  /** The earliest and the latest time read, epoch milliseconds. */
  final long firstTime;

  final long lastTime;

  private EventLog(Builder b) {
    this.file = b.file;
    this.subjectNames = b.subjectNames;
    this.segmentOfSubject = b.segmentOfSubject;
    this.values = b.values;
    this.subjects = Arrays.copyOf(b.subjects, b.size);
    this.times = Arrays.copyOf(b.times, b.size);
    this.codes = Arrays.copyOf(b.codes, b.size);
    this.rowsPerValue = b.rowsPerValue.stream().mapToLong(Long::longValue).toArray();
    this.skippedRows = b.skipped;
    this.warnings = b.problems;
    this.firstTime = b.firstTime;
    this.lastTime = b.lastTime;
  }

  /** Returns whether every time read lies in the plausible range. */
  boolean timesArePlausible() {
    return firstTime >= PLAUSIBLE_FROM_MILLIS && lastTime < PLAUSIBLE_TO_MILLIS;
  }

  /** Returns how many rows were read (not counting skipped ones). */
  int size() {
    return codes.length;
  }

  /** Returns the number of distinct subjects. */
  int subjectCount() {
    return subjectNames.size();
  }

  /**
   * Reads a log.
   *
   * @param file the file's name, for messages
   * @param size the stream's length in bytes if known (for progress), or -1
   * @throws InputException if the header lacks a column, or a row is bad and skipping was not asked
   *     for
   * @throws IOException if the stream cannot be read
   */
  static EventLog read(String file, InputStream in, long size, Options options)
      throws InputException, IOException {
    CountingInputStream counting = new CountingInputStream(in);
    Reader reader =
        new InputStreamReader(
            new Utf8CheckingInputStream(counting),
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    CSVFormat format =
        CSVFormat.RFC4180
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true)
            .setTrim(true)
            .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW)
            .get();
    Builder log = new Builder(file, options);
    CSVParser parser;
    try {
      parser = CSVParser.parse(reader, format);
    } catch (CharacterCodingException e) {
      throw new InputException(notUtf8(file, 1, e));
    } catch (IllegalArgumentException | UncheckedIOException | CSVException e) {
      throw new InputException(new Problem(file, 1, 0, "bad header row: " + e.getMessage()));
    }
    try (parser) {
      Columns columns = Columns.of(file, parser.getHeaderNames(), options);
      Iterator<CSVRecord> rows = parser.iterator();
      long rowsRead = 0;
      while (true) {
        long line = parser.getCurrentLineNumber() + 1;
        CSVRecord row;
        try {
          if (!rows.hasNext()) {
            break;
          }
          row = rows.next();
        } catch (UncheckedIOException e) {
          // The parser cannot resynchronise after malformed quoting or bytes that are not text:
          // stop at the first such row.
          log.problem(
              e.getCause() instanceof CharacterCodingException notText
                  ? notUtf8(file, line, notText)
                  : new Problem(file, line, 0, malformed(e)));
          throw log.failure();
        }
        log.add(line, row, columns);
        if (++rowsRead % 65_536 == 0) {
          options.progress().update(counting.getCount(), size, rowsRead);
        }
      }
      options.progress().done(counting.getCount(), rowsRead);
    }
    if (log.problemCount > 0 && !options.skipBadRows()) {
      throw log.failure();
    }
    if (log.size == 0) {
      String why = log.skipped > 0 ? " (every row was bad)" : "";
      log.problem(new Problem(file, 0, 0, "no rows to read" + why));
      throw log.failure();
    }
    checkNumericTimes(file, log, options.epochUnit());
    return new EventLog(log);
  }

  /**
   * Refuses numeric times that are implausible in their unit (epoch seconds read as milliseconds
   * land in January 1970, microseconds in the year 50,000), naming the unit that fits if one does.
   */
  private static void checkNumericTimes(String file, Builder log, TimeUnit unit)
      throws InputException {
    if (log.numericTimes == 0
        || (plausible(unit, log.firstNumeric) && plausible(unit, log.lastNumeric))) {
      return;
    }
    String fits =
        EPOCH_UNITS.stream()
            .filter(u -> plausible(u, log.firstNumeric) && plausible(u, log.lastNumeric))
            .map(u -> "; they look like epoch " + name(u) + ": use --epoch-unit " + name(u))
            .findFirst()
            .orElse("");
    log.problem(
        new Problem(
            file,
            0,
            0,
            String.format(
                Locale.ROOT,
                "numeric times from %,d to %,d read as epoch %s run from %s to %s, outside %s to"
                    + " %s%s",
                log.firstNumeric,
                log.lastNumeric,
                name(unit),
                Instant.ofEpochMilli(unit.toMillis(log.firstNumeric)),
                Instant.ofEpochMilli(unit.toMillis(log.lastNumeric)),
                PLAUSIBLE_FROM.substring(0, 10),
                PLAUSIBLE_TO.substring(0, 10),
                fits)));
    throw log.failure();
  }

  private static boolean plausible(TimeUnit unit, long value) {
    long millis = unit.toMillis(value);
    return millis >= PLAUSIBLE_FROM_MILLIS && millis < PLAUSIBLE_TO_MILLIS;
  }

  private static String name(TimeUnit unit) {
    return unit.name().toLowerCase(Locale.ROOT);
  }

  /** The problem of a byte that is not UTF-8, on its own line when the checking stream knows it. */
  private static Problem notUtf8(String file, long line, CharacterCodingException e) {
    return e instanceof Utf8CheckingInputStream.NotUtf8Exception bad
        ? new Problem(file, bad.line, 0, bad.getMessage())
        : new Problem(file, line, 0, "not UTF-8 text");
  }

  private static String malformed(UncheckedIOException e) {
    String message = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
    return "malformed CSV: " + message;
  }

  /** Where the needed columns are in the header. */
  private record Columns(int subject, int time, int value, int segment, List<String> header) {
    static Columns of(String file, List<String> header, Options options) throws InputException {
      List<String> missing = new ArrayList<>();
      int subject = indexOf(header, SUBJECT, missing);
      int time = indexOf(header, TIME, missing);
      int value = indexOf(header, options.valueColumn(), missing);
      int segment =
          options.segmentColumn().isPresent()
              ? indexOf(header, options.segmentColumn().get(), missing)
              : -1;
      if (!missing.isEmpty()) {
        throw new InputException(
            new Problem(
                file,
                1,
                0,
                String.format(
                    Locale.ROOT,
                    "the header lacks the column%s %s; it has %s",
                    missing.size() == 1 ? "" : "s",
                    String.join(", ", missing),
                    header)));
      }
      return new Columns(subject, time, value, segment, header);
    }

    private static int indexOf(List<String> header, String name, List<String> missing) {
      for (int i = 0; i < header.size(); i++) {
        if (header.get(i).trim().equalsIgnoreCase(name)) {
          return i;
        }
      }
      missing.add("'" + name + "'");
      return -1;
    }
  }

  /** The growing columns and dictionaries; one row at a time. */
  private static final class Builder {
    final String file;
    final Options options;
    final Map<String, Integer> subjectIds = new HashMap<>();
    final List<String> subjectNames = new ArrayList<>();
    final List<String> segmentOfSubject = new ArrayList<>();
    final Map<String, Integer> valueCodes = new HashMap<>();
    final List<String> values = new ArrayList<>();
    final List<Long> rowsPerValue = new ArrayList<>();
    final List<Problem> problems = new ArrayList<>();
    long problemCount;
    long skipped;
    long firstTime = Long.MAX_VALUE;
    long lastTime = Long.MIN_VALUE;
    long numericTimes;
    long firstNumeric = Long.MAX_VALUE;
    long lastNumeric = Long.MIN_VALUE;
    // The time of the row each subject's segment was taken from.
    long[] segmentTimes = new long[1024];
    long[] subjects = new long[1024];
    long[] times = new long[1024];
    int[] codes = new int[1024];
    int size;

    Builder(String file, Options options) {
      this.file = file;
      this.options = options;
      options.knownValues().forEach(this::codeOf);
    }

    void add(long line, CSVRecord row, Columns columns) {
      if (!row.isConsistent()) {
        reject(
            line,
            0,
            String.format(
                Locale.ROOT,
                "expected %d fields, as in the header, found %d",
                columns.header().size(),
                row.size()));
        return;
      }
      String subject = row.get(columns.subject());
      if (subject.isEmpty()) {
        reject(line, columns.subject() + 1, "the subject is empty");
        return;
      }
      String value = row.get(columns.value());
      if (value.isEmpty()) {
        reject(line, columns.value() + 1, "the " + options.valueColumn() + " is empty");
        return;
      }
      if (options.onlyKnownValues() && !valueCodes.containsKey(value)) {
        reject(
            line,
            columns.value() + 1,
            String.format(
                Locale.ROOT,
                "unknown %s '%s'; the funnel has %s",
                options.valueColumn(),
                value,
                options.knownValues()));
        return;
      }
      long time;
      String text = row.get(columns.time());
      try {
        time = parseTime(text, options.epochUnit());
      } catch (IllegalArgumentException e) {
        reject(line, columns.time() + 1, Problem.messageOf(e));
        return;
      }
      if (isInteger(text)) {
        long number = Long.parseLong(text);
        numericTimes++;
        firstNumeric = Math.min(firstNumeric, number);
        lastNumeric = Math.max(lastNumeric, number);
      }
      firstTime = Math.min(firstTime, time);
      lastTime = Math.max(lastTime, time);
      String segment = columns.segment() < 0 ? null : row.get(columns.segment());
      int id = subjectIds.computeIfAbsent(subject, this::newSubject);
      if (segment != null
          && !segment.isEmpty()
          && (segmentOfSubject.get(id) == null || time < segmentTimes[id])) {
        segmentOfSubject.set(id, segment);
        segmentTimes[id] = time;
      }
      int code = codeOf(value);
      rowsPerValue.set(code, rowsPerValue.get(code) + 1);
      if (size == codes.length) {
        int grown = Math.max(1024, size + (size >> 1));
        subjects = Arrays.copyOf(subjects, grown);
        times = Arrays.copyOf(times, grown);
        codes = Arrays.copyOf(codes, grown);
      }
      subjects[size] = id;
      times[size] = time;
      codes[size] = code;
      size++;
    }

    private int newSubject(String name) {
      subjectNames.add(name);
      segmentOfSubject.add(null);
      if (subjectNames.size() > segmentTimes.length) {
        segmentTimes = Arrays.copyOf(segmentTimes, segmentTimes.length * 2);
      }
      return subjectNames.size() - 1;
    }

    private int codeOf(String value) {
      return valueCodes.computeIfAbsent(
          value,
          v -> {
            values.add(v);
            rowsPerValue.add(0L);
            return values.size() - 1;
          });
    }

    private void reject(long line, long column, String message) {
      skipped++;
      problem(new Problem(file, line, column, message));
    }

    void problem(Problem problem) {
      problemCount++;
      if (problems.size() < InputException.MAX_LISTED) {
        problems.add(problem);
      }
    }

    InputException failure() {
      return new InputException(problems, problemCount);
    }
  }

  /**
   * Parses a time: an ISO-8601 instant with a zone, or whole epoch units.
   *
   * @return epoch milliseconds
   * @throws IllegalArgumentException naming the text, if it is neither or is before 1970
   */
  static long parseTime(String text, TimeUnit epochUnit) {
    long millis;
    if (!text.isEmpty() && isInteger(text)) {
      long value;
      try {
        value = Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("time out of range: '" + text + "'");
      }
      millis = epochUnit.toMillis(value);
      if (millis == Long.MAX_VALUE || millis == Long.MIN_VALUE) {
        throw new IllegalArgumentException("time out of range: '" + text + "'");
      }
    } else {
      try {
        millis = parseInstant(text).toEpochMilli();
      } catch (DateTimeException | ArithmeticException e) {
        throw new IllegalArgumentException(
            "not a time: '"
                + text
                + "'; expected an ISO-8601 instant with a zone, such as 2026-11-03T14:22:05Z,"
                + " or epoch "
                + epochUnit.name().toLowerCase(Locale.ROOT));
      }
    }
    if (millis < 0) {
      throw new IllegalArgumentException("time before 1970 is not supported: '" + text + "'");
    }
    return millis;
  }

  private static Instant parseInstant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return OffsetDateTime.parse(text).toInstant();
    }
  }

  private static boolean isInteger(String text) {
    if (text.isEmpty()) {
      return false;
    }
    int start = text.charAt(0) == '-' ? 1 : 0;
    if (start == text.length()) {
      return false;
    }
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
