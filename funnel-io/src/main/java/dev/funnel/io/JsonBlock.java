package dev.funnel.io;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One block of a newline-delimited JSON file (NDJSON, JSON Lines), parsed: one object per line, of
 * which the fields the layout names are kept and the others are checked and stepped over. A record
 * never spans lines (JSON escapes a line end inside a string), so blocks cut at line ends need no
 * carrying.
 *
 * <p>The scanner reads RFC 8259 JSON straight from the bytes: a wanted field's value is its bytes
 * between the quotes (or the number or literal as written), unescaped only when it holds a
 * backslash. A line that is not one JSON object is a bad row naming what was found where; so is a
 * wanted field that is missing, null, an object or array, or given twice (names match without
 * regard to ASCII case, as the CSV header does, so {@code "User_ID"} and {@code "user_id"} in one
 * object are the same field twice).
 */
final class JsonBlock extends Block {
  /** Why a line is not a JSON object, at which byte of the line. */
  private static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;
    final int at;

    Malformed(String message, int at) {
      super(message, null, false, false);
      this.at = at;
    }
  }

  private static final int MAX_DEPTH = 512;
  private static final long LINE_ENDS = CsvBlock.everyByte((byte) '\n');

  /** How many bytes either side of a syntax error its message shows. */
  private static final int NEAR = 24;

  // Of the line being scanned: where each wanted field's value is, and what it is.
  private int[] from = new int[0];
  private int[] to = new int[0];
  private boolean[] escaped = new boolean[0];
  private byte[] kind = new byte[0];
  private byte[][] wantedNames = new byte[0][];
  // Whether the string stringEnd last stepped over holds a backslash.
  private boolean stringHadEscapes;

  JsonBlock(byte[] bytes, int length, boolean last) {
    super(bytes, length, last);
  }

  @Override
  int column(int field) {
    return 0;
  }

  @Override
  JsonBlock parse(Layout layout, TimeParser timeParser) {
    begin(layout);
    int wanted = layout.fields();
    from = new int[wanted];
    to = new int[wanted];
    escaped = new boolean[wanted];
    kind = new byte[wanted];
    wantedNames = new byte[wanted][];
    for (int f = 0; f < wanted; f++) {
      wantedNames[f] = layout.names().get(f).getBytes(StandardCharsets.UTF_8);
    }
    byte[] b = bytes;
    int i = 0;
    int line = 0;
    while (i < length) {
      int end = CsvBlock.fieldEnd(b, i, length, LINE_ENDS);
      int next = end < length ? end + 1 : end;
      if (!isBlank(b, i, end)) {
        dataRows++;
        Arrays.fill(kind, (byte) 0);
        try {
          scanObject(i, end);
          String missing = missing(layout);
          if (missing != null) {
            reject(line, 0, missing);
          } else {
            add(layout, timeParser, line, from, to, escaped);
          }
        } catch (Malformed m) {
          int near = Math.max(i, m.at - NEAR);
          reject(
              line,
              0,
              String.format(
                  Locale.ROOT,
                  "the line is not a JSON object: %s at byte %d, in '%s%s'",
                  m.getMessage(),
                  m.at - i + 1,
                  near > i ? "…" : "",
                  shown(near, Math.min(end, m.at + NEAR))));
        }
      }
      i = next;
      line++;
    }
    lines = line;
    return this;
  }

  /** Why a wanted field has no usable value, or null if all have one. */
  private @Nullable String missing(Layout layout) {
    for (int f = 0; f < layout.fields(); f++) {
      boolean optional = layout.optional(f);
      String name = layout.names().get(f);
      byte k = kind[f];
      if (k == 'd') {
        return "the field '" + name + "' appears twice in the object";
      }
      if (k == '{' || k == '[') {
        return String.format(
            Locale.ROOT,
            "the field '%s' is %s, not text or a number: %s",
            name,
            k == '{' ? "an object" : "an array",
            shown(from[f], Math.min(to[f], from[f] + 40)));
      }
      if (k == 0 || k == 'n') {
        if (!optional) {
          return k == 0
              ? "the object has no field '" + name + "'"
              : "the field '" + name + "' is null";
        }
        from[f] = 0;
        to[f] = 0;
      }
    }
    return null;
  }

  private void scanObject(int start, int end) throws Malformed {
    byte[] b = bytes;
    int i = skipSpace(b, start, end);
    // Blank lines are passed over before, so there is a first byte.
    if (b[i] != '{') {
      throw new Malformed("'" + shown(i, i + 1) + "' instead of '{'", i);
    }
    i = skipSpace(b, i + 1, end);
    if (i < end && b[i] == '}') {
      i++;
    } else {
      while (true) {
        if (i >= end || b[i] != '"') {
          throw new Malformed(expected("a field name in quotes", i, end), i);
        }
        int nameStart = i + 1;
        i = stringEnd(b, nameStart, end);
        int field = fieldOf(nameStart, i, stringHadEscapes);
        i = skipSpace(b, i + 1, end);
        if (i >= end || b[i] != ':') {
          throw new Malformed(expected("':'", i, end), i);
        }
        i = skipSpace(b, i + 1, end);
        i = value(b, i, end, field, 0);
        i = skipSpace(b, i, end);
        if (i < end && b[i] == ',') {
          i = skipSpace(b, i + 1, end);
          continue;
        }
        if (i < end && b[i] == '}') {
          i++;
          break;
        }
        throw new Malformed(expected("',' or '}'", i, end), i);
      }
    }
    i = skipSpace(b, i, end);
    if (i < end) {
      throw new Malformed("'" + shown(i, Math.min(end, i + 20)) + "' after the object", i);
    }
  }

  /**
   * Steps over the value at {@code i} and returns where it ends; if {@code field} is wanted (not
   * -1), records where its value is.
   */
  private int value(byte[] b, int i, int end, int field, int depth) throws Malformed {
    if (i >= end) {
      throw new Malformed("no value", i);
    }
    byte c = b[i];
    int stop;
    byte what;
    int valueFrom = i;
    int valueTo;
    boolean hasEscapes = false;
    if (c == '"') {
      stop = stringEnd(b, i + 1, end);
      valueFrom = i + 1;
      valueTo = stop;
      hasEscapes = stringHadEscapes;
      stop++;
      what = 's';
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      stop = numberEnd(b, i, end);
      valueTo = stop;
      what = '1';
    } else if (c == '{' || c == '[') {
      if (depth == MAX_DEPTH) {
        throw new Malformed("values nested more than " + MAX_DEPTH + " deep", i);
      }
      stop = container(b, i, end, depth + 1);
      valueTo = stop;
      what = c;
    } else {
      stop = literalEnd(b, i, end);
      valueTo = stop;
      what = c == 'n' ? (byte) 'n' : (byte) 'b';
    }
    if (field >= 0) {
      if (kind[field] != 0) {
        kind[field] = 'd';
      } else {
        kind[field] = what;
        from[field] = valueFrom;
        to[field] = valueTo;
        escaped[field] = hasEscapes;
      }
    }
    return stop;
  }

  /** Steps over an object or array starting at {@code i}; returns where it ends. */
  private int container(byte[] b, int i, int end, int depth) throws Malformed {
    boolean object = b[i] == '{';
    byte close = object ? (byte) '}' : (byte) ']';
    i = skipSpace(b, i + 1, end);
    if (i < end && b[i] == close) {
      return i + 1;
    }
    while (true) {
      if (object) {
        if (i >= end || b[i] != '"') {
          throw new Malformed(expected("a field name in quotes", i, end), i);
        }
        i = skipSpace(b, stringEnd(b, i + 1, end) + 1, end);
        if (i >= end || b[i] != ':') {
          throw new Malformed(expected("':'", i, end), i);
        }
        i = skipSpace(b, i + 1, end);
      }
      i = skipSpace(b, value(b, i, end, -1, depth), end);
      if (i < end && b[i] == ',') {
        i = skipSpace(b, i + 1, end);
        continue;
      }
      if (i < end && b[i] == close) {
        return i + 1;
      }
      throw new Malformed(expected(object ? "',' or '}'" : "',' or ']'", i, end), i);
    }
  }

  /**
   * The index of the closing quote of the string whose content starts at {@code i}; checks its
   * escapes' form and that it holds no control character.
   */
  private int stringEnd(byte[] b, int i, int end) throws Malformed {
    stringHadEscapes = false;
    while (i < end) {
      byte c = b[i];
      if (c == '"') {
        return i;
      }
      if (c == '\\') {
        stringHadEscapes = true;
        if (i + 1 >= end) {
          break;
        }
        byte e = b[i + 1];
        if (e == 'u') {
          for (int k = i + 2; k < i + 6; k++) {
            if (k >= end || Character.digit(b[k], 16) < 0) {
              throw new Malformed("a \\u escape without four hex digits", i);
            }
          }
          i += 6;
          continue;
        }
        if ("\"\\/bfnrt".indexOf(e) < 0) {
          throw new Malformed("the escape '\\" + (char) (e & 0xff) + "'", i);
        }
        i += 2;
        continue;
      }
      if (c >= 0 && c < 0x20) {
        throw new Malformed(
            String.format(Locale.ROOT, "control character 0x%02X in a string", c), i);
      }
      i++;
    }
    throw new Malformed("a string not closed before the end of the line", end);
  }

  /**
   * The end of the number at {@code i}, in JSON's grammar: {@code
   * -?(0|[1-9]\d*)(.\d+)?([eE][+-]?\d+)?}.
   */
  private static int numberEnd(byte[] b, int i, int end) throws Malformed {
    int start = i;
    if (b[i] == '-') {
      i++;
    }
    if (i < end && b[i] == '0') {
      i++;
    } else {
      int digits = digits(b, i, end);
      if (digits == i) {
        throw new Malformed("a number without digits", start);
      }
      i = digits;
    }
    if (i < end && b[i] == '.') {
      int digits = digits(b, i + 1, end);
      if (digits == i + 1) {
        throw new Malformed("a number without digits after its '.'", start);
      }
      i = digits;
    }
    if (i < end && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      if (i < end && (b[i] == '+' || b[i] == '-')) {
        i++;
      }
      int digits = digits(b, i, end);
      if (digits == i) {
        throw new Malformed("a number without digits in its exponent", start);
      }
      i = digits;
    }
    return i;
  }

  private static int digits(byte[] b, int i, int end) {
    while (i < end && b[i] >= '0' && b[i] <= '9') {
      i++;
    }
    return i;
  }

  private int literalEnd(byte[] b, int i, int end) throws Malformed {
    for (String literal : LITERALS) {
      int n = literal.length();
      if (i + n <= end && matches(b, i, literal)) {
        return i + n;
      }
    }
    throw new Malformed("'" + shown(i, Math.min(end, i + 10)) + "', which is not a JSON value", i);
  }

  private static final String[] LITERALS = {"true", "false", "null"};

  private static boolean matches(byte[] b, int i, String literal) {
    for (int k = 0; k < literal.length(); k++) {
      if (b[i + k] != literal.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** Which wanted field the name {@code bytes[from, to)} is, or -1. */
  private int fieldOf(int from, int to, boolean hasEscapes) {
    byte[] b = bytes;
    int start = from;
    int stop = to;
    if (hasEscapes) {
      byte[] text = unescape(from, to, null);
      if (text == null) {
        return -1;
      }
      b = text;
      start = 0;
      stop = text.length;
    }
    for (int f = 0; f < wantedNames.length; f++) {
      if (sameName(wantedNames[f], b, start, stop)) {
        return f;
      }
    }
    return -1;
  }

  // ASCII letters match without regard to case.
  private static boolean sameName(byte[] wanted, byte[] b, int start, int stop) {
    if (wanted.length != stop - start) {
      return false;
    }
    for (int k = 0; k < wanted.length; k++) {
      if (lower(wanted[k]) != lower(b[start + k])) {
        return false;
      }
    }
    return true;
  }

  private static int lower(byte c) {
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
  }

  /** The UTF-8 bytes of a JSON string's content; null if a {@code \\u} escape is a lone half. */
  @Override
  byte @Nullable [] unescape(int from, int to, @Nullable Layout layout) {
    byte[] b = bytes;
    byte[] out = new byte[to - from];
    int n = 0;
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c != '\\') {
        out[n++] = c;
        continue;
      }
      byte e = b[++i];
      switch (e) {
        case 'b' -> out[n++] = '\b';
        case 'f' -> out[n++] = '\f';
        case 'n' -> out[n++] = '\n';
        case 'r' -> out[n++] = '\r';
        case 't' -> out[n++] = '\t';
        case 'u' -> {
          int code = hex(b, i + 1);
          i += 4;
          if (Character.isHighSurrogate((char) code)) {
            if (i + 6 < to && b[i + 1] == '\\' && b[i + 2] == 'u') {
              int low = hex(b, i + 3);
              if (!Character.isLowSurrogate((char) low)) {
                return null;
              }
              code = Character.toCodePoint((char) code, (char) low);
              i += 6;
            } else {
              return null;
            }
          } else if (Character.isLowSurrogate((char) code)) {
            return null;
          }
          n = utf8(code, out, n);
        }
        default -> out[n++] = e;
      }
    }
    return Arrays.copyOf(out, n);
  }

  private static int hex(byte[] b, int i) {
    int value = 0;
    for (int k = i; k < i + 4; k++) {
      value = value * 16 + Character.digit(b[k], 16);
    }
    return value;
  }

  /** Writes a code point as UTF-8 (no longer than its {@code \\u} escapes); returns the new end. */
  private static int utf8(int code, byte[] out, int n) {
    if (code < 0x80) {
      out[n++] = (byte) code;
    } else if (code < 0x800) {
      out[n++] = (byte) (0xc0 | code >> 6);
      out[n++] = (byte) (0x80 | (code & 0x3f));
    } else if (code < 0x10000) {
      out[n++] = (byte) (0xe0 | code >> 12);
      out[n++] = (byte) (0x80 | (code >> 6 & 0x3f));
      out[n++] = (byte) (0x80 | (code & 0x3f));
    } else {
      out[n++] = (byte) (0xf0 | code >> 18);
      out[n++] = (byte) (0x80 | (code >> 12 & 0x3f));
      out[n++] = (byte) (0x80 | (code >> 6 & 0x3f));
      out[n++] = (byte) (0x80 | (code & 0x3f));
    }
    return n;
  }

  private String expected(String what, int i, int end) {
    return i >= end
        ? what + " before the end of the line"
        : what + " instead of '" + shown(i, Math.min(end, i + 1)) + "'";
  }

  private static int skipSpace(byte[] b, int i, int end) {
    while (i < end && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r')) {
      i++;
    }
    return i;
  }

  private static boolean isBlank(byte[] b, int from, int to) {
    return skipSpace(b, from, to) == to;
  }
}
