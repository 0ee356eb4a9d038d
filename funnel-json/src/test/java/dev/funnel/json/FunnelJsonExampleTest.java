package dev.funnel.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.funnel.model.ForecastCategory;
import dev.funnel.model.Funnel;
import dev.funnel.model.Stage;
import dev.funnel.rules.Criterion;
import dev.funnel.rules.TransitionEngine;
import dev.funnel.rules.TransitionRule;
import dev.funnel.rules.TransitionRules;
import dev.funnel.rules.TransitionTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The README's example document, written by hand, reads into the engine the same rules make in
 * code; and the engine written reads back equal.
 */
class FunnelJsonExampleTest {
  static final TransitionRule CREDIT_CHECK =
      TransitionRule.of(
          "credit check",
          t -> !t.lead().attributes().isTrue("credit hold"),
          t -> "the account is on credit hold");

  static final FunnelJson JSON = FunnelJson.builder().rule("credit check", CREDIT_CHECK).build();

  static TransitionEngine inCode() {
    Funnel funnel =
        Funnel.builder("B2B sales")
            .stage(Stage.open("new").name("New lead").winProbability(0.05))
            .stage(
                Stage.open("qualified")
                    .winProbability(0.2)
                    .forecastCategory(ForecastCategory.PIPELINE)
                    .guidance("Budget, authority, need and timeline confirmed"))
            .stage(Stage.open("demo").optional().winProbability(0.35))
            .stage(
                Stage.open("proposal")
                    .winProbability(0.6)
                    .forecastCategory(ForecastCategory.BEST_CASE))
            .stage(Stage.won("won"))
            .stage(Stage.lost("lost"))
            .build();
    return TransitionEngine.builder(funnel)
        .rule(TransitionRules.terminalLock(TransitionRules.reopenWithin(Duration.ofDays(30))))
        .rule(TransitionRules.maxForwardSteps(1))
        .rule(TransitionRules.maxBackwardSteps(1))
        .rule(TransitionRules.lostReasonOneOf("no budget", "chose a competitor", "no response"))
        .ruleInto(
            "proposal",
            TransitionRules.entryCriteria(
                Criterion.atLeast("budget of at least 10,000", "budget", 10_000),
                Criterion.isTrue("decision maker met", "met decision maker")))
        .ruleInto(
            "won",
            TransitionRules.allOf(
                TransitionRules.requiredAttributes("contract signed at"),
                TransitionRules.minimumTimeInStage(Duration.ofDays(2)),
                CREDIT_CHECK))
        .ruleInto(
            "lost",
            TransitionRules.anyOf(
                TransitionRules.reasonRequired(),
                TransitionRules.not(TransitionRules.forwardOnly(), "frozen", "never")))
        .ruleInto(
            "demo",
            TransitionTable.builder(funnel).allow("new", "demo").allow("qualified", "demo").build())
        .build();
  }

  @Test
  void theReadmeDocumentIsTheEngineMadeInCode() throws IOException {
    try (InputStream file = getClass().getResourceAsStream("/b2b-sales.json");
        Reader in = new InputStreamReader(file, StandardCharsets.UTF_8)) {
      assertEquals(inCode(), JSON.readEngine(in));
    }
  }

  @Test
  void theEngineReadsBackEqual() {
    String text = JSON.write(inCode());
    assertEquals(inCode(), JSON.readEngine(text));
  }
}
