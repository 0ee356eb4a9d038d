package dev.funnel.metrics;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The probability of each outcome by time t when outcomes compete, such as a deal being won or lost
 * by day 90: the Aalen–Johansen estimator (for competing risks, the cumulative incidence of
 * Kalbfleisch and Prentice), {@code F_k(t) = Σ_{tᵢ ≤ t} S(tᵢ₋₁)·d_k,ᵢ / nᵢ}, with S the
 * Kaplan–Meier curve of any outcome and open deals censored.
 *
 * <p>Counting lost deals as censored in a Kaplan–Meier curve of winning ({@link
 * SalesCycle#timeToWin()}) treats them as deals that might still be won, which overstates P(won by
 * t); the cumulative incidences of all outcomes and the share still open always add up to 1. It is
 * the estimator R's {@code survfit} applies to a multi-state (competing) outcome.
 *
 * <p>Each point carries Gray's variance of every incidence, the one R's {@code cmprsk::cuminc}
 * reports (Aalen's counting-process estimator), and pointwise intervals on the scales of {@link
 * BandTransform}, built on F as SAS {@code PROC LIFETEST} builds its CIF limits ({@link
 * BandTransform#LOG_LOG} is its default and keeps the interval inside (0, 1)).
 *
 * <p>Costs O(n log n). Immutable and thread-safe.
 */
public final class CumulativeIncidence {
  private final ImmutableSet<String> outcomes;
  private final ImmutableList<Point> points;

  private CumulativeIncidence(ImmutableSet<String> outcomes, ImmutableList<Point> points) {
    this.outcomes = outcomes;
    this.points = points;
  }

  /**
   * Estimates the incidences.
   *
   * @throws IllegalArgumentException if no observation is given
   */
  public static CumulativeIncidence estimate(Collection<Observation> observations) {
    requireNonNull(observations, "observations");
    checkArgument(!observations.isEmpty(), "cumulative incidence needs observations");
    List<Observation> sorted = new ArrayList<>(observations);
    sorted.forEach(o -> requireNonNull(o, "observation"));
    sorted.sort(Comparator.comparing(Observation::time));
    TreeSet<String> names = new TreeSet<>();
    sorted.forEach(o -> o.outcome().ifPresent(names::add));
    Map<String, Double> incidence = new LinkedHashMap<>();
    names.forEach(n -> incidence.put(n, 0.0));
    Map<String, GrayVariance> variance = new LinkedHashMap<>();
    names.forEach(n -> variance.put(n, new GrayVariance()));
    ImmutableList.Builder<Point> points = ImmutableList.builder();
    int atRisk = sorted.size();
    double survival = 1;
    int i = 0;
    while (i < sorted.size()) {
      Duration time = sorted.get(i).time();
      Map<String, Integer> events = new LinkedHashMap<>();
      int ended = 0;
      int left = 0;
      while (i < sorted.size() && sorted.get(i).time().equals(time)) {
        Optional<String> outcome = sorted.get(i).outcome();
        if (outcome.isPresent()) {
          events.merge(outcome.get(), 1, Integer::sum);
          ended++;
        }
        left++;
        i++;
      }
      if (ended > 0) {
        // Each outcome takes its share of those still open just before this time.
        for (Map.Entry<String, Integer> e : events.entrySet()) {
          incidence.merge(e.getKey(), survival * e.getValue() / atRisk, Double::sum);
        }
        double before = survival;
        survival *= 1.0 - (double) ended / atRisk;
        ImmutableMap.Builder<String, Double> variances = ImmutableMap.builder();
        for (String name : names) {
          int own = events.getOrDefault(name, 0);
          double f = incidence.getOrDefault(name, 0.0);
          GrayVariance v = requireNonNull(variance.get(name));
          v.add(before, survival, atRisk, own, ended - own, f);
          variances.put(name, v.at(f));
        }
        points.add(
            new Point(
                time,
                atRisk,
                ImmutableMap.copyOf(events),
                ImmutableMap.copyOf(incidence),
                variances.buildOrThrow(),
                survival));
      }
      atRisk -= left;
    }
    return new CumulativeIncidence(ImmutableSet.copyOf(names), points.build());
  }

  /** Returns the outcomes seen, in alphabetical order. */
  public ImmutableSet<String> outcomes() {
    return outcomes;
  }

  /** Returns one point per time at which something ended, in time order. */
  public ImmutableList<Point> points() {
    return points;
  }

  /**
   * Returns the estimated probability that {@code outcome} has happened by {@code time}.
   *
   * @throws IllegalArgumentException if the outcome was never seen (the message lists those seen)
   */
  public double at(String outcome, Duration time) {
    requireNonNull(outcome, "outcome");
    requireNonNull(time, "time");
    checkArgument(
        outcomes.contains(outcome), "no outcome '%s'; the outcomes are %s", outcome, outcomes);
    return pointAt(time).map(p -> p.incidence().getOrDefault(outcome, 0.0)).orElse(0.0);
  }

  /** Returns the estimated share with no outcome yet by {@code time}: Kaplan–Meier of any. */
  public double openAt(Duration time) {
    return pointAt(time).map(Point::open).orElse(1.0);
  }

  /**
   * Returns the last point at or before {@code time}, where the incidences are those at {@code
   * time}; empty before anything has ended.
   */
  public Optional<Point> pointAt(Duration time) {
    requireNonNull(time, "time");
    Point found = null;
    for (Point point : points) {
      if (point.time().compareTo(time) > 0) {
        break;
      }
      found = point;
    }
    return Optional.ofNullable(found);
  }

  @Override
  public String toString() {
    return MoreObjects.toStringHelper(this)
        .add("outcomes", outcomes)
        .add("points", points.size())
        .toString();
  }

  /**
   * One observation: how long it lasted and how it ended, or that it is still open (censored).
   *
   * @param time how long it lasted, or has lasted so far
   * @param outcome how it ended, such as "won"; empty while open
   */
  public record Observation(Duration time, Optional<String> outcome) {
    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the time is negative or the outcome blank
     */
    public Observation {
      requireNonNull(time, "time");
      requireNonNull(outcome, "outcome");
      checkArgument(!time.isNegative(), "observed time must not be negative: %s", time);
      outcome.ifPresent(o -> checkArgument(!o.isBlank(), "an outcome must not be blank: '%s'", o));
    }

    /** Returns an observation that ended with {@code outcome} after {@code time}. */
    public static Observation ended(Duration time, String outcome) {
      return new Observation(time, Optional.of(requireNonNull(outcome, "outcome")));
    }

    /** Returns an observation still open after {@code time}. */
    public static Observation open(Duration time) {
      return new Observation(time, Optional.empty());
    }
  }

  /** The incidences just after one time at which something ended. Immutable. */
  public static final class Point {
    private final Duration time;
    private final int atRisk;
    private final ImmutableMap<String, Integer> events;
    private final ImmutableMap<String, Double> incidence;
    private final ImmutableMap<String, Double> variance;
    private final double open;

    Point(
        Duration time,
        int atRisk,
        ImmutableMap<String, Integer> events,
        ImmutableMap<String, Double> incidence,
        ImmutableMap<String, Double> variance,
        double open) {
      this.time = time;
      this.atRisk = atRisk;
      this.events = events;
      this.incidence = incidence;
      this.variance = variance;
      this.open = open;
    }

    /** Returns the time. */
    public Duration time() {
      return time;
    }

    /** Returns how many were still open just before it. */
    public int atRisk() {
      return atRisk;
    }

    /** Returns how many ended at it, by outcome. */
    public ImmutableMap<String, Integer> events() {
      return events;
    }

    /** Returns each outcome's cumulative incidence just after it. */
    public ImmutableMap<String, Double> incidence() {
      return incidence;
    }

    /** Returns the share still open just after it. */
    public double open() {
      return open;
    }

    /**
     * Returns the standard error of {@code outcome}'s incidence: the square root of Gray's
     * variance, as {@code cmprsk::cuminc} reports it. It changes only where that outcome happens.
     *
     * @throws IllegalArgumentException if the outcome was never seen
     */
    public double standardError(String outcome) {
      return Math.sqrt(variance.getOrDefault(known(outcome), 0.0));
    }

    /**
     * Returns the lower limit of the pointwise confidence interval of {@code outcome}'s incidence
     * F, built with {@code transform} on F as on S for a survival curve (log-log: {@code
     * F^exp(±z·se/(F·log F))}, SAS {@code PROC LIFETEST}'s default for a CIF). Where F = 0 the
     * interval is [0, 0].
     *
     * @throws IllegalArgumentException if the outcome was never seen or {@code confidence} is not
     *     strictly between 0 and 1
     */
    public double lower(String outcome, double confidence, BandTransform transform) {
      return band(outcome, confidence, transform, false);
    }

    /**
     * Returns the upper limit of the pointwise confidence interval of {@code outcome}'s incidence
     * ({@link #lower} says how).
     *
     * @throws IllegalArgumentException if the outcome was never seen or {@code confidence} is not
     *     strictly between 0 and 1
     */
    public double upper(String outcome, double confidence, BandTransform transform) {
      return band(outcome, confidence, transform, true);
    }

    private double band(String outcome, double confidence, BandTransform transform, boolean upper) {
      requireNonNull(transform, "transform");
      double z = BandTransform.z(confidence);
      double f = incidence.getOrDefault(known(outcome), 0.0);
      if (f == 0 || f == 1) {
        return f;
      }
      return transform.limit(f, standardError(outcome) / f, upper ? z : -z);
    }

    private String known(String outcome) {
      requireNonNull(outcome, "outcome");
      checkArgument(
          incidence.containsKey(outcome),
          "no outcome '%s'; the outcomes are %s",
          outcome,
          incidence.keySet());
      return outcome;
    }

    @Override
    public String toString() {
      return MoreObjects.toStringHelper(this)
          .add("time", time)
          .add("atRisk", atRisk)
          .add("events", events)
          .add("incidence", incidence)
          .toString();
    }
  }

  /**
   * Gray's variance of one outcome's incidence, kept as three running sums so that each time costs
   * O(1): with q = (F(tᵢ) − F(t))/S(tᵢ), {@code Var F(t) = Σ S(tᵢ₋₁)²/nᵢ² · [d·c(d)·(1 + q)² +
   * e·c(e)·q²]} over the times so far, d the outcome's events and e the others' at tᵢ, and {@code
   * c(k) = (nᵢ − k)/(nᵢ − 1)} for tied events (1 for one). Expanding the squares in F(t) leaves
   * sums that do not depend on t.
   */
  private static final class GrayVariance {
    private double constant;
    private double linear;
    private double quadratic;

    void add(double before, double after, int atRisk, int own, int others, double f) {
      double inverse = after > 0 ? 1 / after : 0;
      if (others > 0 && after > 0) {
        accumulate(tieWeight(before, atRisk, others), inverse, f * inverse);
      }
      if (own > 0) {
        accumulate(tieWeight(before, atRisk, own), inverse, 1 + f * inverse);
      }
    }

    private void accumulate(double weight, double slope, double offset) {
      constant += offset * offset * weight;
      linear += slope * offset * weight;
      quadratic += slope * slope * weight;
    }

    private static double tieWeight(double before, int atRisk, int events) {
      double ties = events > 1 ? (double) (atRisk - events) / (atRisk - 1) : 1;
      return before * before * ties * events / ((double) atRisk * atRisk);
    }

    double at(double f) {
      return Math.max(constant + f * f * quadratic - 2 * f * linear, 0);
    }
  }
}
