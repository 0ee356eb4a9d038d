package dev.funnel.metrics;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.primitives.Doubles;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A correction of p-values for many comparisons at once, such as the steps × segments of one funnel
 * comparison: each p-value is raised so that the chance of any false alarm (Bonferroni, Holm) or
 * the expected share of false alarms among the discoveries (Benjamini–Hochberg) stays at α. The
 * adjusted p-values are R's {@code p.adjust(p, method)}: compare them with α as they are.
 */
public enum Correction {
  /** No correction: the p-values as they are. */
  NONE {
    @Override
    double[] adjusted(double[] p, Integer[] ascending) {
      return p.clone();
    }
  },
  /** Bonferroni: each p-value times the number of comparisons, at most 1 ({@code "bonferroni"}). */
  BONFERRONI {
    @Override
    double[] adjusted(double[] p, Integer[] ascending) {
      double[] adjusted = new double[p.length];
      for (int i = 0; i < p.length; i++) {
        adjusted[i] = Math.min(1, p[i] * p.length);
      }
      return adjusted;
    }
  },
  /**
   * Holm's step-down method: the i-th smallest p-value times (m − i + 1), never below the one
   * before it ({@code "holm"}); as strict as Bonferroni against any false alarm, and never less
   * powerful.
   */
  HOLM {
    @Override
    double[] adjusted(double[] p, Integer[] ascending) {
      double[] adjusted = new double[p.length];
      double running = 0;
      for (int rank = 0; rank < ascending.length; rank++) {
        int i = ascending[rank];
        running = Math.max(running, Math.min(1, (p.length - rank) * p[i]));
        adjusted[i] = running;
      }
      return adjusted;
    }
  },
  /**
   * Benjamini and Hochberg's step-up method: the i-th smallest p-value times m / i, never above the
   * one after it ({@code "BH"}); controls the false discovery rate of independent or positively
   * dependent tests.
   */
  BENJAMINI_HOCHBERG {
    @Override
    double[] adjusted(double[] p, Integer[] ascending) {
      double[] adjusted = new double[p.length];
      double running = 1;
      for (int rank = ascending.length - 1; rank >= 0; rank--) {
        int i = ascending[rank];
        running = Math.min(running, p[i] * p.length / (rank + 1));
        adjusted[i] = Math.min(1, running);
      }
      return adjusted;
    }
  };

  abstract double[] adjusted(double[] p, Integer[] ascending);

  /**
   * Returns the adjusted p-values, in the order given.
   *
   * @throws IllegalArgumentException if a p-value is NaN or outside [0, 1] (the message names its
   *     position and value)
   */
  public ImmutableList<Double> adjust(List<Double> pValues) {
    double[] p = Doubles.toArray(requireNonNull(pValues, "pValues"));
    for (int i = 0; i < p.length; i++) {
      checkArgument(p[i] >= 0 && p[i] <= 1, "p-value %s must be in [0, 1]: %s", i, pValues.get(i));
    }
    Integer[] ascending = new Integer[p.length];
    Arrays.setAll(ascending, i -> i);
    // Stable, so that equal p-values keep their order, as R's order() does.
    Arrays.sort(ascending, Comparator.comparingDouble(i -> p[i]));
    return ImmutableList.copyOf(Doubles.asList(adjusted(p, ascending)));
  }
}
