package dev.funnel.io;

import com.google.common.collect.ImmutableList;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * A reader's filters that have conditions, set against one file's fields: filter {@code k} is bit
 * {@code k} of a row's mask, and each condition knows the field it reads. Read only, shared by
 * every block of a read.
 */
final class RowFilters {
  /** At most this many filters with conditions: a row's mask is a non-negative {@code long}. */
  static final int MAX = 63;

  static final RowFilters NONE = new RowFilters(ImmutableList.of(), c -> 0);

  final ImmutableList<EventFilter> filters;
  // [filter][condition]: the field read, and for text the UTF-8 bytes compared with.
  final int[][] fields;
  final EventFilter.Condition[][] conditions;
  final byte[][][] texts;

  /**
   * @param field the field of the layout that holds a column, by the column's name
   */
  RowFilters(List<EventFilter> filters, ToIntFunction<String> field) {
    this.filters = ImmutableList.copyOf(filters);
    this.fields = new int[filters.size()][];
    this.conditions = new EventFilter.Condition[filters.size()][];
    this.texts = new byte[filters.size()][][];
    for (int k = 0; k < filters.size(); k++) {
      List<EventFilter.Condition> conditions = filters.get(k).conditions();
      this.conditions[k] = conditions.toArray(new EventFilter.Condition[0]);
      fields[k] = new int[conditions.size()];
      texts[k] = new byte[conditions.size()][];
      for (int c = 0; c < conditions.size(); c++) {
        fields[k][c] = field.applyAsInt(conditions.get(c).column());
        texts[k][c] = conditions.get(c).value().getBytes(StandardCharsets.UTF_8);
      }
    }
  }

  boolean isEmpty() {
    return filters.isEmpty();
  }

  /** Whether some condition reads {@code field}. */
  boolean reads(int field) {
    for (int[] f : fields) {
      for (int read : f) {
        if (read == field) {
          return true;
        }
      }
    }
    return false;
  }

  /** The bits of the filters that test rows of {@code event}. */
  long testing(String event) {
    long bits = 0;
    for (int k = 0; k < filters.size(); k++) {
      if (filters.get(k).events().contains(event)) {
        bits |= 1L << k;
      }
    }
    return bits;
  }

  private static final double[] POWERS_OF_TEN = new double[23];

  static {
    POWERS_OF_TEN[0] = 1;
    for (int i = 1; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
    }
  }

  /**
   * The number {@code b[from, to)} writes, or NaN if it writes none: an optional sign, digits with
   * an optional point, an optional exponent, as {@link EventFilter#parse} reads numbers.
   */
  static double number(byte[] b, int from, int to) {
    int i = from;
    boolean negative = false;
    if (i < to && (b[i] == '-' || b[i] == '+')) {
      negative = b[i] == '-';
      i++;
    }
    long mantissa = 0;
    int digits = 0;
    int scale = 0;
    boolean point = false;
    boolean anyDigit = false;
    for (; i < to; i++) {
      int d = b[i] - '0';
      if (d >= 0 && d <= 9) {
        anyDigit = true;
        if (digits >= 18) {
          return slowNumber(b, from, to);
        }
        mantissa = mantissa * 10 + d;
        if (mantissa > 0) {
          digits++;
        }
        if (point) {
          scale++;
        }
      } else if (b[i] == '.' && !point) {
        point = true;
      } else {
        return slowNumber(b, from, to);
      }
    }
    if (!anyDigit) {
      return Double.NaN;
    }
    if (mantissa >= 1L << 53 || scale >= POWERS_OF_TEN.length) {
      return slowNumber(b, from, to);
    }
    // Both are exact doubles, so one division rounds correctly, as Double.parseDouble does.
    double value = mantissa / POWERS_OF_TEN[scale];
    return negative ? -value : value;
  }

  private static double slowNumber(byte[] b, int from, int to) {
    String text = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    return EventFilter.isNumber(text) ? Double.parseDouble(text) : Double.NaN;
  }
}
