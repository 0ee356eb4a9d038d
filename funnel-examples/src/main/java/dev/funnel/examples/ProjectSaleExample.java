package dev.funnel.examples;

import static dev.funnel.rules.TransitionRules.entryCriteria;
import static dev.funnel.rules.TransitionRules.maxBackwardSteps;
import static dev.funnel.rules.TransitionRules.maxForwardSteps;
import static dev.funnel.rules.TransitionRules.reopenWithin;
import static dev.funnel.rules.TransitionRules.requiredAttributes;
import static dev.funnel.rules.TransitionRules.terminalLock;

import dev.funnel.forecast.MarkovForecast;
import dev.funnel.forecast.WeightedPipeline;
import dev.funnel.model.AttributeType;
import dev.funnel.model.ForecastCategory;
import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.Stage;
import dev.funnel.model.StageVisit;
import dev.funnel.model.StaleLead;
import dev.funnel.model.StaleLeadPolicy;
import dev.funnel.rules.Criterion;
import dev.funnel.rules.TransitionEngine;
import dev.funnel.rules.TransitionResult;
import dev.funnel.rules.Violation;
import dev.funnel.scoring.FitRule;
import dev.funnel.scoring.FitScorer;
import dev.funnel.scoring.Score;
import dev.funnel.scoring.Tiers;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The 7-stage B2B project sale of DOMAIN.md §1, governed by the entry criteria of §2: leads move
 * through it, one move is refused with every reason, one deal regresses and is lost, and a stale
 * deal is flagged. Then the leads are scored for fit and sorted into tiers (§6), and a year of
 * closed deals teaches a Markov forecast that values this quarter's open pipeline beside the
 * weighted pipeline of the stages' own probabilities (§5).
 */
public final class ProjectSaleExample {
  /** The first day of the example; every time in it is relative to this, never the wall clock. */
  static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

  private ProjectSaleExample() {}

  /** The funnel: six open stages, then the two outcomes. */
  public static Funnel funnel() {
    return Funnel.builder("B2B project sale")
        .stage(Stage.open("target").name("Target account list").winProbability(0.02))
        .stage(
            Stage.open("potential")
                .name("Potential opportunity")
                .winProbability(0.05)
                .guidance(
                    "Fits the target profile, needs the product, healthy, poor or no system."))
        .stage(Stage.open("intent").name("Confirmed intent").winProbability(0.15))
        .stage(
            Stage.open("approved")
                .name("Project approved")
                .winProbability(0.30)
                .forecastCategory(ForecastCategory.PIPELINE)
                .guidance("Budget, a selection team with leadership support, and a timeline."))
        .stage(
            Stage.open("vendor")
                .name("Vendor accepted")
                .winProbability(0.60)
                .forecastCategory(ForecastCategory.BEST_CASE))
        .stage(
            Stage.open("negotiation")
                .name("Commercial negotiation")
                .winProbability(0.80)
                .forecastCategory(ForecastCategory.COMMIT))
        .stage(Stage.won("won").name("Closed sale"))
        .stage(Stage.lost("lost").name("Lost"))
        .build();
  }

  /**
   * The rules: no skipping, regressions of up to two stages, outcomes final except a reopening
   * within 30 days, and the entry criteria of "potential opportunity" and "project approved".
   */
  public static TransitionEngine engine(Funnel funnel) {
    return TransitionEngine.builder(funnel)
        .rule(maxForwardSteps(1))
        .rule(maxBackwardSteps(2))
        .rule(terminalLock(reopenWithin(Duration.ofDays(30))))
        .ruleInto(
            "potential",
            entryCriteria(
                Criterion.isTrue("account fits the target profile", "fits_target_profile"),
                Criterion.isTrue("needs the product", "needs_product"),
                Criterion.atLeast("is economically healthy", "revenue_growth_pct", 0.0),
                Criterion.oneOf("has no system or a poor one", "current_system", "none", "poor")))
        .ruleInto(
            "approved",
            entryCriteria(
                Criterion.atLeast("has a budget", "budget", 1.0),
                Criterion.isTrue(
                    "has a selection team with leadership support", "selection_team_supported"),
                Criterion.present("has a timeline", "decision_date")))
        .ruleInto("negotiation", requiredAttributes("proposal_sent"))
        .build();
  }

