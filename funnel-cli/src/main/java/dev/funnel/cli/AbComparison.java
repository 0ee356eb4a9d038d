package dev.funnel.cli;

import dev.funnel.metrics.Alternative;
import dev.funnel.metrics.Comparisons;
import dev.funnel.metrics.ConfidenceSequence;
import dev.funnel.metrics.ConversionReport;
import dev.funnel.metrics.FunnelComparison;
import dev.funnel.metrics.FunnelCounts;
import dev.funnel.metrics.PowerAnalysis;
import dev.funnel.metrics.RatioEstimate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Two segments of the breakdown compared as the variants of an A/B test ({@code --compare A,B}): B
 * against A at every step with Holm's correction across the steps, and on the whole funnel the
 * relative lift as a risk ratio, the anytime-valid intervals that stay valid however often the test
 * is looked at, Fisher's exact p-value where counts are small, and what a test of this difference
 * needs.
 *
 * @param a the name of variant A (the control)
 * @param b the name of variant B
 * @param steps B against A step by step, the steps' p-values Holm-corrected
 * @param riskRatio B's overall rate over A's, with its interval; empty if either had no conversion
 * @param oddsRatio B's odds of converting over A's (Woolf's interval); empty unless both variants
 *     have subjects who converted and who did not
 * @param sequentialDifference the anytime-valid interval of B's overall rate minus A's
 * @param sequentialLift the anytime-valid interval of B's relative lift; empty if A had none
 * @param fisherPValue Fisher's exact p-value of the overall rates, when an expected count is below
 *     5 (the z-test's p-value is then not to be trusted)
 * @param neededPerVariant the subjects each variant needs for this difference to be found with 80 %
 *     power at α = 0.05; empty if the rates are equal or at 0 or 1
 * @param power the power the smaller variant's size has for this difference; empty as above
 * @param smallerVariant the subjects of the smaller variant, which the power is for
 */
record AbComparison(
    String a,
    String b,
    FunnelComparison steps,
    Optional<RatioEstimate> riskRatio,
    Optional<RatioEstimate> oddsRatio,
    ConfidenceSequence sequentialDifference,
    Optional<ConfidenceSequence> sequentialLift,
    OptionalDouble fisherPValue,
    OptionalDouble neededPerVariant,
    OptionalDouble power,
    long smallerVariant) {

  static final double ALPHA = 0.05;
  static final double POWER = 0.8;

  /**
   * Compares segments {@code a} and {@code b} of the report's breakdown.
   *
   * @throws InputException if either is not a segment the report shows or has no subjects, or the
   *     funnel has one step
   */
  static AbComparison of(List<Map.Entry<String, ConversionReport>> segments, String a, String b)
      throws InputException {
    FunnelCounts countsA = counts(segments, a);
    FunnelCounts countsB = counts(segments, b);
    int last = countsA.size();
    if (last < 2) {
      throw new InputException(
          new Problem("--compare", 0, 0, "a funnel of one step has no conversion to compare"));
    }
    long sA = countsA.reached(last);
    long nA = countsA.reached(1);
    long sB = countsB.reached(last);
    long nB = countsB.reached(1);
    FunnelComparison steps = Comparisons.funnels(countsA, countsB, ALPHA);
    Optional<RatioEstimate> ratio =
        sA > 0 && sB > 0
            ? Optional.of(Comparisons.riskRatio(sA, nA, sB, nB, 1 - ALPHA))
            : Optional.empty();
    Optional<RatioEstimate> odds =
        sA > 0 && sB > 0 && sA < nA && sB < nB
            ? Optional.of(Comparisons.oddsRatio(sA, nA, sB, nB, 1 - ALPHA))
            : Optional.empty();
    ConfidenceSequence difference = ConfidenceSequence.difference(sA, nA, sB, nB, ALPHA);
    Optional<ConfidenceSequence> lift =
        sA > 0
            ? Optional.of(ConfidenceSequence.relativeLift(sA, nA, sB, nB, ALPHA))
            : Optional.empty();
    OptionalDouble fisher =
        needsExactTest(sA, nA, sB, nB)
            ? OptionalDouble.of(Comparisons.fisherExact(sA, nA, sB, nB, Alternative.TWO_SIDED))
            : OptionalDouble.empty();
    double pA = (double) sA / nA;
    double pB = (double) sB / nB;
    boolean plannable = pA != pB && pA > 0 && pA < 1 && pB > 0 && pB < 1;
    return new AbComparison(
        a,
        b,
        steps,
        ratio,
        odds,
        difference,
        lift,
        fisher,
        plannable
            ? OptionalDouble.of(PowerAnalysis.sampleSize(pA, pB, ALPHA, POWER))
            : OptionalDouble.empty(),
        plannable
            ? OptionalDouble.of(PowerAnalysis.power((double) Math.min(nA, nB), pA, pB, ALPHA))
            : OptionalDouble.empty(),
        Math.min(nA, nB));
  }

  /** The whole funnel's other statistics, one sentence each, for the text and the page. */
  static List<String> summary(AbComparison ab) {
    List<String> lines = new ArrayList<>();
    ab.riskRatio()
        .ifPresent(
            r ->
                lines.add(
                    String.format(
                        Locale.ROOT,
                        "Risk ratio (B's rate over A's): %.2f [%.2f, %.2f].",
                        r.estimate(),
                        r.lower(),
                        r.upper())));
    ab.oddsRatio()
        .ifPresent(
            r ->
                lines.add(
                    String.format(
                        Locale.ROOT,
                        "Odds ratio (B's odds of converting over A's): %.2f [%.2f, %.2f].",
                        r.estimate(),
                        r.lower(),
                        r.upper())));
    ConfidenceSequence d = ab.sequentialDifference();
    StringBuilder sequential =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "Anytime-valid 95 %% intervals, right however often the test is looked at: B − A"
                    + " %s",
                // Asymptotic, they can reach past what a difference of rates can be; the page
                // shows them within it (JSON has them as computed).
                TextReport.points(d.estimate(), Math.max(d.lower(), -1), Math.min(d.upper(), 1))));
    ab.sequentialLift()
        .ifPresent(
            l ->
                sequential.append(
                    String.format(
                        Locale.ROOT,
                        ", relative lift %+.1f %% [%+.1f %%, %+.1f %%]",
                        100 * l.estimate(),
                        100 * Math.max(l.lower(), -1),
                        100 * l.upper())));
    lines.add(sequential.append(" (GrowthBook's formula, tuning 5,000).").toString());
    ab.fisherPValue()
        .ifPresent(
            p ->
                lines.add(
                    "An expected count is below 5: Fisher's exact p = "
                        + HtmlPage.pValue(p)
                        + " is the one to trust for the whole funnel."));
    if (ab.neededPerVariant().isPresent() && ab.power().isPresent()) {
      lines.add(
          String.format(
              Locale.ROOT,
              "To find a difference this large with 80 %% power at α = 0.05 takes %,d subjects per"
                  + " variant; with the smaller variant's %,d, a test has %.1f %% power.",
              (long) Math.ceil(ab.neededPerVariant().getAsDouble()),
              ab.smallerVariant(),
              100 * ab.power().getAsDouble()));
    }
    return lines;
  }

  /**
   * Whether two rates are better compared by Fisher's exact test than by the z-test: when an
   * expected count is below 5 (Cochran's rule), or when no one or everyone converted, where the
   * z-test has no variance to divide by.
   */
  static boolean needsExactTest(long sA, long nA, long sB, long nB) {
    long all = sA + sB;
    return all == 0
        || all == nA + nB
        || Comparisons.chiSquare(List.of(sA, sB), List.of(nA, nB), ALPHA).hasSmallExpectedCounts();
  }

  private static FunnelCounts counts(
      List<Map.Entry<String, ConversionReport>> segments, String name) throws InputException {
    for (Map.Entry<String, ConversionReport> e : segments) {
      if (e.getKey().equals(name)) {
        if (e.getValue().counts().reached(1) == 0) {
          throw new InputException(
              new Problem("--compare", 0, 0, "segment '" + name + "' has no subjects"));
        }
        return e.getValue().counts();
      }
    }
    throw new InputException(
        new Problem(
            "--compare",
            0,
            0,
            "no segment '"
                + name
                + "' in the breakdown; the segments are "
                + segments.stream().map(Map.Entry::getKey).toList()
                + (segments.stream().anyMatch(e -> e.getKey().equals(FunnelReport.OTHER))
                    ? " (a larger --top keeps more)"
                    : "")));
  }
}
