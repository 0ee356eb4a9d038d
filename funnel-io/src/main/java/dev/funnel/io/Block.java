package dev.funnel.io;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One block of a file's records, parsed: the fields the reader needs as local dictionary ids and
 * times, and the block's bad rows with block-relative lines. A format finds each record's fields
 * (their byte ranges, and whether they hold escapes); this class turns them into a row or a bad
 * row, the same way for every format. Only the reader's thread touches a block after its parse.
 */
abstract class Block {
  /** A bad row before the reader knows the block's first line. */
  record Problem(int line, int column, String message) {}

  /**
   * What a parse needs to know of the file; shared by every block, read only. {@code subject},
   * {@code time}, {@code event} and {@code segment} (-1 for none), and the fields the filters read,
   * are indices of {@code names}: the header's columns for CSV, the wanted fields for NDJSON.
   */
  record Layout(
      int fields,
      int subject,
      int time,
      int event,
      int segment,
      byte delimiter,
      byte quote,
      List<String> names,
      @Nullable Set<String> onlyEvents,
      RowFilters filters) {

    /** Whether a row may lack field {@code field}: the segment and what filters read. */
    boolean optional(int field) {
      return field == segment || filters.reads(field);
    }
  }

  private static final int MAX_VALUE_SHOWN = 60;

  final byte[] bytes;
  final int length;
  final boolean last;

  int rows;
  // A subject's id in subjectNames, or -1 if it is a number, held in numbers.
  int[] subjects;
  long[] numbers;
  long[] times;
  // Event ids, or with filters the codes of (event id, mask of filters passed) in codes.
  int[] events;
  int[] segments;
  final ByteDictionary subjectNames = new ByteDictionary();
  final ByteDictionary eventNames = new ByteDictionary();
  final ByteDictionary segmentNames = new ByteDictionary();
  final EventCodes codes = new EventCodes();
  final List<Problem> problems = new ArrayList<>();
  // Whether each event id is one of Layout.onlyEvents, for the first eventsChecked ids.
  private boolean[] eventAllowed = new boolean[0];
  private int eventsChecked;
  // The filters that test each event id's rows, for the first eventsTested ids.
  private long[] testing = new long[0];
  private int eventsTested;
  int badRows;
  int dataRows;
  int lines;

  /** Where the record that runs past the block's end starts; -1 if the block ends a record. */
  int carryFrom = -1;

  /** The line of the block the carried record starts on. */
  int carryLine;

  Block(byte[] bytes, int length, boolean last) {
    this.bytes = bytes;
    this.length = length;
    this.last = last;
    int guess = Math.max(16, length / 64);
    this.subjects = new int[guess];
    this.numbers = new long[guess];
    this.times = new long[guess];
    this.events = new int[guess];
    this.segments = new int[0];
  }

  /** Parses the block with its own time parser; returns this block. */
  abstract Block parse(Layout layout, TimeParser timeParser);

  /** Makes room for the rows' segments, if the layout has a segment; called before any row. */
  final void begin(Layout layout) {
    if (layout.segment >= 0) {
      segments = new int[subjects.length];
    }
  }

  /** Makes the blocks of one format over a file's bytes, not yet parsed. */
  @FunctionalInterface
  interface Maker {
    Block over(byte[] bytes, int length, boolean last);
  }

  /**
   * The value of a field written with escapes ({@code bytes[from, to)} without its quotes), or null
   * if an escape is malformed.
   */
  abstract byte @Nullable [] unescape(int from, int to, Layout layout);

  /** The column a bad row names for field {@code field} of the layout: 0 where there is none. */
  abstract int column(int field);