  /** Runs the example and prints its report to {@code out}. */
  public static void run(PrintStream out) {
    Funnel funnel = funnel();
    TransitionEngine engine = engine(funnel);
    printFunnel(out, funnel);

    out.println();
    out.println("Moves");
    Lead acme =
        Lead.builder("acme")
            .value(new BigDecimal("480000"))
            .source("trade show")
            .attribute("fits_target_profile", true)
            .attribute("needs_product", true)
            .attribute("revenue_growth_pct", 8.0)
            .attribute("current_system", "poor")
            .attribute("budget", 500_000)
            .attribute("selection_team_supported", true)
            .attribute("decision_date", day(60))
            .attribute("proposal_sent", true)
            .startIn("target", day(0))
            .build();
    acme = move(out, engine, acme, "potential", day(3), "fits the profile, replacing spreadsheets");
    acme = move(out, engine, acme, "intent", day(10), "workshop booked");
    acme = move(out, engine, acme, "approved", day(18), "budget signed off by the CFO");
    acme = move(out, engine, acme, "vendor", day(30), "shortlisted, then chosen");
    acme = move(out, engine, acme, "negotiation", day(41), "terms sent");
    acme = move(out, engine, acme, "won", day(52), "contract signed");

    Lead globex =
        Lead.builder("globex")
            .value(new BigDecimal("120000"))
            .source("content marketing")
            .attribute("fits_target_profile", true)
            .attribute("revenue_growth_pct", -15.0)
            .attribute("current_system", "modern ERP")
            .startIn("target", day(1))
            .build();
    globex = move(out, engine, globex, "potential", day(4), "downloaded the whitepaper");
    globex = move(out, engine, globex, "intent", day(4), "asked for a demo");

    Lead initech =
        Lead.builder("initech")
            .value(new BigDecimal("260000"))
            .source("referral")
            .attribute("fits_target_profile", true)
            .attribute("needs_product", true)
            .attribute("revenue_growth_pct", 2.0)
            .attribute("current_system", "none")
            .attribute("budget", 250_000)
            .attribute("selection_team_supported", true)
            .attribute("decision_date", day(90))
            .startIn("target", day(2))
            .build();
    initech = move(out, engine, initech, "potential", day(5), "referred by acme");
    initech = move(out, engine, initech, "intent", day(12), "pilot requested");
    initech = move(out, engine, initech, "approved", day(20), "budget approved");
    initech = move(out, engine, initech, "vendor", day(35), "selected");
    initech = move(out, engine, initech, "approved", day(40), "new CIO reopened the selection");
    initech = move(out, engine, initech, "lost", day(47), "went with the incumbent's upgrade");

    Lead hooli =
        Lead.builder("hooli")
            .value(new BigDecimal("90000"))
            .source("paid social")
            .attribute("fits_target_profile", true)
            .attribute("needs_product", true)
            .attribute("revenue_growth_pct", 12.0)
            .attribute("current_system", "poor")
            .startIn("target", day(5))
            .build();
    hooli = move(out, engine, hooli, "potential", day(6), "inbound request");
    hooli = move(out, engine, hooli, "intent", day(9), "demo went well");

    Instant now = day(60);
    out.println();
    printHistory(out, acme, now);
    out.println();
    printHistory(out, initech, now);

    out.println();
    StaleLeadPolicy rotting =
        StaleLeadPolicy.builder(funnel)
            .maxTimeIn("potential", Duration.ofDays(14))
            .maxTimeIn("intent", Duration.ofDays(21))
            .maxTimeIn("vendor", Duration.ofDays(21))
            .build();
    List<StaleLead> stale = rotting.staleLeads(List.of(acme, globex, initech, hooli), now);
    out.printf(Locale.ROOT, "Stale deals on day %d (%d)%n", 60, stale.size());
    for (StaleLead s : stale) {
      out.printf(
          Locale.ROOT,
          "  %-8s in %-22s for %3d days, limit %2d days, %d days overdue%n",
          s.lead().id(),
          s.stage().name(),
          s.dwell().toDays(),
          s.limit().toDays(),
          s.overdueBy().toDays());
    }

    out.println();
    printScores(out, List.of(acme, globex, initech, hooli), now);
    out.println();
    printForecast(out, funnel);
  }

