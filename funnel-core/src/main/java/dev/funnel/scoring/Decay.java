package dev.funnel.scoring;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;
import dev.funnel.rules.RuleDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How an activity's points fade with age.
 *
 * <ul>
 *   <li>{@link #none()}: points keep their full value.
 *   <li>{@link #halfLife(Duration)}: points halve every half-life, continuously: after 14 days an
 *       activity with a 14-day half-life is worth 50 %, after 7 days about 70.7 %.
 *   <li>{@link #percentPerPeriod(double, Duration)}: points lose a percentage at every period
 *       boundary, as a monthly clean-up job would apply it. Boundaries are the whole multiples of
 *       the period since 1970-01-01T00:00Z, so an activity loses its first share at the first
 *       boundary after it happened, whatever its time within the period.
 * </ul>
 *
 * <p>Both decays are multiplicative in time, which lets a tracker keep one running sum per rule
 * instead of every activity: decay is a function of the time elapsed, not a rescan of history.
 *
 * <p>Immutable and thread-safe.
 */
public final class Decay {
  private static final Decay NONE =
      new Decay(Kind.NONE, Duration.ZERO, 1, RuleDefinition.of("none", Map.of()));

  private enum Kind {
    NONE,
    HALF_LIFE,
    PER_PERIOD
  }

  private final Kind kind;
  private final Duration unit;
  private final double unitSeconds;
  private final double keep;
  private final RuleDefinition definition;

  private Decay(Kind kind, Duration unit, double keep, RuleDefinition definition) {
    this.kind = kind;
    this.unit = unit;
    this.unitSeconds = unit.getSeconds() + unit.getNano() / 1e9;
    this.keep = keep;
    this.definition = definition;
  }

  /** No decay. */
  public static Decay none() {
    return NONE;
  }

  /**
   * Points halve every {@code halfLife}, to the nanosecond (1.5 s is 1.5 s).
   *
   * @throws IllegalArgumentException if the half-life is shorter than one second (zero and negative
   *     half-lives included)
   */
  public static Decay halfLife(Duration halfLife) {
    requireNonNull(halfLife, "halfLife");
    checkArgument(halfLife.toSeconds() >= 1, "half-life must be at least one second: %s", halfLife);
    return new Decay(
        Kind.HALF_LIFE, halfLife, 0.5, RuleDefinition.of("halfLife", Map.of("halfLife", halfLife)));
  }

  /**
   * Points lose {@code percent} % at every boundary of {@code period}.
   *
   * @throws IllegalArgumentException if the percentage is not in (0, 100], or the period is shorter
   *     than one second or not a whole number of seconds (its boundaries are whole multiples of it)
   */
  public static Decay percentPerPeriod(double percent, Duration period) {
    requireNonNull(period, "period");
    checkArgument(
        percent > 0 && percent <= 100, "decay percentage must be in (0, 100]: %s", percent);
    checkArgument(period.getSeconds() >= 1, "decay period must be at least one second: %s", period);
    checkArgument(
        period.getNano() == 0, "decay period must be a whole number of seconds: %s", period);
    return new Decay(
        Kind.PER_PERIOD,
        period,
        1 - percent / 100,
        RuleDefinition.of(
            "percentPerPeriod", ImmutableMap.of("percent", percent, "period", period)));
  }

  /**
   * The clock this decay runs on: seconds for a half-life, period numbers for a per-period decay.
   * The share an activity at {@code t} keeps at {@code now} is {@code keep^(clock(now) -
   * clock(t))}, which is what lets sums be carried forward.
   */
  double clock(Instant time) {
    return switch (kind) {
      case NONE -> 0;
      case HALF_LIFE -> (time.getEpochSecond() + time.getNano() / 1e9) / unitSeconds;
      case PER_PERIOD -> Math.floorDiv(time.getEpochSecond(), unit.toSeconds());
    };
  }

  /** The share kept after {@code elapsed} units of {@link #clock}; 1 for no time or no decay. */
  double kept(double elapsed) {
    return kind == Kind.NONE || elapsed == 0 ? 1 : Math.pow(keep, elapsed);
  }

  /** The share an activity at {@code time} keeps at {@code now}. */
  double factor(Instant time, Instant now) {
    return kept(clock(now) - clock(time));
  }

  /**
   * Returns how the decay was made: {@code none()}, {@code halfLife(halfLife=…)} or {@code
   * percentPerPeriod(percent=…, period=…)}.
   */
  public RuleDefinition definition() {
    return definition;
  }

  /** Two decays are equal when made alike. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Decay other && definition.equals(other.definition);
  }

  @Override
  public int hashCode() {
    return definition.hashCode();
  }

  @Override
  public String toString() {
    return switch (kind) {
      case NONE -> "no decay";
      case HALF_LIFE -> "half-life " + unit;
      case PER_PERIOD -> String.format(Locale.ROOT, "-%s%% per %s", (1 - keep) * 100, unit);
    };
  }
}
