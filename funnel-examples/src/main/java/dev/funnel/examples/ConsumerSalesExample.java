package dev.funnel.examples;

import dev.funnel.forecast.ForwardProjection;
import dev.funnel.metrics.BottleneckCriterion;
import dev.funnel.metrics.ConversionReport;
import dev.funnel.metrics.FunnelCounts;
import dev.funnel.metrics.StepConversion;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * DOMAIN.md §3, consumer sales: 100 target customers → 70 interested → 40 enquiries → 20 price
 * comparisons → 10 purchases. Step rates 70 %, 57.1 %, 50 %, 50 %; overall 10 %; the bottleneck by
 * each criterion; and what lifting the bottleneck would be worth.
 */
public final class ConsumerSalesExample {
  static final List<String> STEPS =
      List.of("target customers", "interested", "enquiry", "price comparison", "purchase");

  private ConsumerSalesExample() {}

  /** Runs the example and prints its report to {@code out}. */
  public static void run(PrintStream out) {
    FunnelCounts counts = FunnelCounts.of(STEPS, 100, 70, 40, 20, 10);
    ConversionReport report = ConversionReport.of(counts);
    out.printf(
        Locale.ROOT, "  %-18s %5s %10s %9s  %s%n", "step", "count", "from prev.", "lost", "");
    for (StepConversion step : report.steps()) {
      out.printf(
          Locale.ROOT,
          "  %-18s %5d %10s %9s  %s%n",
          step.step(),
          step.count(),
          step.number() == 1 ? "" : percent(step.fromPrevious().value().getAsDouble()),
          step.number() == 1 ? "" : String.valueOf(step.dropOff()),
          "█".repeat((int) step.count() / 4));
    }
    out.printf(Locale.ROOT, "  overall: %s%n", percent(report.overall().value().getAsDouble()));

    StepConversion lowest = report.bottleneck(BottleneckCriterion.LOWEST_STEP_RATE).orElseThrow();
    StepConversion largest =
        report.bottleneck(BottleneckCriterion.LARGEST_ABSOLUTE_LOSS).orElseThrow();
    out.printf(
        Locale.ROOT,
        "Bottleneck by lowest step rate: '%s' (%s of '%s' get there)%n",
        lowest.step(),
        percent(lowest.fromPrevious().value().getAsDouble()),
        STEPS.get(lowest.number() - 2));
    out.printf(
        Locale.ROOT,
        "Bottleneck by largest loss: '%s' (%d lost before it)%n",
        largest.step(),
        largest.dropOff());

    // What-if: the same funnel with the bottleneck's rate lifted by ten points.
    ForwardProjection.Builder whatIf = ForwardProjection.builder(100);
    for (StepConversion step : report.steps().subList(1, report.steps().size())) {
      double rate = step.fromPrevious().value().getAsDouble();
      whatIf.point(step.step(), step.number() == lowest.number() ? rate + 0.10 : rate);
    }
    out.printf(
        Locale.ROOT,
        "If '%s' kept %s instead of %s: %.0f purchases per 100 targets instead of %d%n",
        lowest.step(),
        percent(lowest.fromPrevious().value().getAsDouble() + 0.10),
        percent(lowest.fromPrevious().value().getAsDouble()),
        whatIf.build().remaining(),
        counts.reached("purchase"));
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f %%", 100 * share);
  }
}