  /** Fit points for the target profile of DOMAIN.md §2; the tiers say whom to call first. */
  static FitScorer fitScorer() {
    return FitScorer.builder()
        .attribute("fits_target_profile", AttributeType.BOOLEAN)
        .attribute("needs_product", AttributeType.BOOLEAN)
        .attribute("revenue_growth_pct", AttributeType.NUMBER)
        .attribute("current_system", AttributeType.TEXT)
        .attribute("budget", AttributeType.NUMBER)
        .rule(FitRule.isTrue("fits the target profile", "fits_target_profile", 25))
        .rule(FitRule.isTrue("needs the product", "needs_product", 20))
        .rule(FitRule.atLeast("economically healthy", "revenue_growth_pct", 0, 15))
        .rule(
            FitRule.oneOf("no system or a poor one", "current_system", List.of("none", "poor"), 20))
        .rule(FitRule.atLeast("budget of 100k or more", "budget", 100_000, 20))
        .build();
  }

  static final Tiers TIERS = Tiers.of(70, 40);

  private static void printScores(PrintStream out, List<Lead> leads, Instant now) {
    FitScorer fit = fitScorer();
    out.printf(
        Locale.ROOT,
        "Fit scores and tiers (high ≥ %.0f, medium ≥ %.0f)%n",
        TIERS.high(),
        TIERS.medium());
    leads.stream()
        .sorted(Comparator.comparingDouble((Lead l) -> -fit.score(l, now).value()))
        .forEach(
            lead -> {
              Score score = fit.score(lead, now);
              out.printf(
                  Locale.ROOT,
                  "  %-8s %5.0f  %-6s  now in %-12s %s%n",
                  lead.id(),
                  score.value(),
                  TIERS.tierOf(score),
                  lead.currentStageId(),
                  score.contributions().stream()
                      .map(c -> c.factor() + String.format(Locale.ROOT, " %+.0f", c.amount()))
                      .toList());
            });
  }

  /**
   * Learns the stage-to-stage moves from a year of closed deals and forecasts the open ones: the
   * configured stage probabilities (weighted pipeline, rolled up by forecast category) beside the
   * probabilities the history shows (Markov chain, regressions included).
   */
  private static void printForecast(PrintStream out, Funnel funnel) {
    List<Lead> closed = new ArrayList<>();
    List<Lead> open = new ArrayList<>();
    DealHistory.generate(funnel, closed, open);
    MarkovForecast learned = MarkovForecast.fromLeads(funnel, closed);
    WeightedPipeline pipeline = WeightedPipeline.fromLeads(funnel, open);
    out.printf(
        Locale.ROOT,
        "Pipeline: %d open deals; history: %d closed deals (%d won)%n",
        open.size(),
        closed.size(),
        closed.stream().filter(l -> l.currentStageId().equals("won")).count());
    out.printf(
        Locale.ROOT,
        "  %-24s %5s %12s %7s %9s %12s %9s%n",
        "stage",
        "deals",
        "value",
        "win %",
        "learned %",
        "weighted",
        "to close");
    BigDecimal learnedTotal = BigDecimal.ZERO;
    for (WeightedPipeline.StageValue stage : pipeline.stages()) {
      if (funnel.stage(stage.stageId()).isTerminal()) {
        continue;
      }
      MarkovForecast.StageForecast forecast = learned.stage(stage.stageId());
      double learnedP = forecast.winProbability().orElse(Double.NaN);
      if (!Double.isNaN(learnedP)) {
        learnedTotal = learnedTotal.add(stage.value().multiply(BigDecimal.valueOf(learnedP)));
      }
      out.printf(
          Locale.ROOT,
          "  %-24s %5d %,12.0f %6.0f%% %8.0f%% %,12.0f %9s%n",
          funnel.stage(stage.stageId()).name(),
          stage.deals(),
          stage.value(),
          100 * stage.winProbability(),
          100 * learnedP,
          stage.weighted(),
          forecast.expectedTimeToClose().map(d -> d.toDays() + " days").orElse("-"));
    }
    out.printf(
        Locale.ROOT,
        "  weighted pipeline %,.0f by the stages' probabilities, %,.0f by the learned ones%n",
        pipeline.weightedTotal(),
        learnedTotal);
    out.printf(Locale.ROOT, "  deal values rolled up by forecast category:");
    pipeline
        .rollUp()
        .forEach((category, value) -> out.printf(Locale.ROOT, "  %s %,.0f", category, value));
    out.println();
  }

