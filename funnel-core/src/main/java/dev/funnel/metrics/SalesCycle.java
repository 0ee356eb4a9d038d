package dev.funnel.metrics;

import static java.util.Objects.requireNonNull;

import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.StageKind;
import dev.funnel.model.StageVisit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The length of the sales cycle: from a lead's creation to its first entry into a won stage.
 *
 * <p>{@link #wonDeals()} summarises the deals that were won. {@link #timeToClose()} is the
 * Kaplan–Meier estimate of the time to close (won or lost) in which deals still open at {@code now}
 * count as censored, and {@link #timeToWin()} the same with only wins as events (lost deals
 * censored when lost), so that a young pipeline does not look fast.
 *
 * <p>Immutable and thread-safe.
 */
public final class SalesCycle {
  private final DurationStats wonDeals;
  private final SurvivalCurve timeToClose;
  private final SurvivalCurve timeToWin;
  private final List<CumulativeIncidence.Observation> outcomes;

  private SalesCycle(
      DurationStats wonDeals,
      SurvivalCurve timeToClose,
      SurvivalCurve timeToWin,
      List<CumulativeIncidence.Observation> outcomes) {
    this.wonDeals = wonDeals;
    this.timeToClose = timeToClose;
    this.timeToWin = timeToWin;
    this.outcomes = List.copyOf(outcomes);
  }

  /**
   * Measures the sales cycle of the leads as of {@code now}. A lead's cycle ends when it first
   * enters a won or lost stage; leads that never did are open.
   *
   * @throws IllegalArgumentException if a lead names an unknown stage, or {@code now} is before a
   *     lead entered its current stage
   */
  public static SalesCycle fromLeads(Funnel funnel, Iterable<Lead> leads, Instant now) {
    requireNonNull(funnel, "funnel");
    requireNonNull(leads, "leads");
    requireNonNull(now, "now");
    List<Duration> won = new ArrayList<>();
    List<SurvivalCurve.Observation> close = new ArrayList<>();
    List<SurvivalCurve.Observation> win = new ArrayList<>();
    List<CumulativeIncidence.Observation> outcomes = new ArrayList<>();
    for (Lead lead : leads) {
      Duration age = lead.age(now);
      Optional<StageVisit> closing =
          lead.history().stream().filter(v -> funnel.stage(v.stageId()).isTerminal()).findFirst();
      if (closing.isEmpty()) {
        close.add(SurvivalCurve.Observation.censored(age));
        win.add(SurvivalCurve.Observation.censored(age));
        outcomes.add(CumulativeIncidence.Observation.open(age));
        continue;
      }
      Duration cycle = Duration.between(lead.createdAt(), closing.get().entered());
      boolean isWin = funnel.stage(closing.get().stageId()).kind() == StageKind.WON;
      close.add(SurvivalCurve.Observation.ended(cycle));
      win.add(new SurvivalCurve.Observation(cycle, isWin));
      outcomes.add(CumulativeIncidence.Observation.ended(cycle, isWin ? "won" : "lost"));
      if (isWin) {
        won.add(cycle);
      }
    }
    return new SalesCycle(
        DurationStats.of(won),
        SurvivalCurve.estimate(close),
        SurvivalCurve.estimate(win),
        outcomes);
  }

  /** Returns the cycle lengths of the won deals only. */
  public DurationStats wonDeals() {
    return wonDeals;
  }

  /** Returns the Kaplan–Meier curve of time to close (won or lost), open deals censored. */
  public SurvivalCurve timeToClose() {
    return timeToClose;
  }

  /**
   * Returns the Kaplan–Meier curve of time to win, open and lost deals censored. It treats a lost
   * deal as one that might still be won, so 1 − S overstates P(won by t): {@link #outcomes()} gives
   * that probability.
   */
  public SurvivalCurve timeToWin() {
    return timeToWin;
  }

  /**
   * Returns the cumulative incidence of "won" and of "lost" (those seen), open deals censored: the
   * probability that a deal has been won, or lost, by each time.
   *
   * @throws IllegalArgumentException if there were no leads
   */
  public CumulativeIncidence outcomes() {
    return CumulativeIncidence.estimate(outcomes);
  }
}
