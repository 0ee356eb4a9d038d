package dev.funnel.scoring;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A lead's score and its explanation: the value, its scale, and what each rule or factor
 * contributed. The contributions always add up to the score: for {@link ScoreScale#POINTS} their
 * sum is the value; for {@link ScoreScale#PROBABILITY} their sum is the value's log-odds. A cap or
 * a limit that changes a score appears as a contribution of its own, so nothing is hidden.
 *
 * <p>Immutable and thread-safe.
 */
public final class Score {
  private final double value;
  private final ScoreScale scale;
  private final ImmutableList<Contribution> contributions;

  private Score(double value, ScoreScale scale, ImmutableList<Contribution> contributions) {
    this.value = value;
    this.scale = scale;
    this.contributions = contributions;
  }

  /** A point score: the sum of the contributions, in their order. */
  public static Score points(List<Contribution> contributions) {
    ImmutableList<Contribution> list = ImmutableList.copyOf(contributions);
    return new Score(sum(list), ScoreScale.POINTS, list);
  }

  /**
   * A probability whose log-odds are the sum of the contributions.
   *
   * @throws IllegalArgumentException if the log-odds are so large in magnitude that the probability
   *     would round to exactly 0 or 1
   */
  public static Score probability(List<Contribution> contributions) {
    ImmutableList<Contribution> list = ImmutableList.copyOf(contributions);
    double logOdds = sum(list);
    double p = 1 / (1 + Math.exp(-logOdds));
    checkArgument(
        p > 0 && p < 1,
        "log-odds %s give a probability of exactly %s; limit them first",
        logOdds,
        p);
    return new Score(p, ScoreScale.PROBABILITY, list);
  }

  /**
   * A probability from log-odds limited to ±ln(9999), so that it lies between 0.01 % and 99.99 %
   * (as Odoo's predictive scoring limits it); the limit, when it applies, is a contribution.
   */
  static Score limitedProbability(List<Contribution> contributions) {
    double total = sum(contributions);
    if (Math.abs(total) <= LOG_ODDS_LIMIT) {
      return probability(contributions);
    }
    List<Contribution> limited = new ArrayList<>(contributions);
    limited.add(
        new Contribution("limit (0.01 %–99.99 %)", Math.copySign(LOG_ODDS_LIMIT, total) - total));
    return probability(limited);
  }

  private static final double LOG_ODDS_LIMIT = Math.log(9999);

  /**
   * A point score whose value the scorer computed itself (a cap, say, computed as a minimum so that
   * rounding can never push it past the cap); the contributions must add up to it.
   */
  static Score points(double value, List<Contribution> contributions) {
    ImmutableList<Contribution> list = ImmutableList.copyOf(contributions);
    double sum = 0;
    double magnitude = 1;
    for (Contribution c : list) {
      sum += c.amount();
      magnitude += Math.abs(c.amount());
    }
    checkArgument(
        Math.abs(sum - value) <= 1e-9 * magnitude,
        "contributions add up to %s, not to the score %s",
        sum,
        value);
    return new Score(value, ScoreScale.POINTS, list);
  }

  private static double sum(List<Contribution> contributions) {
    double sum = 0;
    for (Contribution c : contributions) {
      sum += c.amount();
    }
    return sum;
  }

  /** Returns the score: points, or a probability strictly between 0 and 1. */
  public double value() {
    return value;
  }

  /** Returns what the value means. */
  public ScoreScale scale() {
    return scale;
  }

  /** Returns what each rule or factor contributed, in the order the scorer applied them. */
  public ImmutableList<Contribution> contributions() {
    return contributions;
  }

  /** Returns the sum of the contributions: the points, or the log-odds of a probability. */
  public double total() {
    return sum(contributions);
  }

  /**
   * Returns a copy whose contributions are multiplied by {@code weight} and prefixed with {@code
   * component}, as a weighted sum lists them. A probability becomes a single contribution of {@code
   * weight × p}, since its log-odds do not add up in points.
   */
  Score weighted(String component, double weight) {
    requireNonNull(component, "component");
    if (scale == ScoreScale.PROBABILITY) {
      return points(List.of(new Contribution(component, weight * value)));
    }
    ImmutableList.Builder<Contribution> scaled = ImmutableList.builder();
    for (Contribution c : contributions) {
      scaled.add(new Contribution(component + ": " + c.factor(), weight * c.amount()));
    }
    return points(scaled.build());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Score other
        && value == other.value
        && scale == other.scale
        && contributions.equals(other.contributions);
  }

  @Override
  public int hashCode() {
    return Double.hashCode(value) * 31 + contributions.hashCode();
  }

  @Override
  public String toString() {
    String shown =
        scale == ScoreScale.POINTS
            ? String.format(Locale.ROOT, "%.4g points", value)
            : String.format(Locale.ROOT, "p=%.4f", value);
    return shown + " " + contributions;
  }
}