  private static Lead move(
      PrintStream out, TransitionEngine engine, Lead lead, String to, Instant at, String reason) {
    TransitionResult result = engine.move(lead, to, at, reason);
    String from = lead.currentStageId();
    if (result.isAccepted()) {
      out.printf(
          Locale.ROOT,
          "  ✓ %-8s %-11s → %-11s day %2d  %s%n",
          lead.id(),
          from,
          to,
          dayOf(at),
          reason);
    } else {
      out.printf(
          Locale.ROOT,
          "  ✗ %-8s %-11s → %-11s day %2d  refused:%n",
          lead.id(),
          from,
          to,
          dayOf(at));
      for (Violation violation : result.violations()) {
        out.println("        - " + violation);
      }
    }
    return result.lead();
  }

  private static void printFunnel(PrintStream out, Funnel funnel) {
    out.println("Funnel: " + funnel.name());
    out.printf(
        Locale.ROOT,
        "  %-3s %-12s %-24s %-5s %6s  %s%n",
        "#",
        "id",
        "name",
        "kind",
        "win %",
        "forecast");
    for (Stage stage : funnel.stages()) {
      out.printf(
          Locale.ROOT,
          "  %-3d %-12s %-24s %-5s %6s  %s%n",
          stage.order() + 1,
          stage.id(),
          stage.name(),
          stage.kind(),
          stage.winProbability().isPresent()
              ? String.format(Locale.ROOT, "%.0f", stage.winProbability().getAsDouble() * 100)
              : "-",
          stage.forecastCategory().map(ForecastCategory::name).orElse("-"));
    }
  }

  private static void printHistory(PrintStream out, Lead lead, Instant now) {
    out.printf(
        Locale.ROOT,
        "History of %s (%s, %s)%s%n",
        lead.id(),
        lead.source().orElse("unknown source"),
        lead.value().toPlainString(),
        lead.lostReason().map(r -> ", lost: " + r).orElse(""));
    for (StageVisit visit : lead.history()) {
      out.printf(
          Locale.ROOT,
          "  day %2d  %-11s %3d days  %s%n",
          dayOf(visit.entered()),
          visit.stageId(),
          visit.duration(now).toDays(),
          visit.reason());
    }
    Map<String, Duration> cumulative = lead.timeInStages(now);
    out.printf(
        Locale.ROOT,
        "  time in 'approved' over all visits: %d days; age on day 60: %d days%n",
        cumulative.getOrDefault("approved", Duration.ZERO).toDays(),
        lead.age(now).toDays());
  }

  private static Instant day(int day) {
    return START.plus(Duration.ofDays(day));
  }

  private static long dayOf(Instant at) {
    return Duration.between(START, at).toDays();
  }
}
