package dev.funnel.io;

import java.util.Locale;

/**
 * The unit of a column of numeric times since 1970-01-01T00:00:00Z. More units may be added.
 *
 * <p>{@link #AUTO} takes the unit in which the column's first time is plausible (from {@value
 * TimeFormat#PLAUSIBLE_FROM} up to {@value TimeFormat#PLAUSIBLE_TO}); the plausible ranges of the
 * four units do not overlap, so one value decides. A time plausible in no unit, or in another unit
 * than the column's first, is refused rather than guessed at.
 */
public enum EpochUnit {
  AUTO("auto", 0),
  SECONDS("s", 1_000_000_000L),
  MILLISECONDS("ms", 1_000_000L),
  MICROSECONDS("us", 1_000L),
  NANOSECONDS("ns", 1L);

  private final String code;
  private final long nanos;

  EpochUnit(String code, long nanos) {
    this.code = code;
    this.nanos = nanos;
  }

  /** Returns the unit's short name, as the command line's {@code --epoch-unit} takes it. */
  public String code() {
    return code;
  }

  /** Nanoseconds per unit; 0 for {@link #AUTO}. */
  long nanos() {
    return nanos;
  }

  /**
   * Returns the unit with the given short name ({@code auto}, {@code s}, {@code ms}, {@code us},
   * {@code ns}), case ignored.
   *
   * @throws IllegalArgumentException naming the value and the names taken
   */
  public static EpochUnit ofCode(String code) {
    String wanted = code.trim().toLowerCase(Locale.ROOT);
    for (EpochUnit unit : values()) {
      if (unit.code.equals(wanted)) {
        return unit;
      }
    }
    throw new IllegalArgumentException(
        "unknown epoch unit '" + code + "': expected one of auto, s, ms, us, ns");
  }
}
