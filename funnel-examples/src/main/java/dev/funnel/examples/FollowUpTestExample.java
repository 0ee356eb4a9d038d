package dev.funnel.examples;

import dev.funnel.metrics.Comparisons;
import dev.funnel.metrics.Verdict;
import java.io.PrintStream;
import java.util.Locale;

/**
 * DOMAIN.md §3, an A/B test of two follow-up strategies ("validate different strategies and find
 * the best one"): A emails within a day, B calls within an hour. The verdict: the difference with
 * its interval, the p-value, and the Bayesian chance that B is really better.
 */
public final class FollowUpTestExample {
  private FollowUpTestExample() {}

  /** Runs the example and prints its report to {@code out}. */
  public static void run(PrintStream out) {
    long aMeetings = 48;
    long aLeads = 80;
    long bMeetings = 56;
    long bLeads = 70;
    Verdict verdict = Comparisons.twoProportions(aMeetings, aLeads, bMeetings, bLeads, 0.05);
    out.printf(
        Locale.ROOT,
        "A (email within a day):  %d of %d leads booked a meeting, %.1f %%%n",
        aMeetings,
        aLeads,
        100 * verdict.rateA());
    out.printf(
        Locale.ROOT,
        "B (call within an hour): %d of %d leads booked a meeting, %.1f %%%n",
        bMeetings,
        bLeads,
        100 * verdict.rateB());
    out.println(verdict);
    out.println(
        verdict.isSignificant()
            ? verdict.difference() > 0
                ? "Verdict: B is better; switch the team to calling within the hour."
                : "Verdict: A is better; keep emailing."
            : "Verdict: no significant difference yet; keep testing before switching.");
  }
}
