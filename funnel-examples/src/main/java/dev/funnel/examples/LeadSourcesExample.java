package dev.funnel.examples;

import dev.funnel.metrics.FunnelCounts;
import dev.funnel.metrics.SegmentBreakdown;
import dev.funnel.metrics.SegmentBreakdown.SegmentCost;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * DOMAIN.md §7, lead sources: a trade show (500 high-intent leads, 20 % contacted within a week),
 * content marketing (3 % of visitors become leads), referrals (25 % sign) and paid social ads (0.8
 * USD per click, 1 % conversion), broken down with cost per lead and per customer. The documents
 * give the rates; the spend and the later stages are this example's assumptions.
 */
public final class LeadSourcesExample {
  static final List<String> STEPS = List.of("leads", "contacted", "customers");

  private LeadSourcesExample() {}

  /** The counts per source: leads, contacted within a week, customers. */
  static Map<String, FunnelCounts> counts() {
    Map<String, FunnelCounts> counts = new LinkedHashMap<>();
    counts.put("trade show", FunnelCounts.of(STEPS, 500, 100, 30)); // 20 % contacted
    counts.put("content marketing", FunnelCounts.of(STEPS, 600, 420, 21)); // 3 % of 20,000 visitors
    counts.put("referrals", FunnelCounts.of(STEPS, 80, 72, 20)); // 25 % sign
    counts.put("paid social", FunnelCounts.of(STEPS, 10, 8, 1)); // 1 % of 1,000 companies reached
    return counts;
  }

  /** What each source cost, in USD. */
  static Map<String, BigDecimal> costs() {
    return Map.of(
        "trade show", new BigDecimal("24000"),
        "content marketing", new BigDecimal("9000"),
        "referrals", new BigDecimal("4000"),
        "paid social", new BigDecimal("800")); // 1,000 clicks × 0.80
  }

  /** Runs the example and prints its report to {@code out}. */
  public static void run(PrintStream out) {
    SegmentBreakdown breakdown = SegmentBreakdown.of(counts());
    List<SegmentCost> costs = breakdown.costs(costs(), "contacted", "customers");
    out.printf(
        Locale.ROOT,
        "  %-18s %8s %6s %10s %9s %7s %9s %13s%n",
        "source",
        "cost",
        "leads",
        "contacted",
        "customers",
        "signed",
        "per lead",
        "per customer");
    for (SegmentCost c : costs) {
      out.printf(
          Locale.ROOT,
          "  %-18s %,8.0f %6d %9.0f%% %9d %6.1f%% %9.2f %,13.2f%n",
          c.segment(),
          c.cost(),
          c.leads(),
          100.0 * c.opportunities() / c.leads(),
          c.customers(),
          100.0 * c.customers() / c.leads(),
          c.perLead().orElseThrow(),
          c.perCustomer().orElseThrow());
    }
    SegmentCost cheapest =
        costs.stream()
            .min(Comparator.comparing((SegmentCost c) -> c.perCustomer().orElseThrow()))
            .orElseThrow();
    SegmentCost cheapestLead =
        costs.stream()
            .min(Comparator.comparing((SegmentCost c) -> c.perLead().orElseThrow()))
            .orElseThrow();
    out.printf(
        Locale.ROOT,
        "Cheapest customers: %s at %s USD each; the cheapest leads (%s, %s USD) are not the"
            + " cheapest customers%n",
        cheapest.segment(),
        cheapest.perCustomer().orElseThrow(),
        cheapestLead.segment(),
        cheapestLead.perLead().orElseThrow());
  }
}
