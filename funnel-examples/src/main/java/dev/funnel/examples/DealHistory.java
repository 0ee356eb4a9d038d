package dev.funnel.examples;

import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.Stage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded year of deals in the project-sale funnel, for the forecast: each deal advances a stage,
 * falls back one, or is lost, with odds per stage, and spends some days in each. Deals started in
 * the last quarter may still be open. The same seed gives the same deals on every machine.
 */
final class DealHistory {
  static final long SEED = 20_260_302L;
  static final int DEALS = 240;
  static final Instant YEAR_START = Instant.parse("2025-03-02T09:00:00Z");
  static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

  // Per open stage in funnel order: chance to advance, to fall back; the rest is lost.
  private static final double[][] ODDS = {
    {0.55, 0.00}, {0.60, 0.05}, {0.65, 0.10}, {0.70, 0.10}, {0.75, 0.10}, {0.80, 0.05}
  };
  private static final int[] MEAN_DAYS = {10, 14, 21, 30, 18, 12};

  private DealHistory() {}

  /**
   * Adds the closed deals to {@code closed} and those still open at {@link #NOW} to {@code open}.
   */
  static void generate(Funnel funnel, List<Lead> closed, List<Lead> open) {
    SplittableRandom random = new SplittableRandom(SEED);
    List<Stage> stages = funnel.stages();
    for (int d = 0; d < DEALS; d++) {
      Instant at = YEAR_START.plus(Duration.ofDays(random.nextInt(365)));
      BigDecimal value = BigDecimal.valueOf(20_000 + 10_000L * random.nextInt(50));
      Lead lead =
          Lead.builder(String.format("deal-%03d", d))
              .value(value)
              .startIn(stages.get(0).id(), at)
              .build();
      int stage = 0;
      while (true) {
        at =
            at.plus(
                Duration.ofHours(
                    1 + (long) (-24 * MEAN_DAYS[stage] * Math.log(1 - random.nextDouble()))));
        if (at.isAfter(NOW)) {
          open.add(lead);
          break;
        }
        double r = random.nextDouble();
        String next;
        if (r < ODDS[stage][0]) {
          stage++;
          next = stages.get(stage).id();
        } else if (r < ODDS[stage][0] + ODDS[stage][1]) {
          stage--;
          next = stages.get(stage).id();
        } else {
          next = "lost";
        }
        lead = lead.withStageChange(next, at, "");
        if (funnel.stage(next).isTerminal()) {
          closed.add(lead);
          break;
        }
      }
    }
  }
}
