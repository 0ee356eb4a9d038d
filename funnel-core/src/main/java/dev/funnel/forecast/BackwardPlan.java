package dev.funnel.forecast;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableList;
import dev.funnel.metrics.ConversionReport;
import dev.funnel.metrics.Proportion;
import dev.funnel.metrics.StepConversion;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Planning backward from a target: how many subjects each step needs so that, at the stage rates,
 * enough deals close. Each count is the smallest whose share at the rate is at least the count
 * below it, computed exactly (an observed rate is the fraction of its counts, a given rate the
 * decimal it prints as), so the plan never falls short through rounding at any size, and a plan
 * that needs more than {@code Long.MAX_VALUE} at some step is rejected with an {@link
 * IllegalArgumentException}.
 *
 * <p>When the rates come from observed data ({@link #forDeals(long, ConversionReport)}), the plan
 * also gives a range, and the range is joint: what a step needs is the target over the rate from
 * that step to the last, and that rate is one observed proportion (those who reached the last step
 * of those who reached this one), so the range is the target over the two bounds of its confidence
 * interval. Putting every step's rate at its own bound at once instead compounds the bounds into a
 * range far wider than anything the data allow.
 *
 * <pre>{@code
 * long deals = BackwardPlan.dealsForRevenue(new BigDecimal("1000000"), new BigDecimal("50000"));  // 20
 * BackwardPlan plan = BackwardPlan.forDeals(deals, List.of("lead", "opportunity", "deal"), 0.25, 0.2);
 * plan.rows().get(0).needed();  // 400 leads
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class BackwardPlan {
  private final ImmutableList<Row> rows;

  private BackwardPlan(ImmutableList<Row> rows) {
    this.rows = rows;
  }

  /**
   * Returns the number of deals a revenue target takes at an average deal size, rounded up.
   *
   * @throws IllegalArgumentException if the target is negative, the deal size not positive, or the
   *     number of deals above {@code Long.MAX_VALUE}
   */
  public static long dealsForRevenue(BigDecimal revenueTarget, BigDecimal averageDealSize) {
    requireNonNull(revenueTarget, "revenueTarget");
    requireNonNull(averageDealSize, "averageDealSize");
    checkArgument(
        revenueTarget.signum() >= 0, "revenue target must not be negative: %s", revenueTarget);
    checkArgument(
        averageDealSize.signum() > 0, "average deal size must be positive: %s", averageDealSize);
    BigDecimal deals = revenueTarget.divide(averageDealSize, 0, RoundingMode.CEILING);
    checkArgument(
        deals.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0,
        "a revenue target of %s at an average deal size of %s needs more than %s deals",
        revenueTarget,
        averageDealSize,
        Long.MAX_VALUE);
    return deals.longValueExact();
  }

  /**
   * Plans backward from {@code deals} at the last step with the given rates: {@code stepRates[i]}
   * is the share of step {@code i} that reaches step {@code i + 1}. The range equals the plan.
   *
   * @throws IllegalArgumentException if deals is negative, the number of rates is not one less than
   *     the number of steps, or a rate is not in (0, 1]
   */
  public static BackwardPlan forDeals(long deals, List<String> steps, double... stepRates) {
    requireNonNull(steps, "steps");
    requireNonNull(stepRates, "stepRates");
    checkArgument(
        stepRates.length == steps.size() - 1,
        "%s steps need %s rates, got %s",
        steps.size(),
        steps.size() - 1,
        stepRates.length);
    for (int i = 0; i < stepRates.length; i++) {
      checkRate(steps.get(i + 1), stepRates[i]);
    }
    Rate[] rates = new Rate[stepRates.length];
    for (int i = 0; i < rates.length; i++) {
      rates[i] = Rate.of(stepRates[i]);
    }
    return plan(deals, ImmutableList.copyOf(steps), rates, null, null);
  }

  /**
   * Plans backward from {@code deals} at the report's last step with its observed step rates, with
   * the joint range: at each step, the target over the bounds of the confidence interval (at the
   * report's confidence and method) of the rate from that step to the last. Optional steps are side
   * branches, not links of the chain, and are left out of the plan.
   *
   * @throws IllegalArgumentException if deals is negative or an observed step rate is 0 or has no
   *     data (no count would be enough); a rate above 0 always has a lower bound above 0
   */
  public static BackwardPlan forDeals(long deals, ConversionReport observed) {
    requireNonNull(observed, "observed");
    List<StepConversion> steps =
        observed.steps().stream()
            .filter(s -> !observed.counts().isOptional(s.number()))
            .collect(ImmutableList.toImmutableList());
    int n = steps.size() - 1;
    Rate[] rates = new Rate[n];
    Rate[] lower = new Rate[n];
    Rate[] upper = new Rate[n];
    long last = steps.get(n).count();
    for (int i = 0; i < n; i++) {
      Proportion rate = steps.get(i + 1).fromPrevious();
      checkArgument(rate.hasData(), "step '%s' has no data", steps.get(i + 1).step());
      checkRate(steps.get(i + 1).step(), rate.value().getAsDouble());
      // The observed rate as the exact fraction it is: 40 of 70 is 4/7, not 0.5714285714285714.
      rates[i] = new Rate(BigDecimal.valueOf(rate.successes()), BigDecimal.valueOf(rate.trials()));
      // Along the required steps each rate is counted from the one before, so the rates from
      // step i to the last multiply to last / count(i): one proportion with one interval.
      Proportion toLast =
          Proportion.of(last, steps.get(i).count(), rate.confidence(), rate.method());
      lower[i] = Rate.of(toLast.lower());
      upper[i] = Rate.of(toLast.upper());
    }
    return plan(
        deals,
        steps.stream().map(StepConversion::step).collect(ImmutableList.toImmutableList()),
        rates,
        lower,
        upper);
  }

  private static void checkRate(String step, double rate) {
    checkArgument(
        rate > 0 && rate <= 1,
        "rate into '%s' must be in (0, 1]: %s; at 0 no number of leads reaches the target",
        step,
        rate);
  }

  /**
   * Plans with {@code rates[i]} from step i to i + 1 and, when observed, {@code toLastLower[i]} and
   * {@code toLastUpper[i]} the bounds of the rate from step i to the last.
   */
  private static BackwardPlan plan(
      long deals,
      ImmutableList<String> steps,
      Rate[] rates,
      Rate @Nullable [] toLastLower,
      Rate @Nullable [] toLastUpper) {
    checkArgument(deals >= 0, "deals must not be negative: %s", deals);
    int size = steps.size();
    long[] needed = new long[size];
    long[] optimistic = new long[size];
    long[] pessimistic = new long[size];
    needed[size - 1] = optimistic[size - 1] = pessimistic[size - 1] = deals;
    for (int i = size - 2; i >= 0; i--) {
      needed[i] = upstream(needed[i + 1], rates[i]);
      if (toLastLower == null || toLastUpper == null) {
        optimistic[i] = pessimistic[i] = needed[i];
      } else {
        optimistic[i] = upstream(deals, toLastUpper[i]);
        pessimistic[i] = upstream(deals, toLastLower[i]);
      }
    }
    ImmutableList.Builder<Row> rows = ImmutableList.builder();
    for (int i = 0; i < size; i++) {
      rows.add(new Row(steps.get(i), needed[i], optimistic[i], pessimistic[i]));
    }
    return new BackwardPlan(rows.build());
  }

  /**
   * Returns the smallest count whose share at {@code rate} is at least {@code downstream}, exactly,
   * so that no count falls short by rounding at any size.
   */
  private static long upstream(long downstream, Rate rate) {
    BigDecimal needed =
        BigDecimal.valueOf(downstream)
            .multiply(rate.whole())
            .divide(rate.part(), 0, RoundingMode.CEILING);
    checkArgument(
        needed.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0,
        "the plan needs more than %s at a rate of %s to keep %s",
        Long.MAX_VALUE,
        rate,
        downstream);
    return needed.longValueExact();
  }

  /**
   * A rate as the exact fraction {@code part / whole}: an observed rate is its two counts; a rate
   * given as a double is the decimal it prints as (0.2 is one fifth, not the binary fraction
   * nearest it).
   */
  private record Rate(BigDecimal part, BigDecimal whole) {
    static Rate of(double rate) {
      return new Rate(BigDecimal.valueOf(rate), BigDecimal.ONE);
    }

    @Override
    public String toString() {
      return whole.compareTo(BigDecimal.ONE) == 0 ? part.toString() : part + "/" + whole;
    }
  }

  /** Returns one row per step, top first; the last row holds the target itself. */
  public ImmutableList<Row> rows() {
    return rows;
  }

  /**
   * The count one step needs. A class rather than a record so that it can grow (a joint interval is
   * planned) without breaking callers; immutable.
   */
  public static final class Row {
    private final String step;
    private final long needed;
    private final long neededOptimistic;
    private final long neededPessimistic;

    Row(String step, long needed, long neededOptimistic, long neededPessimistic) {
      this.step = requireNonNull(step, "step");
      this.needed = needed;
      this.neededOptimistic = neededOptimistic;
      this.neededPessimistic = neededPessimistic;
    }

    /** Returns the step. */
    public String step() {
      return step;
    }

    /** Returns the count it needs at the stage rates. */
    public long needed() {
      return needed;
    }

    /**
     * Returns the count it needs if its rate to the last step is at the upper bound of its interval
     * (the plan itself for rates given by hand).
     */
    public long neededOptimistic() {
      return neededOptimistic;
    }

    /**
     * Returns the count it needs if its rate to the last step is at the lower bound of its interval
     * (the plan itself for rates given by hand).
     */
    public long neededPessimistic() {
      return neededPessimistic;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Row other
          && step.equals(other.step)
          && needed == other.needed
          && neededOptimistic == other.neededOptimistic
          && neededPessimistic == other.neededPessimistic;
    }

    @Override
    public int hashCode() {
      return Objects.hash(step, needed, neededOptimistic, neededPessimistic);
    }

    @Override
    public String toString() {
      return MoreObjects.toStringHelper(this)
          .add("step", step)
          .add("needed", needed)
          .add("neededOptimistic", neededOptimistic)
          .add("neededPessimistic", neededPessimistic)
          .toString();
    }
  }
}
