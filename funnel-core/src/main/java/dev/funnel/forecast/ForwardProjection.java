package dev.funnel.forecast;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableList;
import dev.funnel.metrics.ConversionReport;
import dev.funnel.metrics.Proportion;
import dev.funnel.metrics.StepConversion;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A population narrowed by a chain of ratios, point by point, with the revenue what remains would
 * bring: the "target-patient funnel" of pharmaceutical planning, and any top-down market sizing.
 *
 * <pre>{@code
 * ForwardProjection projection = ForwardProjection.builder(1_000_000)
 *     .price(new BigDecimal("120"))
 *     .point("disease awareness", 0.9)
 *     .point("visit or purchase", 0.9)
 *     .build();
 * projection.remaining();   // 810,000
 * projection.revenue();     // 97,200,000.00
 * }</pre>
 *
 * <p>Counts are expected values and stay fractional; revenue is computed in exact decimal
 * arithmetic from the start count and the ratios as they print ({@code 0.07} is seven hundredths),
 * then rounded half-even to cents, so an exact half of a cent goes to the even cent. Immutable and
 * thread-safe.
 */
public final class ForwardProjection {
  private final double start;
  private final ImmutableList<Row> rows;

  private final @Nullable Proportion observedShare;

  private ForwardProjection(
      double start, ImmutableList<Row> rows, @Nullable Proportion observedShare) {
    this.start = start;
    this.rows = rows;
    this.observedShare = observedShare;
  }

  /**
   * Starts a projection of {@code startCount} subjects.
   *
   * @throws IllegalArgumentException if the count is negative, NaN or infinite
   */
  public static Builder builder(double startCount) {
    return new Builder(startCount);
  }

  /**
   * Projects {@code startCount} subjects through the observed step rates of a report (its rates
   * from each required step to the next), with no price. Optional steps are side branches, not
   * links of the chain, and are left out.
   *
   * @throws IllegalArgumentException if the count is invalid or a step of the report has no data
   */
  public static ForwardProjection fromReport(ConversionReport report, double startCount) {
    requireNonNull(report, "report");
    Builder builder = builder(startCount);
    for (StepConversion step : report.steps().subList(1, report.steps().size())) {
      if (report.counts().isOptional(step.number())) {
        continue;
      }
      checkArgument(
          step.fromPrevious().hasData(),
          "step '%s' has no data: nothing reached the step before it",
          step.step());
      builder.point(step.step(), step.fromPrevious().value().getAsDouble());
    }
    ForwardProjection projection = builder.build();
    return new ForwardProjection(projection.start, projection.rows, report.overall());
  }

  /**
   * Returns the share's confidence interval when the projection comes from observed counts ({@link
   * #fromReport}): joint, not every rate at its bound at once. The product of the step rates along
   * the required steps is the rate from the first step to the last, so its interval is that rate's
   * (the report's {@link ConversionReport#overall()}, at the report's confidence and method);
   * multiplying every step's lower bound instead gives a share far below anything the data allow.
   * Empty for a projection of ratios given by hand.
   */
  public Optional<Proportion> shareInterval() {
    return Optional.ofNullable(observedShare);
  }

  /** Returns the count the projection starts from. */
  public double start() {
    return start;
  }

  /** Returns one row per point, in order. */
  public ImmutableList<Row> rows() {
    return rows;
  }

  /** Returns what remains after the last point. */
  public double remaining() {
    return rows.get(rows.size() - 1).remaining();
  }

  /** Returns the share of the start that remains after the last point (the product of ratios). */
  public double share() {
    return start == 0 ? 0 : remaining() / start;
  }

  /** Returns the revenue of what remains after the last point (zero without a price). */
  public BigDecimal revenue() {
    return rows.get(rows.size() - 1).revenue();
  }

  /**
   * One point of the projection: the columns point, ratio, count, remaining, price, revenue. A
   * class rather than a record so that it can grow (an interval on the share is planned) without
   * breaking callers; immutable.
   */
  public static final class Row {
    private final String point;
    private final double ratio;
    private final double count;
    private final double remaining;
    private final BigDecimal price;
    private final BigDecimal revenue;