  /**
   * Takes one record's fields into the block: {@code from}, {@code to} and {@code escaped} are
   * indexed as the layout's names. A field that must not be empty and is, a time that cannot be
   * read, or text that is not UTF-8 rejects the row instead.
   */
  final void add(
      Layout layout, TimeParser timeParser, int line, int[] from, int[] to, boolean[] escaped) {
    int subject = layout.subject;
    int event = layout.event;
    int time = layout.time;
    if (from[subject] == to[subject]) {
      reject(line, column(subject), "the subject (" + layout.names.get(subject) + ") is empty");
      return;
    }
    if (from[event] == to[event]) {
      reject(line, column(event), "the event (" + layout.names.get(event) + ") is empty");
      return;
    }
    long t;
    try {
      if (escaped[time]) {
        byte[] text = unescape(from[time], to[time], layout);
        if (text == null) {
          reject(line, column(time), badEscape(layout, time, from, to));
          return;
        }
        t = timeParser.parse(text, 0, text.length);
      } else {
        t = timeParser.parse(bytes, from[time], to[time]);
      }
    } catch (TimeParser.BadValue e) {
      String notText = notUtf8(from[time], to[time]);
      reject(
          line,
          column(time),
          "the time ("
              + layout.names.get(time)
              + ")"
              + (notText != null
                  ? notText
                  : " '" + shown(from[time], to[time]) + "' " + e.getMessage()));
      return;
    }
    long number = escaped[subject] ? -1 : number(bytes, from[subject], to[subject]);
    int s = number >= 0 ? -1 : id(subjectNames, layout, line, subject, from, to, escaped);
    if (number < 0 && s < 0) {
      return;
    }
    int e = id(eventNames, layout, line, event, from, to, escaped);
    if (e < 0) {
      return;
    }
    if (!allowed(layout, e, line)) {
      return;
    }
    int code = e;
    if (!layout.filters.isEmpty()) {
      long mask = passed(layout, e, line, from, to, escaped);
      if (mask < 0) {
        return;
      }
      code = codes.codeOf(e, mask);
    }
    int g = -1;
    if (layout.segment >= 0 && from[layout.segment] != to[layout.segment]) {
      g = id(segmentNames, layout, line, layout.segment, from, to, escaped);
      if (g < 0) {
        return;
      }
    }
    put(layout, s, number, t, code, g);
  }

  /**
   * Keeps one row: {@code subject} a local id of {@link #subjectNames}, or -1 with the subject's
   * {@code number}; {@code event} a local event id or code; {@code segment} a local id or -1.
   */
  final void put(Layout layout, int subject, long number, long time, int event, int segment) {
    if (rows == subjects.length) {
      int grown = rows + (rows >> 1) + 16;
      subjects = Arrays.copyOf(subjects, grown);
      numbers = Arrays.copyOf(numbers, grown);
      times = Arrays.copyOf(times, grown);
      events = Arrays.copyOf(events, grown);
      if (layout.segment >= 0) {
        segments = Arrays.copyOf(segments, grown);
      }
    }
    subjects[rows] = subject;
    numbers[rows] = number;
    times[rows] = time;
    events[rows] = event;
    if (layout.segment >= 0) {
      segments[rows] = segment;
    }
    rows++;
  }

  /**
   * Whether local event id {@code e} is one of the layout's only events; if not, rejects the row.
   */
  final boolean allowed(Layout layout, int e, int line) {
    Set<String> only = layout.onlyEvents;
    if (only == null) {
      return true;
    }
    while (eventsChecked <= e) {
      if (eventsChecked == eventAllowed.length) {
        eventAllowed = Arrays.copyOf(eventAllowed, eventsChecked * 2 + 8);
      }
      eventAllowed[eventsChecked] = only.contains(eventNames.name(eventsChecked));
      eventsChecked++;
    }
    if (!eventAllowed[e]) {
      reject(
          line,
          column(layout.event),
          "the "
              + layout.names.get(layout.event)
              + " '"
              + eventNames.name(e)
              + "' is none of "
              + only);
    }
    return eventAllowed[e];
  }

  /**
   * The mask of the filters that the row of event id {@code event} passes, or -1 (the row rejected)
   * if a number is compared with a value that is not one, or a value is badly escaped.
   */
  private long passed(Layout layout, int event, int line, int[] from, int[] to, boolean[] escaped) {
    RowFilters filters = layout.filters;
    while (eventsTested <= event) {
      if (eventsTested == testing.length) {
        testing = Arrays.copyOf(testing, eventsTested * 2 + 8);
      }
      testing[eventsTested] = filters.testing(eventNames.name(eventsTested));
      eventsTested++;
    }
    long mask = 0;
    for (long bits = testing[event]; bits != 0; bits &= bits - 1) {
      int k = Long.numberOfTrailingZeros(bits);
      int passes = passes(layout, k, line, from, to, escaped);
      if (passes < 0) {
        return -1;
      }
      mask |= (long) passes << k;
    }
    return mask;
  }

