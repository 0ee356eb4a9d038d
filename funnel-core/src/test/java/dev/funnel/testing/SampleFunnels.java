package dev.funnel.testing;

import dev.funnel.model.ForecastCategory;
import dev.funnel.model.Funnel;
import dev.funnel.model.Stage;
import java.time.Instant;

/** Funnels and times shared by the tests; the stage lists are those of DOMAIN.md §1. */
public final class SampleFunnels {
  private SampleFunnels() {}

  /** A fixed start time, so that no test depends on the wall clock. */
  public static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");

  /** The 7-stage B2B project sale, with the won and lost outcomes every B2B pipeline has. */
  public static Funnel projectSale() {
    return Funnel.builder("B2B project sale")
        .stage(Stage.open("target").name("Target account list").winProbability(0.02))
        .stage(Stage.open("potential").name("Potential opportunity").winProbability(0.05))
        .stage(Stage.open("intent").name("Confirmed intent").winProbability(0.15))
        .stage(
            Stage.open("approved")
                .name("Project approved")
                .winProbability(0.3)
                .forecastCategory(ForecastCategory.PIPELINE))
        .stage(
            Stage.open("vendor")
                .name("Vendor accepted")
                .winProbability(0.6)
                .forecastCategory(ForecastCategory.BEST_CASE))
        .stage(
            Stage.open("negotiation")
                .name("Commercial negotiation")
                .winProbability(0.8)
                .forecastCategory(ForecastCategory.COMMIT))
        .stage(Stage.won("won").name("Closed sale"))
        .stage(Stage.lost("lost").name("Lost"))
        .build();
  }

  /** new → demo (optional) → proposal → won / lost. */
  public static Funnel withOptionalDemo() {
    return Funnel.builder("with optional demo")
        .stage(Stage.open("new"))
        .stage(Stage.open("demo").optional())
        .stage(Stage.open("proposal"))
        .stage(Stage.won("won"))
        .stage(Stage.lost("lost"))
        .build();
  }

  /** A short funnel: new → contacted → qualified → won / lost. */
  public static Funnel simple() {
    return Funnel.builder("simple")
        .stage(Stage.open("new"))
        .stage(Stage.open("contacted"))
        .stage(Stage.open("qualified"))
        .stage(Stage.won("won"))
        .stage(Stage.lost("lost"))
        .build();
  }
}
