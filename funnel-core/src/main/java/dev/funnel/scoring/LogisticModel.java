package dev.funnel.scoring;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;
import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;
import org.jspecify.annotations.Nullable;

/**
 * Rule points re-weighted from outcomes: a logistic regression of won versus lost on what each rule
 * of a base scorer contributed, so that the weights a team guessed can be replaced by the weights
 * its history supports.
 *
 * <p>Training asks the base scorer to score each closed lead as it stood just before it closed, at
 * its closing time, and takes each contribution's amount as a feature (a fit rule's feature is its
 * points when it matched, 0 otherwise). The model then scores {@code log-odds = intercept + Σ
 * coefficient × amount}: the explanation gives each factor's log-odds, limited like {@link
 * NaiveBayesModel} to probabilities between 0.01 % and 99.99 %. {@link #suggestedPoints} turns the
 * coefficients back into points for a {@link FitScorer}.
 *
 * <p>Fitting: L2-penalised maximum likelihood, the log-likelihood minus λ/2 times the sum of the
 * squared coefficients of the features standardised by their mean and population standard deviation
 * (λ is the penalty, 1 by default; the intercept is never penalised), by Newton's method
 * (iteratively reweighted least squares), which converges in a few iterations; the penalty keeps
 * the coefficients finite even when a rule separates won from lost perfectly.
 *
 * <p>Immutable and thread-safe if the base scorer is.
 */
public final class LogisticModel implements LeadScorer {
  private final LeadScorer base;
  private final double intercept;
  private final ImmutableMap<String, Double> coefficients;

  private LogisticModel(
      LeadScorer base, double intercept, ImmutableMap<String, Double> coefficients) {
    this.base = base;
    this.intercept = intercept;
    this.coefficients = coefficients;
  }

  /** Starts a model that re-weights what {@code base} contributes, over {@code funnel}. */
  public static Builder builder(Funnel funnel, LeadScorer base) {
    return new Builder(funnel, base);
  }

  /**
   * Returns the model of these parameters over {@code base}: a model trained once, stored as its
   * {@link #intercept()} and {@link #coefficients()} and rebuilt from them, scores every lead as
   * the trained one does.
   *
   * @throws IllegalArgumentException if the intercept or a coefficient is not finite (the message
   *     names the factor)
   */
  public static LogisticModel of(
      LeadScorer base, double intercept, Map<String, Double> coefficients) {
    requireNonNull(base, "base");
    requireNonNull(coefficients, "coefficients");
    checkArgument(Double.isFinite(intercept), "the intercept must be finite: %s", intercept);
    coefficients.forEach(
        (factor, coefficient) -> {
          requireNonNull(factor, "factor");
          requireNonNull(coefficient, factor);
          checkArgument(
              Double.isFinite(coefficient),
              "the coefficient of factor '%s' must be finite: %s",
              factor,
              coefficient);
        });
    return new LogisticModel(base, intercept, ImmutableMap.copyOf(coefficients));
  }

  /** Returns the scorer whose contributions the model re-weights. */
  public LeadScorer base() {
    return base;
  }

  @Override
  public Score score(Lead lead, Instant now) {
    requireNonNull(lead, "lead");
    requireNonNull(now, "now");
    Score baseScore = base.score(lead, now);
    List<Contribution> contributions = new ArrayList<>();
    contributions.add(new Contribution("baseline", intercept));
    for (Contribution c : baseScore.contributions()) {
      Double coefficient = coefficients.get(c.factor());
      if (coefficient != null && c.amount() != 0) {
        contributions.add(new Contribution(c.factor(), coefficient * c.amount()));
      }
    }
    return Score.limitedProbability(contributions);
  }

  /** Returns the log-odds of winning when no factor contributes. */
  public double intercept() {
    return intercept;
  }

  /** Returns the log-odds each factor adds per unit of its base contribution (per point). */
  public ImmutableMap<String, Double> coefficients() {
    return coefficients;
  }

