package dev.funnel.examples;

import dev.funnel.forecast.ForwardProjection;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * DOMAIN.md §5, the pharmaceutical target-patient funnel: seven points at 90 % each narrow a
 * population to 0.9⁷ ≈ 47.8 %, and revenue is what remains times the price. The table has the
 * documents' columns: point, ratio, count, remaining, price, revenue.
 */
public final class PharmaProjectionExample {
  static final int PATIENTS = 1_000_000;
  static final BigDecimal PRICE = new BigDecimal("100");
  static final List<String> POINTS =
      List.of(
          "disease awareness",
          "visit or purchase",
          "diagnosis",
          "treatment plan",
          "product value",
          "differentiation",
          "compliance");

  private PharmaProjectionExample() {}

  /** Runs the example and prints its report to {@code out}. */
  public static void run(PrintStream out) {
    ForwardProjection.Builder builder = ForwardProjection.builder(PATIENTS).price(PRICE);
    POINTS.forEach(point -> builder.point(point, 0.9));
    ForwardProjection projection = builder.build();
    out.printf(
        Locale.ROOT,
        "  %-18s %6s %12s %12s %7s %16s%n",
        "point",
        "ratio",
        "count",
        "remaining",
        "price",
        "revenue");
    for (ForwardProjection.Row row : projection.rows()) {
      out.printf(
          Locale.ROOT,
          "  %-18s %5.0f%% %,12.0f %,12.0f %7s %,16.2f%n",
          row.point(),
          100 * row.ratio(),
          row.count(),
          row.remaining(),
          row.price().toPlainString(),
          row.revenue());
    }
    out.printf(
        Locale.ROOT,
        "%,d patients → %,.0f treated (%.1f %%, 0.9^7); revenue %,.2f%n",
        PATIENTS,
        projection.remaining(),
        100 * projection.share(),
        projection.revenue());
  }
}