  /**
   * 1 if the row passes every condition of filter {@code k}, 0 if not, -1 if it is rejected. Every
   * condition is tested, so that whether a row is rejected does not depend on their order.
   */
  private int passes(Layout layout, int k, int line, int[] from, int[] to, boolean[] escaped) {
    RowFilters filters = layout.filters;
    int[] fields = filters.fields[k];
    int passes = 1;
    for (int c = 0; c < fields.length; c++) {
      int f = fields[c];
      if (from[f] == to[f]) {
        passes = 0;
        continue;
      }
      byte[] b = bytes;
      int start = from[f];
      int stop = to[f];
      if (escaped[f]) {
        byte[] text = unescape(start, stop, layout);
        if (text == null) {
          reject(line, column(f), badEscape(layout, f, from, to));
          return -1;
        }
        b = text;
        start = 0;
        stop = text.length;
      }
      EventFilter.Condition condition = filters.conditions[k][c];
      int comparison;
      if (condition.comparesNumbers()) {
        double value = RowFilters.number(b, start, stop);
        if (Double.isNaN(value)) {
          reject(
              line,
              column(f),
              "the "
                  + layout.names.get(f)
                  + " '"
                  + shown(from[f], to[f])
                  + "' is not a number, which the filter '"
                  + filters.filters.get(k)
                  + "' compares");
          return -1;
        }
        double number = condition.number();
        comparison = value < number ? -1 : value > number ? 1 : 0;
      } else {
        comparison =
            Arrays.equals(b, start, stop, filters.texts[k][c], 0, filters.texts[k][c].length)
                ? 0
                : 1;
      }
      if (!condition.operator().holds(comparison)) {
        passes = 0;
      }
    }
    return passes;
  }

  /** The id of a field's value, or -1 (the row rejected) if it is not UTF-8 or badly escaped. */
  private int id(
      ByteDictionary names,
      Layout layout,
      int line,
      int field,
      int[] from,
      int[] to,
      boolean[] escaped) {
    String notText = notUtf8(from[field], to[field]);
    if (notText != null) {
      reject(line, column(field), "the " + layout.names.get(field) + notText);
      return -1;
    }
    if (escaped[field]) {
      byte[] text = unescape(from[field], to[field], layout);
      if (text == null) {
        reject(line, column(field), badEscape(layout, field, from, to));
        return -1;
      }
      return names.idOf(text, 0, text.length);
    }
    return names.idOf(bytes, from[field], to[field]);
  }

  private String badEscape(Layout layout, int field, int[] from, int[] to) {
    return "the "
        + layout.names.get(field)
        + " '"
        + shown(from[field], to[field])
        + "' has a malformed escape";
  }

  /**
   * The number {@code bytes[from, to)} writes, if it is digits only, at most 18 of them, without a
   * leading zero (so that {@code 007} stays apart from {@code 7}); else -1.
   */
  static long number(byte[] bytes, int from, int to) {
    int length = to - from;
    if (length == 0 || length > 18 || (bytes[from] == '0' && length > 1)) {
      return -1;
    }
    long value = 0;
    for (int i = from; i < to; i++) {
      int digit = bytes[i] - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }

  /**
   * Why the field {@code bytes[from, to)} is not UTF-8, naming the first bad byte and where it is
   * in the field as written (inside its quotes; an escape counts as written), or null if it is
   * UTF-8.
   */
  private @Nullable String notUtf8(int from, int to) {
    int bad = Utf8.firstInvalid(bytes, from, to);
    return bad < 0
        ? null
        : String.format(
            Locale.ROOT,
            " is not UTF-8 text: byte 0x%02X at byte %d of '%s'",
            bytes[bad] & 0xff,
            bad - from + 1,
            shown(from, to));
  }

  /** The text of {@code bytes[from, to)}, cut to a length a message can show. */
  final String shown(int from, int to) {
    String text =
        new String(bytes, from, Math.min(to - from, MAX_VALUE_SHOWN * 4), StandardCharsets.UTF_8);
    return text.length() > MAX_VALUE_SHOWN ? text.substring(0, MAX_VALUE_SHOWN) + "…" : text;
  }

  final void reject(int line, int column, String message) {
    badRows++;
    if (problems.size() < EventReader.MAX_LISTED) {
      problems.add(new Problem(line, column, message));
    }
  }
}
