package dev.funnel.metrics;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.Maps;
import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A funnel broken down by segment — lead source, industry, company size, owner, A/B variant — so
 * that rates can be compared across segments, and with each segment's cost, what a lead, an
 * opportunity and a customer cost in it.
 *
 * <pre>{@code
 * SegmentBreakdown bySource = SegmentBreakdown.fromLeads(funnel, leads, SegmentBreakdown.bySource());
 * bySource.report("referral").overall();
 * bySource.costs(Map.of("trade show", new BigDecimal("25000")), "qualified", "won");
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class SegmentBreakdown {
  /** The segment of leads that have no value for the key. */
  public static final String NONE = "(none)";

  private final ImmutableMap<String, FunnelCounts> counts;

  private SegmentBreakdown(ImmutableMap<String, FunnelCounts> counts) {
    this.counts = counts;
  }

  /**
   * Returns a breakdown of counts given per segment, in the map's order.
   *
   * @throws IllegalArgumentException if no segment is given or the segments' steps differ
   */
  public static SegmentBreakdown of(Map<String, FunnelCounts> countsBySegment) {
    ImmutableMap<String, FunnelCounts> counts =
        ImmutableMap.copyOf(requireNonNull(countsBySegment, "countsBySegment"));
    checkArgument(!counts.isEmpty(), "a breakdown needs at least one segment");
    FunnelCounts first = counts.values().iterator().next();
    counts.forEach(
        (segment, c) ->
            checkArgument(
                c.hasSameStepsAs(first),
                "segment '%s' has steps %s, others have %s",
                segment,
                c,
                first));
    return new SegmentBreakdown(counts);
  }

  /**
   * Counts leads per segment, as {@link FunnelCounts#fromLeads} does, with segments in alphabetical
   * order.
   *
   * @throws IllegalArgumentException if there are no leads or a lead names an unknown stage
   */
  public static SegmentBreakdown fromLeads(
      Funnel funnel, Iterable<Lead> leads, Function<Lead, String> segmentOf) {
    requireNonNull(funnel, "funnel");
    requireNonNull(leads, "leads");
    requireNonNull(segmentOf, "segmentOf");
    Map<String, List<Lead>> bySegment = new TreeMap<>();
    for (Lead lead : leads) {
      String segment = requireNonNull(segmentOf.apply(lead), "segment of lead " + lead.id());
      bySegment.computeIfAbsent(segment, s -> new ArrayList<>()).add(lead);
    }
    Map<String, FunnelCounts> counts = new LinkedHashMap<>();
    bySegment.forEach((segment, list) -> counts.put(segment, FunnelCounts.fromLeads(funnel, list)));
    return of(counts);
  }

  /** Segments leads by their source, {@value #NONE} when unknown. */
  public static Function<Lead, String> bySource() {
    return lead -> lead.source().orElse(NONE);
  }

  /** Segments leads by their segment field, {@value #NONE} when unknown. */
  public static Function<Lead, String> bySegment() {
    return lead -> lead.segment().orElse(NONE);
  }

  /**
   * Segments leads by the value of an attribute of any type, {@value #NONE} when absent. Number
   * values appear as written by {@link Double#toString}; to segment by ranges (company size bands,
   * say) pass a function of your own.
   */
  public static Function<Lead, String> byAttribute(String name) {
    requireNonNull(name, "name");
    return lead ->
        lead.attributes().typeOf(name).isEmpty()
            ? NONE
            : switch (lead.attributes().typeOf(name).get()) {
              case TEXT -> lead.attributes().text(name).orElseThrow();
              case NUMBER -> Double.toString(lead.attributes().number(name).getAsDouble());
              case BOOLEAN -> lead.attributes().bool(name).orElseThrow().toString();
              case TIME -> lead.attributes().time(name).orElseThrow().toString();
            };
  }

  /** Returns the counts of each segment. */
  public ImmutableMap<String, FunnelCounts> counts() {
    return counts;
  }

  /** Returns the conversion report of each segment, with 95 % Wilson intervals. */
  public ImmutableMap<String, ConversionReport> reports() {
    return ImmutableMap.copyOf(Maps.transformValues(counts, ConversionReport::of));
  }

  /**
   * Returns the conversion report of one segment, with 95 % Wilson intervals.
   *
   * @throws IllegalArgumentException if there is no such segment; the message lists them
   */
  public ConversionReport report(String segment) {
    return ConversionReport.of(countsOf(segment));
  }

  /**
   * Returns, for each segment with a cost, what a lead (the top step), an opportunity and a
   * customer cost in it. Amounts are rounded half-up to two decimals; a step no one reached has no
   * cost per subject.
   *
   * @param costBySegment what was spent on each segment
   * @param opportunityStep the step that counts as an opportunity
   * @param customerStep the step that counts as a customer (the won stage, usually)
   * @throws IllegalArgumentException if a segment or step is unknown, or a cost is negative
   */
  public ImmutableList<SegmentCost> costs(
      Map<String, BigDecimal> costBySegment, String opportunityStep, String customerStep) {
    requireNonNull(costBySegment, "costBySegment");
    FunnelCounts any = counts.values().iterator().next();
    int opportunity = any.numberOf(opportunityStep);
    int customer = any.numberOf(customerStep);
    costBySegment.forEach(
        (segment, cost) -> {
          countsOf(segment);
          checkArgument(
              requireNonNull(cost, "cost").signum() >= 0,
              "cost of segment '%s' must not be negative: %s",
              segment,
              cost);
        });
    ImmutableList.Builder<SegmentCost> result = ImmutableList.builder();
    counts.forEach(
        (segment, c) -> {
          BigDecimal cost = costBySegment.get(segment);
          if (cost != null) {
            result.add(
                new SegmentCost(
                    segment,
                    cost,
                    c.reached(1),
                    c.reached(opportunity),
                    c.reached(customer),
                    per(cost, c.reached(1)),
                    per(cost, c.reached(opportunity)),
                    per(cost, c.reached(customer))));
          }
        });
    return result.build();
  }

  /**
   * Returns the rate into {@code step} (from the step before it, as {@link
   * StepConversion#fromPrevious()}) over all segments, with each segment as one unit of a ratio of
   * sums: the delta-method interval of {@link RatioMetric}. Use it when the segments are clusters
   * that subjects do not choose independently — accounts whose leads convert together, campaigns,
   * days — where the binomial interval of the pooled rate, which treats every subject as
   * independent, is too narrow.
   *
   * @throws IllegalArgumentException if the step is unknown or the top step, fewer than two
   *     segments, no subject reached the step before it, or the confidence is not strictly between
   *     0 and 1
   */
  public RatioMetric stepRateAcrossSegments(String step, double confidence) {
    requireNonNull(step, "step");
    FunnelCounts any = counts.values().iterator().next();
    int number = any.numberOf(step);
    checkArgument(number > 1, "the top step '%s' has no rate into it", step);
    int base = any.baseOf(number);
    double[] reached = new double[counts.size()];
    double[] from = new double[counts.size()];
    int i = 0;
    for (FunnelCounts c : counts.values()) {
      reached[i] = c.reached(number);
      from[i++] = c.reached(base);
    }
    return RatioMetric.of(reached, from, confidence);
  }

  /**
   * Returns what a customer cost over the segments with a cost, each segment one unit (a campaign,
   * a channel, a month): the sum of costs over the sum of customers, with the delta-method interval
   * of {@link RatioMetric}, which accounts for both varying from unit to unit.
   *
   * @throws IllegalArgumentException if a segment is unknown, a cost is negative, fewer than two
   *     segments have a cost, they have no customers, or the confidence is not strictly between 0
   *     and 1
   */
  public RatioMetric costPerCustomer(
      Map<String, BigDecimal> costBySegment, String customerStep, double confidence) {
    ImmutableList<SegmentCost> costs = costs(costBySegment, customerStep, customerStep);
    double[] cost = new double[costs.size()];
    double[] customers = new double[costs.size()];
    for (int i = 0; i < costs.size(); i++) {
      cost[i] = costs.get(i).cost().doubleValue();
      customers[i] = costs.get(i).customers();
    }
    return RatioMetric.of(cost, customers, confidence);
  }

  /**
   * Compares each segment with the other segments pooled ("the rest"), step by step and overall,
   * with Holm's correction across every step of every segment: a breakdown compares many cells, and
   * with ten segments of five steps one of forty cells looks different by chance alone. See {@link
   * #againstRest(double, Correction)}.
   *
   * @throws IllegalArgumentException if fewer than two segments have entrants, or alpha is not
   *     strictly between 0 and 1
   */
  public ImmutableMap<String, FunnelComparison> againstRest(double alpha) {
    return againstRest(alpha, Correction.HOLM);
  }

  /**
   * Compares each segment with the rest (every other segment's counts summed): for each, a {@link
   * FunnelComparison} of the rest as variant A and the segment as B (so a difference is the
   * segment's rate minus the rest's), whose steps' adjusted p-values are corrected with {@code
   * correction} across the steps of all segments together, not segment by segment; the overall
   * verdicts are left uncorrected. Segments with no entrants are left out, in the breakdown's order
   * otherwise.
   *
   * @throws IllegalArgumentException if fewer than two segments have entrants, or alpha is not
   *     strictly between 0 and 1
   */
  public ImmutableMap<String, FunnelComparison> againstRest(double alpha, Correction correction) {
    requireNonNull(correction, "correction");
    FunnelCounts all = null;
    for (FunnelCounts c : counts.values()) {
      all = all == null ? c : all.plus(c);
    }
    Map<String, FunnelComparison> raw = new LinkedHashMap<>();
    for (Map.Entry<String, FunnelCounts> e : counts.entrySet()) {
      FunnelCounts rest = requireNonNull(all).minus(e.getValue());
      if (e.getValue().reached(1) > 0 && rest.reached(1) > 0) {
        raw.put(e.getKey(), Comparisons.funnels(rest, e.getValue(), alpha, Correction.NONE));
      }
    }
    checkArgument(
        raw.size() >= 2,
        "comparing segments with the rest needs two segments with entrants: %s",
        counts.keySet());
    List<Double> pValues = new ArrayList<>();
    raw.values().forEach(c -> c.steps().forEach(s -> pValues.add(s.verdict().pValue())));
    List<Double> adjusted = correction.adjust(pValues);
    ImmutableMap.Builder<String, FunnelComparison> result = ImmutableMap.builder();
    int cell = 0;
    for (Map.Entry<String, FunnelComparison> e : raw.entrySet()) {
      List<FunnelComparison.StepVerdict> steps = new ArrayList<>();
      for (FunnelComparison.StepVerdict step : e.getValue().steps()) {
        steps.add(
            new FunnelComparison.StepVerdict(step.step(), step.verdict(), adjusted.get(cell++)));
      }
      result.put(e.getKey(), new FunnelComparison(steps, e.getValue().overall(), correction));
    }
    return result.buildOrThrow();
  }

  private FunnelCounts countsOf(String segment) {
    FunnelCounts c = counts.get(requireNonNull(segment, "segment"));
    checkArgument(c != null, "unknown segment '%s'; known segments: %s", segment, counts.keySet());
    return c;
  }

  private static Optional<BigDecimal> per(BigDecimal cost, long count) {
    return count == 0
        ? Optional.empty()
        : Optional.of(cost.divide(BigDecimal.valueOf(count), 2, RoundingMode.HALF_UP));
  }

  /**
   * What one segment cost, in total and per lead, opportunity and customer.
   *
   * @param segment the segment
   * @param cost what was spent on it
   * @param leads how many reached the top step
   * @param opportunities how many reached the opportunity step
   * @param customers how many reached the customer step
   * @param perLead cost ÷ leads, empty when there were none
   * @param perOpportunity cost ÷ opportunities, empty when there were none
   * @param perCustomer cost ÷ customers, empty when there were none
   */
  public record SegmentCost(
      String segment,
      BigDecimal cost,
      long leads,
      long opportunities,
      long customers,
      Optional<BigDecimal> perLead,
      Optional<BigDecimal> perOpportunity,
      Optional<BigDecimal> perCustomer) {

    /** Validates that no component is null. */
    public SegmentCost {
      requireNonNull(segment, "segment");
      requireNonNull(cost, "cost");
      requireNonNull(perLead, "perLead");
      requireNonNull(perOpportunity, "perOpportunity");
      requireNonNull(perCustomer, "perCustomer");
    }
  }
}