  /**
   * Returns new points for the rules of a fit scorer, proportional to what each contributes to the
   * log-odds of winning: {@code coefficient × points × pointsPerLogOdds}. Feed them to {@link
   * FitScorer#withPoints}. The fit scorer is the model's base scorer, or one component of a {@link
   * WeightedScorer} base (whose contributions are named {@code "component: rule"} and scaled by the
   * component's weight, which is accounted for). Rules that never matched in training keep their
   * points (they are absent from the map).
   *
   * @throws IllegalArgumentException if {@code pointsPerLogOdds} is not positive and finite, or the
   *     fit scorer is neither the base scorer nor a component of it
   */
  public ImmutableMap<String, Double> suggestedPoints(FitScorer scorer, double pointsPerLogOdds) {
    requireNonNull(scorer, "scorer");
    checkArgument(
        pointsPerLogOdds > 0 && Double.isFinite(pointsPerLogOdds),
        "points per unit of log-odds must be positive and finite: %s",
        pointsPerLogOdds);
    String prefix = "";
    double weight = 1;
    if (base != scorer) {
      @Nullable String component = null;
      if (base instanceof WeightedScorer weighted) {
        for (Map.Entry<String, LeadScorer> e : weighted.components().entrySet()) {
          if (e.getValue() == scorer) {
            component = e.getKey();
          }
        }
      }
      checkArgument(
          component != null,
          "the fit scorer is not this model's base scorer (%s), nor one of its components",
          base);
      prefix = component + ": ";
      weight = requireNonNull(((WeightedScorer) base).weights().get(component), component);
    }
    ImmutableMap.Builder<String, Double> points = ImmutableMap.builder();
    for (FitRule rule : scorer.rules()) {
      Double coefficient = coefficients.get(prefix + rule.name());
      if (coefficient != null) {
        points.put(rule.name(), coefficient * weight * rule.points() * pointsPerLogOdds);
      }
    }
    return points.buildOrThrow();
  }

  /** Two models are equal when their base scorers, intercepts and coefficients are. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof LogisticModel other
        && base.equals(other.base)
        && Double.compare(intercept, other.intercept) == 0
        && coefficients.equals(other.coefficients);
  }

  @Override
  public int hashCode() {
    return Objects.hash(base, intercept, coefficients);
  }

  @Override
  public String toString() {
    return "LogisticModel[intercept " + intercept + ", " + coefficients + "]";
  }

  /** Collects the settings, then fits the model. Not thread-safe. */
  public static final class Builder {
    private static final int MAX_ITERATIONS = 100;

    private final Funnel funnel;
    private final LeadScorer base;
    private double penalty = 1;

    private Builder(Funnel funnel, LeadScorer base) {
      this.funnel = requireNonNull(funnel, "funnel");
      this.base = requireNonNull(base, "base");
    }

    /**
     * Sets the L2 penalty on the coefficients of standardised features; 1 by default.
     *
     * @throws IllegalArgumentException if it is negative, NaN or infinite
     */
    public Builder penalty(double penalty) {
      checkArgument(
          penalty >= 0 && Double.isFinite(penalty),
          "penalty must be finite and not negative: %s",
          penalty);
      this.penalty = penalty;
      return this;
    }

