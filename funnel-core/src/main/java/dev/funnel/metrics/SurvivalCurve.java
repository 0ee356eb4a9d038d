package dev.funnel.metrics;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The Kaplan–Meier estimate of how long something lasts when some of it has not ended yet: the
 * probability S(t) that a deal is still open after time t, when open deals count as "censored"
 * (known to last at least as long as they have so far).
 *
 * <p>Ignoring open deals makes a young pipeline look fast, because only its quick deals have
 * closed; counting them as censored does not. At each time with events, S drops by the factor
 * {@code 1 − events / at risk}; censored observations leave the risk set after their time (and
 * events at the same time are counted first, the usual convention).
 *
 * <p>Costs O(n log n). Immutable and thread-safe.
 */
public final class SurvivalCurve {
  private final ImmutableList<Point> points;
  private final int observations;

  private SurvivalCurve(ImmutableList<Point> points, int observations) {
    this.points = points;
    this.observations = observations;
  }

  /**
   * Estimates the curve.
   *
   * @throws IllegalArgumentException if an observation has a negative time
   */
  public static SurvivalCurve estimate(Collection<Observation> observations) {
    requireNonNull(observations, "observations");
    List<Observation> sorted = new ArrayList<>(observations);
    sorted.forEach(o -> requireNonNull(o, "observation"));
    sorted.sort(Comparator.comparing(Observation::time));
    ImmutableList.Builder<Point> points = ImmutableList.builder();
    int atRisk = sorted.size();
    double survival = 1.0;
    int i = 0;
    while (i < sorted.size()) {
      Duration time = sorted.get(i).time();
      int events = 0;
      int censored = 0;
      while (i < sorted.size() && sorted.get(i).time().equals(time)) {
        if (sorted.get(i).ended()) {
          events++;
        } else {
          censored++;
        }
        i++;
      }
      if (events > 0) {
        survival *= 1.0 - (double) events / atRisk;
      }
      points.add(new Point(time, atRisk, events, censored, survival));
      atRisk -= events + censored;
    }
    return new SurvivalCurve(points.build(), sorted.size());
  }

  /** Returns one point per distinct observed time, in time order. */
  public ImmutableList<Point> points() {
    return points;
  }

  /** Returns the number of observations. */
  public int observations() {
    return observations;
  }

  /** Returns S(t): the estimated probability of lasting longer than {@code time}. */
  public double survivalAt(Duration time) {
    requireNonNull(time, "time");
    double survival = 1.0;
    for (Point point : points) {
      if (point.time().compareTo(time) > 0) {
        break;
      }
      survival = point.survival();
    }
    return survival;
  }

  /**
   * Returns the smallest time at which S falls to {@code 1 − p} or below, i.e. the estimated
   * p-quantile of the duration; empty if the curve never falls that far (too many censored).
   *
   * @throws IllegalArgumentException if {@code p} is not strictly between 0 and 1
   */
  public Optional<Duration> quantile(double p) {
    checkArgument(p > 0 && p < 1, "p must be strictly between 0 and 1: %s", p);
    for (Point point : points) {
      if (point.survival() <= 1 - p + 1e-12) {
        return Optional.of(point.time());
      }
    }
    return Optional.empty();
  }

  /** Returns the estimated median duration; empty if fewer than half are known to have ended. */
  public Optional<Duration> median() {
    return quantile(0.5);
  }

  /**
   * One observation: how long something lasted, and whether it ended then (an event) or was
   * still going when last seen (censored).
   *
   * @param time how long it lasted, or has lasted so far
   * @param ended true for an event, false for a censored observation
   */
  public record Observation(Duration time, boolean ended) {
    /**
     * Validates the time.
     *
     * @throws IllegalArgumentException if the time is negative
     */
    public Observation {
      requireNonNull(time, "time");
      checkArgument(!time.isNegative(), "observed time must not be negative: %s", time);
    }

    /** Returns an observation that ended after {@code time}. */
    public static Observation ended(Duration time) {
      return new Observation(time, true);
    }

    /** Returns an observation still going after {@code time}. */
    public static Observation censored(Duration time) {
      return new Observation(time, false);
    }
  }

  /**
   * The curve at one observed time.
   *
   * @param time the time
   * @param atRisk how many were still going just before it
   * @param events how many ended at it
   * @param censored how many were last seen at it, still going
   * @param survival S just after it
   */
  public record Point(Duration time, int atRisk, int events, int censored, double survival) {
    /** Validates that the time is not null. */
    public Point {
      requireNonNull(time, "time");
    }
  }
}
