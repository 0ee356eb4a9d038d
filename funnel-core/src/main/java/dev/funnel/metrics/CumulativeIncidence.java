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
 * the estimator R's {@code survfit} applies to a multi-state (competing) outcome. Confidence
 * intervals are not given yet.
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
        survival *= 1.0 - (double) ended / atRisk;
        points.add(
            new Point(
                time,
                atRisk,
                ImmutableMap.copyOf(events),
                ImmutableMap.copyOf(incidence),
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
    double value = 0;
    for (Point point : points) {
      if (point.time().compareTo(time) > 0) {
        break;
      }
      value = point.incidence().getOrDefault(outcome, 0.0);
    }
    return value;
  }

  /** Returns the estimated share with no outcome yet by {@code time}: Kaplan–Meier of any. */
  public double openAt(Duration time) {
    requireNonNull(time, "time");
    double open = 1;
    for (Point point : points) {
      if (point.time().compareTo(time) > 0) {
        break;
      }
      open = point.open();
    }
    return open;
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
    private final double open;

    Point(
        Duration time,
        int atRisk,
        ImmutableMap<String, Integer> events,
        ImmutableMap<String, Double> incidence,
        double open) {
      this.time = time;
      this.atRisk = atRisk;
      this.events = events;
      this.incidence = incidence;
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
}
