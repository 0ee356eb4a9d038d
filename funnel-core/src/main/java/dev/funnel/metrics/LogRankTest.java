package dev.funnel.metrics;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.funnel.metrics.SurvivalCurve.Observation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.RealVector;
import org.hipparchus.special.Gamma;

/**
 * The log-rank test of whether two or more groups (sources, teams, cohorts) take the same time to
 * an event, such as closing: R's {@code survdiff(…, rho = 0)}. At every time something ends, each
 * group's expected events are its share of those at risk; the statistic {@code (O − E)ᵀ V⁻¹ (O −
 * E)} over all groups but the last, with V the hypergeometric covariance, is χ² with one degree of
 * freedom fewer than there are groups. Censored observations leave the risk set after their time.
 *
 * <p>Immutable and thread-safe.
 */
public final class LogRankTest {
  private final ImmutableList<String> groups;
  private final long[] observed;
  private final double[] expected;
  private final double[][] variance;
  private final double chiSquare;

  private LogRankTest(
      ImmutableList<String> groups,
      long[] observed,
      double[] expected,
      double[][] variance,
      double chiSquare) {
    this.groups = groups;
    this.observed = observed;
    this.expected = expected;
    this.variance = variance;
    this.chiSquare = chiSquare;
  }

  /**
   * Compares the groups, in the map's order.
   *
   * @throws IllegalArgumentException if there are fewer than two groups, a group is empty, nothing
   *     ended in any group, or the groups cannot be told apart (a group never at risk when
   *     something ended)
   */
  public static LogRankTest of(Map<String, ? extends Collection<Observation>> groups) {
    requireNonNull(groups, "groups");
    checkArgument(
        groups.size() >= 2, "the log-rank test compares two groups or more: %s", groups.keySet());
    ImmutableList<String> names = ImmutableList.copyOf(groups.keySet());
    int k = names.size();
    List<List<Observation>> data = new ArrayList<>();
    TreeSet<Duration> eventTimes = new TreeSet<>();
    for (String name : names) {
      List<Observation> group = new ArrayList<>(requireNonNull(groups.get(name), name));
      checkArgument(!group.isEmpty(), "group '%s' has no observations", name);
      for (Observation o : group) {
        if (requireNonNull(o, "observation").ended()) {
          eventTimes.add(o.time());
        }
      }
      group.sort(Comparator.comparing(Observation::time));
      data.add(group);
    }
    checkArgument(!eventTimes.isEmpty(), "nothing ended in any group: there is nothing to compare");
    long[] observed = new long[k];
    double[] expected = new double[k];
    double[][] variance = new double[k][k];
    long[] atRisk = new long[k];
    long[] events = new long[k];
    // Each group sorted by time, with a cursor at its first observation not before t: one sweep
    // over the event times finds every risk set: O(n log n + events · k²) in all.
    int[] first = new int[k];
    for (Duration t : eventTimes) {
      long n = 0;
      long d = 0;
      for (int g = 0; g < k; g++) {
        List<Observation> group = data.get(g);
        while (first[g] < group.size() && group.get(first[g]).time().compareTo(t) < 0) {
          first[g]++;
        }
        atRisk[g] = (long) group.size() - first[g];
        events[g] = 0;
        for (int i = first[g]; i < group.size() && group.get(i).time().equals(t); i++) {
          if (group.get(i).ended()) {
            events[g]++;
          }
        }
        n += atRisk[g];
        d += events[g];
      }
      double spread = n > 1 ? (double) d * (n - d) / (n - 1) : 0;
      for (int g = 0; g < k; g++) {
        observed[g] += events[g];
        expected[g] += (double) d * atRisk[g] / n;
        for (int h = 0; h < k; h++) {
          double share = (double) atRisk[h] / n;
          variance[g][h] += spread * ((double) atRisk[g] / n) * ((g == h ? 1 : 0) - share);
        }
      }
    }
    double[] difference = new double[k - 1];
    double[][] reduced = new double[k - 1][k - 1];
    for (int g = 0; g < k - 1; g++) {
      difference[g] = observed[g] - expected[g];
      System.arraycopy(variance[g], 0, reduced[g], 0, k - 1);
    }
    LUDecomposition lu = new LUDecomposition(new Array2DRowRealMatrix(reduced, false));
    checkArgument(
        lu.getSolver().isNonSingular(),
        "the groups %s cannot be told apart: one is never at risk when something ends",
        names);
    RealVector u = new ArrayRealVector(difference, false);
    double chiSquare = lu.getSolver().solve(u).dotProduct(u);
    return new LogRankTest(names, observed, expected, variance, chiSquare);
  }

  /** Returns the groups, in order. */
  public ImmutableList<String> groups() {
    return groups;
  }

  /** Returns each group's observed events, by group. */
  public ImmutableMap<String, Long> observed() {
    ImmutableMap.Builder<String, Long> map = ImmutableMap.builder();
    for (int g = 0; g < groups.size(); g++) {
      map.put(groups.get(g), observed[g]);
    }
    return map.buildOrThrow();
  }

  /** Returns each group's expected events if all groups were alike, by group. */
  public ImmutableMap<String, Double> expected() {
    ImmutableMap.Builder<String, Double> map = ImmutableMap.builder();
    for (int g = 0; g < groups.size(); g++) {
      map.put(groups.get(g), expected[g]);
    }
    return map.buildOrThrow();
  }

  /** Returns the variance of a group's observed minus expected events (R's diagonal of var). */
  public double variance(String group) {
    int g = groups.indexOf(requireNonNull(group, "group"));
    checkArgument(g >= 0, "no group '%s'; the groups are %s", group, groups);
    return variance[g][g];
  }

  /** Returns the χ² statistic. */
  public double chiSquare() {
    return chiSquare;
  }

  /** Returns the degrees of freedom: the number of groups less one. */
  public int degreesOfFreedom() {
    return groups.size() - 1;
  }

  /** Returns the p-value: the chance of a χ² at least this large if all groups were alike. */
  public double pValue() {
    // The upper tail directly: 1 − CDF would lose the digits of a small p.
    return Gamma.regularizedGammaQ(degreesOfFreedom() / 2.0, chiSquare / 2);
  }

  @Override
  public String toString() {
    return MoreObjects.toStringHelper(this)
        .add("groups", groups)
        .add("chiSquare", chiSquare)
        .add("degreesOfFreedom", degreesOfFreedom())
        .add("pValue", pValue())
        .toString();
  }
}
