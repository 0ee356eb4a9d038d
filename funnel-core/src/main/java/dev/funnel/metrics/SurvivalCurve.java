package dev.funnel.metrics;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableList;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

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
  /**
   * How close S must be to {@code 1 − p} to count as flat at it: R's {@code
   * sqrt(.Machine$double.eps)}.
   */
  static final double FLAT_TOLERANCE = 1.4901161193847656e-8;

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
    double greenwood = 0;
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
        // Greenwood: once all at risk have ended, the variance of log S is infinite.
        greenwood +=
            events < atRisk
                ? (double) events / ((double) atRisk * (atRisk - events))
                : Double.POSITIVE_INFINITY;
      }
      points.add(new Point(time, atRisk, events, censored, survival, greenwood));
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
   * Returns the estimated p-quantile of the duration: the time at which S falls to {@code 1 − p},
   * following R's {@code survival} package ({@code quantile.survfit}): the first time at which S is
   * at or below {@code 1 − p}; where S is flat at exactly {@code 1 − p} (within √ε ≈ 1.5e-8, R's
   * default tolerance), the midpoint of that flat stretch — up to the next time S drops, or up to
   * the last observed time if it never drops again. So on data without censoring the median is the
   * sample median ({@code DurationStats.median()}). Empty if the curve never falls that far (too
   * many censored).
   *
   * @throws IllegalArgumentException if {@code p} is not strictly between 0 and 1
   */
  public Optional<Duration> quantile(double p) {
    checkArgument(p > 0 && p < 1, "p must be strictly between 0 and 1: %s", p);
    return quantileOf(p, Point::survival);
  }

  /**
   * Returns the p-quantile with its confidence interval, as R's {@code quantile.survfit}: the
   * estimate as {@link #quantile}, and its limits by the same rule applied to the lower and the
   * upper confidence band ({@link Point#lower}, {@link Point#upper}): the lower band falls to
   * {@code 1 − p} first and gives the lower limit. A limit is empty where its band never falls that
   * far (R's {@code NA}), which is common for the upper limit of a median.
   *
   * @throws IllegalArgumentException if {@code p} or {@code confidence} is not strictly between 0
   *     and 1
   */
  public QuantileEstimate quantile(double p, double confidence, BandTransform transform) {
    requireNonNull(transform, "transform");
    checkArgument(p > 0 && p < 1, "p must be strictly between 0 and 1: %s", p);
    double z = BandTransform.z(confidence);
    return new QuantileEstimate(
        p,
        confidence,
        transform,
        quantileOf(p, Point::survival),
        quantileOf(p, point -> point.band(z, transform, false)),
        quantileOf(p, point -> point.band(z, transform, true)));
  }

  /** The quantile rule of {@link #quantile(double)} on the step curve {@code value} gives. */
  private Optional<Duration> quantileOf(double p, ToDoubleFunction<Point> value) {
    for (int i = 0; i < points.size(); i++) {
      Point point = points.get(i);
      double at = value.applyAsDouble(point);
      if (at <= 1 - p + FLAT_TOLERANCE) {
        if (Math.abs(at - (1 - p)) >= FLAT_TOLERANCE) {
          return Optional.of(point.time());
        }
        Duration flatEnd = points.get(points.size() - 1).time();
        for (int j = i + 1; j < points.size(); j++) {
          if (points.get(j).events() > 0) {
            flatEnd = points.get(j).time();
            break;
          }
        }
        return Optional.of(point.time().plus(flatEnd.minus(point.time()).dividedBy(2)));
      }
    }
    return Optional.empty();
  }

  /** Returns the estimated median duration; empty if fewer than half are known to have ended. */
  public Optional<Duration> median() {
    return quantile(0.5);
  }

  /**
   * One observation: how long something lasted, and whether it ended then (an event) or was still
   * going when last seen (censored).
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
   * The curve at one observed time, with Greenwood's standard error and confidence bands as R's
   * {@code survfit} gives them. Immutable.
   */
  public static final class Point {
    private final Duration time;
    private final int atRisk;
    private final int events;
    private final int censored;
    private final double survival;
    private final double greenwood;

    Point(Duration time, int atRisk, int events, int censored, double survival, double greenwood) {
      this.time = requireNonNull(time, "time");
      this.atRisk = atRisk;
      this.events = events;
      this.censored = censored;
      this.survival = survival;
      this.greenwood = greenwood;
    }

    /** Returns the time. */
    public Duration time() {
      return time;
    }

    /** Returns how many were still going just before it. */
    public int atRisk() {
      return atRisk;
    }

    /** Returns how many ended at it. */
    public int events() {
      return events;
    }

    /** Returns how many were last seen at it, still going (censored). */
    public int censored() {
      return censored;
    }

    /** Returns S just after it: the estimated share still going. */
    public double survival() {
      return survival;
    }

    /**
     * Returns Greenwood's standard error of S: {@code S·√Σ d/(n(n−d))} over the event times so far,
     * R's {@code std.err} in {@code summary.survfit}. 0 before anything has ended; NaN once
     * everyone at risk has ended (S = 0, where Greenwood's variance is infinite).
     */
    public double standardError() {
      return survival * Math.sqrt(greenwood);
    }

    /**
     * Returns the lower limit of the pointwise confidence interval of S, as R's {@code survfit}
     * with {@code conf.type} = {@code transform}. Where S = 1 (nothing has ended yet) the interval
     * is [1, 1] for every transform; where S = 0 it is [0, NaN].
     *
     * @throws IllegalArgumentException if {@code confidence} is not strictly between 0 and 1
     */
    public double lower(double confidence, BandTransform transform) {
      requireNonNull(transform, "transform");
      return band(BandTransform.z(confidence), transform, false);
    }

    /**
     * Returns the upper limit of the pointwise confidence interval of S ({@link #lower} says how).
     *
     * @throws IllegalArgumentException if {@code confidence} is not strictly between 0 and 1
     */
    public double upper(double confidence, BandTransform transform) {
      requireNonNull(transform, "transform");
      return band(BandTransform.z(confidence), transform, true);
    }

    double band(double z, BandTransform transform, boolean upper) {
      if (survival == 1) {
        return 1;
      }
      if (survival == 0) {
        return upper ? Double.NaN : 0;
      }
      return transform.limit(survival, Math.sqrt(greenwood), upper ? z : -z);
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Point other
          && time.equals(other.time)
          && atRisk == other.atRisk
          && events == other.events
          && censored == other.censored
          && Double.compare(survival, other.survival) == 0
          && Double.compare(greenwood, other.greenwood) == 0;
    }

    @Override
    public int hashCode() {
      return Objects.hash(time, atRisk, events, censored, survival, greenwood);
    }

    @Override
    public String toString() {
      return MoreObjects.toStringHelper(this)
          .add("time", time)
          .add("atRisk", atRisk)
          .add("events", events)
          .add("censored", censored)
          .add("survival", survival)
          .add("standardError", standardError())
          .toString();
    }
  }
}
