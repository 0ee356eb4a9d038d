package dev.funnel.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One block of a CSV file's data rows, parsed: the columns the reader needs as local dictionary ids
 * and times, and the block's bad rows with block-relative lines. Blocks are cut at line ends and
 * parsed in parallel, each as if it began a record; a block that ends inside a quoted field (a
 * field that holds a line end across the cut) says where that record began ({@link #carryFrom}),
 * and the reader parses it again joined to the next block. Only the reader's thread touches a block
 * after its parse.
 */
final class CsvBlock {
  /** A bad row before the reader knows the block's first line. */
  record Problem(int line, int column, String message) {}

  /** What a parse needs to know of the file; shared by every block, read only. */
  record Layout(
      int fields,
      int subject,
      int time,
      int event,
      int segment,
      byte delimiter,
      byte quote,
      List<String> header,
      @Nullable Set<String> onlyEvents) {}

  private static final int MAX_VALUE_SHOWN = 60;

  final byte[] bytes;
  final int length;
  final boolean last;

  int rows;
  // A subject's id in subjectNames, or -1 if it is a number, held in numbers.
  int[] subjects;
  long[] numbers;
  long[] times;
  int[] events;
  int[] segments;
  final ByteDictionary subjectNames = new ByteDictionary();
  final ByteDictionary eventNames = new ByteDictionary();
  final ByteDictionary segmentNames = new ByteDictionary();
  final List<Problem> problems = new ArrayList<>();
  // Whether each event id is one of Layout.onlyEvents, for the first eventsChecked ids.
  private boolean[] eventAllowed = new boolean[0];
  private int eventsChecked;
  int badRows;
  int dataRows;
  int lines;

  /** Where the record that runs past the block's end starts; -1 if the block ends a record. */
  int carryFrom = -1;

  /** The line of the block the carried record starts on. */
  int carryLine;

  CsvBlock(byte[] bytes, int length, boolean last) {
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
  CsvBlock parse(Layout layout, TimeParser timeParser) {
    if (layout.segment >= 0) {
      segments = new int[subjects.length];
    }
    byte[] b = bytes;
    int end = length;
    byte delimiter = layout.delimiter;
    byte quote = layout.quote;
    int[] from = new int[layout.fields];
    int[] to = new int[layout.fields];
    boolean[] escaped = new boolean[layout.fields];
    long delimiters = everyByte(delimiter);
    int i = 0;
    int line = 0;
    while (i < end) {
      int recordStart = i;
      int recordLine = line;
      if (b[i] == '\n' || (b[i] == '\r' && i + 1 < end && b[i + 1] == '\n')) {
        i += b[i] == '\n' ? 1 : 2;
        line++;
        continue;
      }
      int field = 0;
      String wrong = null;
      int wrongColumn = 0;
      while (true) {
        int start;
        int stop;
        boolean hasEscapes = false;
        if (b[i] == quote) {
          i++;
          start = i;
          while (true) {
            if (i >= end) {
              if (last) {
                wrong =
                    "a quote opened in column "
                        + (field + 1)
                        + " is not closed before the end of the file";
                break;
              }
              carryFrom = recordStart;
              carryLine = recordLine;
              lines = recordLine;
              return this;
            }
            byte c = b[i];
            if (c == quote) {
              if (i + 1 < end && b[i + 1] == quote) {
                hasEscapes = true;
                i += 2;
                continue;
              }
              break;
            }
            if (c == '\n') {
              line++;
            }
            i++;
          }
          if (wrong != null) {
            // Unclosed at the end of the file: the row is bad; go on from its next line.
            i = nextLineAfter(b, recordStart, end);
            line = recordLine + 1;
            break;
          }
          stop = i++;
          if (i < end
              && b[i] != delimiter
              && b[i] != '\n'
              && !(b[i] == '\r' && atLineEnd(b, i, end))) {
            wrong =
                String.format(
                    Locale.ROOT,
                    "column %d has '%s' after its closing quote",
                    field + 1,
                    (char) (b[i] & 0xff));
            wrongColumn = field + 1;
            while (i < end && b[i] != '\n') {
              i++;
            }
          }
        } else {
          start = i;
          i = fieldEnd(b, i, end, delimiters);
          stop = i;
          if (stop > start && b[stop - 1] == '\r' && (i == end || b[i] == '\n')) {
            stop--;
          }
          while (start < stop && b[start] == ' ') {
            start++;
          }
          while (stop > start && b[stop - 1] == ' ') {
            stop--;
          }
        }
        if (field < from.length) {
          from[field] = start;
          to[field] = stop;
          escaped[field] = hasEscapes;
        }
        field++;
        if (wrong == null && i < end && b[i] == delimiter) {
          i++;
          if (i == end || b[i] == '\n' || (b[i] == '\r' && atLineEnd(b, i, end))) {
            // A delimiter at the end of a line: one more, empty, field.
            if (field < from.length) {
              from[field] = i;
              to[field] = i;
              escaped[field] = false;
            }
            field++;
          } else {
            continue;
          }
        }
        while (i < end && b[i] != '\n') {
          i++;
        }
        if (i < end) {
          i++;
          line++;
        }
        break;
      }
      dataRows++;
      if (wrong == null && field != layout.fields) {
        wrong =
            String.format(
                Locale.ROOT,
                "expected %d fields, as in the header, found %d",
                layout.fields,
                field);
      }
      if (wrong != null) {
        reject(recordLine, wrongColumn, wrong);
        continue;
      }
      add(layout, timeParser, recordLine, from, to, escaped);
    }
    lines = line;
    return this;
  }

  private void add(
      Layout layout, TimeParser timeParser, int line, int[] from, int[] to, boolean[] escaped) {
    int subject = layout.subject;
    int event = layout.event;
    int time = layout.time;
    if (from[subject] == to[subject]) {
      reject(line, subject + 1, "the subject (" + layout.header.get(subject) + ") is empty");
      return;
    }
    if (from[event] == to[event]) {
      reject(line, event + 1, "the event (" + layout.header.get(event) + ") is empty");
      return;
    }
    long t;
    try {
      if (escaped[time]) {
        byte[] text = unescape(from[time], to[time], layout.quote);
        t = timeParser.parse(text, 0, text.length);
      } else {
        t = timeParser.parse(bytes, from[time], to[time]);
      }
    } catch (TimeParser.BadValue e) {
      String notText = notUtf8(from[time], to[time]);
      reject(
          line,
          time + 1,
          "the time ("
              + layout.header.get(time)
              + ")"
              + (notText != null
                  ? notText
                  : " '" + shown(from[time], to[time]) + "' " + e.getMessage()));
      return;
    }
    long number = escaped[subject] ? -1 : number(from[subject], to[subject]);
    int s = number >= 0 ? -1 : id(subjectNames, layout, line, subject, from, to, escaped);
    if (number < 0 && s < 0) {
      return;
    }
    int e = id(eventNames, layout, line, event, from, to, escaped);
    if (e < 0) {
      return;
    }
    if (layout.onlyEvents != null) {
      if (e == eventAllowed.length) {
        eventAllowed = Arrays.copyOf(eventAllowed, e * 2 + 8);
      }
      if (e == eventsChecked) {
        eventAllowed[e] = layout.onlyEvents.contains(eventNames.name(e));
        eventsChecked++;
      }
      if (!eventAllowed[e]) {
        reject(
            line,
            event + 1,
            "the "
                + layout.header.get(event)
                + " '"
                + eventNames.name(e)
                + "' is none of "
                + layout.onlyEvents);
        return;
      }
    }
    int g = -1;
    if (layout.segment >= 0 && from[layout.segment] != to[layout.segment]) {
      g = id(segmentNames, layout, line, layout.segment, from, to, escaped);
      if (g < 0) {
        return;
      }
    }
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
    subjects[rows] = s;
    numbers[rows] = number;
    times[rows] = t;
    events[rows] = e;
    if (layout.segment >= 0) {
      segments[rows] = g;
    }
    rows++;
  }

  /** The id of a column's value, or -1 (the row rejected) if it is not UTF-8. */
  private int id(
      ByteDictionary names,
      Layout layout,
      int line,
      int column,
      int[] from,
      int[] to,
      boolean[] escaped) {
    byte[] text = bytes;
    int start = from[column];
    int stop = to[column];
    if (escaped[column]) {
      text = unescape(start, stop, layout.quote);
      start = 0;
      stop = text.length;
    }
    String notText = notUtf8(from[column], to[column]);
    if (notText != null) {
      reject(line, column + 1, "the " + layout.header.get(column) + notText);
      return -1;
    }
    return names.idOf(text, start, stop);
  }

  /**
   * The number {@code bytes[from, to)} writes, if it is digits only, at most 18 of them, without a
   * leading zero (so that {@code 007} stays apart from {@code 7}); else -1.
   */
  private long number(int from, int to) {
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

  /** The content of a quoted field with its doubled quotes made single. */
  private byte[] unescape(int from, int to, byte quote) {
    byte[] out = new byte[to - from];
    int n = 0;
    for (int i = from; i < to; i++) {
      out[n++] = bytes[i];
      if (bytes[i] == quote) {
        i++;
      }
    }
    return Arrays.copyOf(out, n);
  }

  /**
   * Why the field {@code bytes[from, to)} is not UTF-8, naming the first bad byte and where it is
   * in the field as written (inside its quotes; a doubled quote counts twice), or null if it is
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

  private String shown(int from, int to) {
    String text =
        new String(bytes, from, Math.min(to - from, MAX_VALUE_SHOWN * 4), StandardCharsets.UTF_8);
    return text.length() > MAX_VALUE_SHOWN ? text.substring(0, MAX_VALUE_SHOWN) + "…" : text;
  }

  private void reject(int line, int column, String message) {
    badRows++;
    if (problems.size() < EventReader.MAX_LISTED) {
      problems.add(new Problem(line, column, message));
    }
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long LINE_ENDS = everyByte((byte) '\n');

  /** A long whose eight bytes are all {@code b}. */
  static long everyByte(byte b) {
    return (b & 0xffL) * ONES;
  }

  /**
   * The index of the first delimiter or {@code \n} in {@code b[from, end)}, or {@code end}: an
   * unquoted field's end. Eight bytes at a time, since most of a line is fields the reader only
   * steps over: a byte of {@code word ^ pattern} is zero where the word holds the pattern's byte,
   * and {@code (x - ONES) & ~x & HIGHS} sets the high bit of the lowest zero byte exactly (bits
   * above it may be set falsely, but only the lowest is used), which in little-endian order is the
   * first.
   *
   * @param delimiters the delimiter in every byte, {@link #everyByte}
   */
  static int fieldEnd(byte[] b, int from, int end, long delimiters) {
    int i = from;
    while (i + Long.BYTES <= end) {
      long word = (long) LONGS.get(b, i);
      long d = word ^ delimiters;
      long n = word ^ LINE_ENDS;
      long found = ((d - ONES) & ~d & HIGHS) | ((n - ONES) & ~n & HIGHS);
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
      i += Long.BYTES;
    }
    byte delimiter = (byte) delimiters;
    while (i < end && b[i] != delimiter && b[i] != '\n') {
      i++;
    }
    return i;
  }

  private static boolean atLineEnd(byte[] b, int i, int end) {
    return i + 1 == end || b[i + 1] == '\n';
  }

  private static int nextLineAfter(byte[] b, int from, int end) {
    int i = from;
    while (i < end && b[i] != '\n') {
      i++;
    }
    return Math.min(end, i + 1);
  }
}
