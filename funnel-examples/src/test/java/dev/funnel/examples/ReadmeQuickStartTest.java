package dev.funnel.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.Stage;
import dev.funnel.rules.Criterion;
import dev.funnel.rules.TransitionEngine;
import dev.funnel.rules.TransitionResult;
import dev.funnel.rules.TransitionRules;
import dev.funnel.rules.Violation;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The README's quick start, as written there, so that the README cannot drift from the API. */
class ReadmeQuickStartTest {

  @Test
  void quickStartRefusesTheMoveWithBothMissingCriteria() {
    Funnel funnel =
        Funnel.builder("B2B project sale")
            .stage(Stage.open("target").name("Target account list"))
            .stage(Stage.open("potential").name("Potential opportunity").winProbability(0.05))
            .stage(Stage.open("approved").name("Project approved").winProbability(0.30))
            .stage(Stage.won("won").name("Closed sale"))
            .stage(Stage.lost("lost"))
            .build();

    TransitionEngine engine =
        TransitionEngine.builder(funnel)
            .rule(TransitionRules.maxForwardSteps(1)) // no skipping
            .rule(TransitionRules.terminalLock()) // won and lost are final
            .ruleInto(
                "approved",
                TransitionRules.entryCriteria(
                    Criterion.atLeast("has a budget", "budget", 1),
                    Criterion.isTrue(
                        "has a selection team with leadership support", "team_supported"),
                    Criterion.present("has a timeline", "decision_date")))
            .build();

    Lead lead =
        Lead.builder("acme")
            .value(new BigDecimal("480000"))
            .source("trade show")
            .attribute("budget", 500_000)
            .startIn("potential", Instant.parse("2026-03-02T09:00:00Z"))
            .build();

    TransitionResult result =
        engine.move(lead, "approved", Instant.parse("2026-03-09T09:00:00Z"), "CFO call");

    assertThat(result.isAccepted()).isFalse();
    assertThat(result.violations())
        .extracting(Violation::toString)
        .containsExactly(
            "entry criteria of 'approved': not met: has a selection team with leadership support",
            "entry criteria of 'approved': not met: has a timeline");
  }
}
