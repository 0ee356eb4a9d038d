package dev.funnel.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Locale;

/**
 * One block of a CSV file's data rows, parsed: the columns the reader needs as local dictionary ids
 * and times, and the block's bad rows with block-relative lines. Blocks are cut at line ends and
 * parsed in parallel, each as if it began a record; a block that ends inside a quoted field (a
 * field that holds a line end across the cut) says where that record began ({@link #carryFrom}),
 * and the reader parses it again joined to the next block. Only the reader's thread touches a block
 * after its parse.
 */
final class CsvBlock extends Block {
  CsvBlock(byte[] bytes, int length, boolean last) {
    super(bytes, length, last);
  }

  @Override
  int column(int field) {
    return field + 1;
  }

  /** Parses the block with its own time parser; returns this block. */
  @Override
  CsvBlock parse(Layout layout, TimeParser timeParser) {
    begin(layout);
    byte[] b = bytes;
    int end = length;
    byte delimiter = layout.delimiter();
    byte quote = layout.quote();
    int[] from = new int[layout.fields()];
    int[] to = new int[layout.fields()];
    boolean[] escaped = new boolean[layout.fields()];
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
      if (wrong == null && field != layout.fields()) {
        wrong =
            String.format(
                Locale.ROOT,
                "expected %d fields, as in the header, found %d",
                layout.fields(),
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

  /** The content of a quoted field with its doubled quotes made single. */
  @Override
  byte[] unescape(int from, int to, Layout layout) {
    byte quote = layout.quote();
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
