package dev.funnel.examples;

import dev.funnel.forecast.BackwardPlan;
import dev.funnel.metrics.ConversionReport;
import dev.funnel.metrics.FunnelCounts;
import dev.funnel.metrics.Proportion;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * DOMAIN.md §3, e-commerce: 50,000 visitors and 1,000 purchases convert at 2 %; how sure that rate
 * is, and how many visitors a bigger sales target needs at it.
 */
public final class EcommerceExample {
  private EcommerceExample() {}

  /** Runs the example and prints its report to {@code out}. */
  public static void run(PrintStream out) {
    FunnelCounts counts = FunnelCounts.of(List.of("visitors", "purchases"), 50_000, 1_000);
    ConversionReport report = ConversionReport.of(counts);
    Proportion rate = report.overall();
    out.printf(
        Locale.ROOT,
        "%,d visitors, %,d purchases: conversion %.1f %% (95 %% Wilson interval %.2f %% to %.2f %%)%n",
        counts.reached("visitors"),
        counts.reached("purchases"),
        100 * rate.value().getAsDouble(),
        100 * rate.lower(),
        100 * rate.upper());

    long target = 1_500;
    BackwardPlan plan =
        BackwardPlan.forDeals(target, List.of("visitors", "purchases"), rate.value().getAsDouble());
    BackwardPlan.Row visitors = plan.rows().get(0);
    out.printf(
        Locale.ROOT, "For %,d purchases at that rate: %,d visitors%n", target, visitors.needed());
    BackwardPlan ranged = BackwardPlan.forDeals(target, report);
    out.printf(
        Locale.ROOT,
        "  with the rate's interval: %,d to %,d visitors%n",
        ranged.rows().get(0).neededOptimistic(),
        ranged.rows().get(0).neededPessimistic());
  }
}
