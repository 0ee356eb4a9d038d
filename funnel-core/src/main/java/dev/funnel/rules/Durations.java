package dev.funnel.rules;

import java.time.Duration;

/** Formats durations for messages people read: {@code 2d 3h}, {@code 45m}, {@code 0s}. */
final class Durations {
  private Durations() {}

  static String format(Duration duration) {
    if (duration.isNegative()) {
      return "-" + format(duration.negated());
    }
    StringBuilder text = new StringBuilder();
    append(text, duration.toDaysPart(), "d");
    append(text, duration.toHoursPart(), "h");
    append(text, duration.toMinutesPart(), "m");
    append(text, duration.toSecondsPart(), "s");
    if (text.length() == 0) {
      return duration.isZero() ? "0s" : duration.toMillis() + "ms";
    }
    return text.toString();
  }

  private static void append(StringBuilder text, long amount, String unit) {
    if (amount != 0) {
      if (text.length() > 0) {
        text.append(' ');
      }
      text.append(amount).append(unit);
    }
  }
}