    /**
     * Fits the model on closed leads.
     *
     * @throws IllegalArgumentException if a lead is still open, the leads are all won or all lost
     *     (the counts are given), or the fit does not converge (with no penalty and separable data,
     *     say)
     */
    public LogisticModel train(Collection<Lead> closedLeads) {
      Map<String, Integer> columns = new LinkedHashMap<>();
      List<Map<Integer, Double>> rows = new ArrayList<>();
      double[] y = new double[closedLeads.size()];
      int won = 0;
      int n = 0;
      Set<String> seen = new HashSet<>();
      for (Lead lead : closedLeads) {
        ClosedLead closed = ClosedLead.of(funnel, lead, seen);
        Score score = base.score(closed.beforeClosing(funnel), closed.closedAt());
        Map<Integer, Double> row = new LinkedHashMap<>();
        for (Contribution c : score.contributions()) {
          int column = columns.computeIfAbsent(c.factor(), f -> columns.size());
          row.merge(column, c.amount(), Double::sum);
        }
        rows.add(row);
        y[n++] = closed.won() ? 1 : 0;
        won += closed.won() ? 1 : 0;
      }
      ClosedLead.requireBothOutcomes("training", won, n - won);
      int k = columns.size();
      // Column 0 is the intercept; features are standardised so that one penalty fits all.
      double[][] x = new double[n][k + 1];
      for (int i = 0; i < n; i++) {
        x[i][0] = 1;
        for (Map.Entry<Integer, Double> e : rows.get(i).entrySet()) {
          x[i][e.getKey() + 1] = e.getValue();
        }
      }
      double[] mean = new double[k + 1];
      double[] scale = new double[k + 1];
      scale[0] = 1;
      for (int j = 1; j <= k; j++) {
        double sum = 0;
        double sumSquares = 0;
        for (int i = 0; i < n; i++) {
          sum += x[i][j];
          sumSquares += x[i][j] * x[i][j];
        }
        mean[j] = sum / n;
        double variance = Math.max(0, sumSquares / n - mean[j] * mean[j]);
        scale[j] = variance > 0 ? Math.sqrt(variance) : 1;
        for (int i = 0; i < n; i++) {
          x[i][j] = (x[i][j] - mean[j]) / scale[j];
        }
      }
      double[] beta = newton(x, y, k + 1);
      // Back from standardised features to log-odds per point.
      double intercept = beta[0];
      ImmutableMap.Builder<String, Double> coefficients = ImmutableMap.builder();
      for (Map.Entry<String, Integer> e : columns.entrySet()) {
        int j = e.getValue() + 1;
        double coefficient = beta[j] / scale[j];
        intercept -= coefficient * mean[j];
        coefficients.put(e.getKey(), coefficient);
      }
      return new LogisticModel(base, intercept, coefficients.buildOrThrow());
    }

    private double[] newton(double[][] x, double[] y, int p) {
      double[] beta = new double[p];
      for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
        RealMatrix hessian = MatrixUtils.createRealMatrix(p, p);
        RealVector gradient = MatrixUtils.createRealVector(new double[p]);
        for (int i = 0; i < x.length; i++) {
          double eta = 0;
          for (int j = 0; j < p; j++) {
            eta += x[i][j] * beta[j];
          }
          double prob = 1 / (1 + Math.exp(-eta));
          double w = prob * (1 - prob);
          for (int j = 0; j < p; j++) {
            gradient.addToEntry(j, x[i][j] * (y[i] - prob));
            for (int l = 0; l < p; l++) {
              hessian.addToEntry(j, l, w * x[i][j] * x[i][l]);
            }
          }
        }
        for (int j = 1; j < p; j++) {
          gradient.addToEntry(j, -penalty * beta[j]);
          hessian.addToEntry(j, j, penalty);
        }
        RealVector step;
        try {
          step = new LUDecomposition(hessian).getSolver().solve(gradient);
        } catch (RuntimeException singular) {
          throw new IllegalArgumentException(
              separates(x, y, beta)
                  ? separatedMessage()
                  : "factors are collinear, so their weights are not identifiable; add a penalty"
                      + " (now "
                      + penalty
                      + ")",
              singular);
        }
        double largest = 0;
        for (int j = 0; j < p; j++) {
          beta[j] += step.getEntry(j);
          largest = Math.max(largest, Math.abs(step.getEntry(j)));
        }
        if (!Double.isFinite(largest)) {
          throw new IllegalArgumentException(separatedMessage());
        }
        if (largest < 1e-10) {
          return beta;
        }
      }
      throw new IllegalArgumentException(
          separates(x, y, beta)
              ? separatedMessage()
              : "logistic fit did not converge in "
                  + MAX_ITERATIONS
                  + " iterations; add a penalty"
                  + " (now "
                  + penalty
                  + ")");
    }

    /**
     * Returns whether the weights classify every lead correctly: then won and lost are separated by
     * the factors, and without a penalty the likelihood grows without bound as the weights do
     * (Albert &amp; Anderson, 1984), which is why the fit fails.
     */
    private static boolean separates(double[][] x, double[] y, double[] beta) {
      for (int i = 0; i < x.length; i++) {
        double eta = 0;
        for (int j = 0; j < beta.length; j++) {
          eta += x[i][j] * beta[j];
        }
        if ((eta > 0) != (y[i] == 1) || eta == 0) {
          return false;
        }
      }
      return true;
    }

    private String separatedMessage() {
      return "the factors separate won from lost leads perfectly, so the best weights are"
          + " infinite; add a penalty (now "
          + penalty
          + ")";
    }
  }
}
