package dev.funnel.testkit;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that stands still until a test moves it, for code that asks a {@link Clock} for now, such
 * as {@code TransitionEngine.builder(funnel).clock(clock)}: every reading is reproducible.
 *
 * <p>Thread-safe: readings and moves may come from several threads. Clocks made by {@link
 * #withZone} share the time of the clock they came from.
 */
public final class TestClock extends Clock {
  /** The time, shared by a clock and the clocks {@link #withZone} makes from it. */
  private static final class Time {
    private volatile Instant now;

    Time(Instant now) {
      this.now = now;
    }
  }

  private final Time time;
  private final ZoneId zone;

  private TestClock(Time time, ZoneId zone) {
    this.time = time;
    this.zone = zone;
  }

  /** Returns a clock at {@code start}, in UTC. */
  public static TestClock at(Instant start) {
    return new TestClock(new Time(requireNonNull(start, "start")), ZoneOffset.UTC);
  }

  /** Returns a clock at {@link Leads#START}, where the generated leads begin. */
  public static TestClock atStart() {
    return at(Leads.START);
  }

  /**
   * Moves the clock forward and returns the new time.
   *
   * @throws IllegalArgumentException if {@code step} is negative: time does not go back
   */
  public Instant advance(Duration step) {
    requireNonNull(step, "step");
    checkArgument(!step.isNegative(), "a clock moves forward, not by %s", step);
    synchronized (time) {
      time.now = time.now.plus(step);
      return time.now;
    }
  }

  /**
   * Sets the clock to {@code to}.
   *
   * @throws IllegalArgumentException if {@code to} is before the clock's time
   */
  public void set(Instant to) {
    requireNonNull(to, "to");
    synchronized (time) {
      checkArgument(
          !to.isBefore(time.now), "a clock moves forward, not from %s back to %s", time.now, to);
      time.now = to;
    }
  }

  @Override
  public Instant instant() {
    return time.now;
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public TestClock withZone(ZoneId zone) {
    return new TestClock(time, requireNonNull(zone, "zone"));
  }

  @Override
  public String toString() {
    return "TestClock[" + time.now + ", " + zone + "]";
  }
}