    Row(
        String point,
        double ratio,
        double count,
        double remaining,
        BigDecimal price,
        BigDecimal revenue) {
      this.point = requireNonNull(point, "point");
      this.ratio = ratio;
      this.count = count;
      this.remaining = remaining;
      this.price = requireNonNull(price, "price");
      this.revenue = requireNonNull(revenue, "revenue");
    }

    /** Returns what narrows the population here. */
    public String point() {
      return point;
    }

    /** Returns the share that passes, in [0, 1]. */
    public double ratio() {
      return ratio;
    }

    /** Returns how many arrive at this point. */
    public double count() {
      return count;
    }

    /** Returns {@code count × ratio}: how many pass. */
    public double remaining() {
      return remaining;
    }

    /** Returns the price per subject (zero when none was given). */
    public BigDecimal price() {
      return price;
    }

    /** Returns {@code remaining × price}, rounded half-even to cents. */
    public BigDecimal revenue() {
      return revenue;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Row other
          && point.equals(other.point)
          && Double.compare(ratio, other.ratio) == 0
          && Double.compare(count, other.count) == 0
          && Double.compare(remaining, other.remaining) == 0
          && price.equals(other.price)
          && revenue.equals(other.revenue);
    }

    @Override
    public int hashCode() {
      return Objects.hash(point, ratio, count, remaining, price, revenue);
    }

    @Override
    public String toString() {
      return MoreObjects.toStringHelper(this)
          .add("point", point)
          .add("ratio", ratio)
          .add("count", count)
          .add("remaining", remaining)
          .add("price", price)
          .add("revenue", revenue)
          .toString();
    }
  }

  /** Collects the points of a projection. Not thread-safe. */
  public static final class Builder {
    private final double start;
    private final List<String> points = new ArrayList<>();
    private final List<Double> ratios = new ArrayList<>();
    private BigDecimal price = BigDecimal.ZERO;

    private Builder(double start) {
      checkArgument(
          Double.isFinite(start) && start >= 0,
          "start count must be a finite number at least 0: %s",
          start);
      this.start = start;
    }

    /**
     * Appends a point at which a share {@code ratio} of the population passes.
     *
     * @throws IllegalArgumentException if the name is blank or the ratio is outside [0, 1]
     */
    public Builder point(String name, double ratio) {
      requireNonNull(name, "name");
      checkArgument(!name.isBlank(), "point name must not be blank: '%s'", name);
      checkArgument(ratio >= 0 && ratio <= 1, "ratio of '%s' must be in [0, 1]: %s", name, ratio);
      points.add(name);
      ratios.add(ratio);
      return this;
    }

    /**
     * Sets the price per subject, for the revenue column.
     *
     * @throws IllegalArgumentException if the price is negative
     */
    public Builder price(BigDecimal price) {
      requireNonNull(price, "price");
      checkArgument(price.signum() >= 0, "price must not be negative: %s", price);
      this.price = price;
      return this;
    }

    /**
     * Returns the projection.
     *
     * @throws IllegalStateException if no point was added
     */
    public ForwardProjection build() {
      checkState(!points.isEmpty(), "a projection needs at least one point");
      ImmutableList.Builder<Row> rows = ImmutableList.builder();
      // Money in decimal, from the count and ratios as they print: in binary, 3 × 0.07 is
      // 0.21000000000000002, and its revenue at 0.50 would round up from an exact half.
      BigDecimal count = BigDecimal.valueOf(start);
      for (int i = 0; i < points.size(); i++) {
        BigDecimal remaining = count.multiply(BigDecimal.valueOf(ratios.get(i)));
        BigDecimal revenue = remaining.multiply(price).setScale(2, RoundingMode.HALF_EVEN);
        rows.add(
            new Row(
                points.get(i),
                ratios.get(i),
                count.doubleValue(),
                remaining.doubleValue(),
                price,
                revenue));
        count = remaining;
      }
      return new ForwardProjection(start, rows.build(), null);
    }
  }
}
