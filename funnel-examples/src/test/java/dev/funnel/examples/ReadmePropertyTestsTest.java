package dev.funnel.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import dev.funnel.events.EventBatch;
import dev.funnel.events.RepeatPolicy;
import dev.funnel.events.WindowFunnel;
import dev.funnel.model.Funnel;
import dev.funnel.model.Stage;
import dev.funnel.rules.TransitionRule;
import dev.funnel.testkit.EventLogs;
import dev.funnel.testkit.TransitionRuleContract;
import dev.funnel.testkit.WindowFunnelOracle;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * The README's "Property-test your own rules", as written there: an application's own rule checked
 * against the kit's contract, and its window-funnel configuration against the oracle.
 */
class ReadmePropertyTestsTest extends TransitionRuleContract {
  static final BigDecimal LIMIT = new BigDecimal("50000");

  @Override
  protected TransitionRule rule() {
    return TransitionRule.of(
        "big deals need approval",
        t -> t.lead().value().compareTo(LIMIT) < 0 || t.lead().attributes().isTrue("approved"),
        t -> "deal of " + t.lead().value() + " needs the 'approved' attribute");
  }

  @Override
  protected Funnel funnel() {
    return Funnel.builder("sales")
        .stage(Stage.open("lead"))
        .stage(Stage.open("proposal"))
        .stage(Stage.won("won"))
        .stage(Stage.lost("lost"))
        .build();
  }

  @Test
  void ourSignUpFunnelCountsWhatTheOracleCounts() {
    // Codes 0 to 4: sign-up, trial, paid are 0, 1 and 2; 3 and 4 are other events.
    WindowFunnel signUp =
        WindowFunnel.builder()
            .eventCodes(5)
            .step(0)
            .step(1)
            .step(2)
            .window(14)
            .repeats(RepeatPolicy.STOP)
            .build();
    qt().withExamples(500)
        .forAll(EventLogs.logs(5))
        .checkAssert(
            log ->
                assertEquals(
                    WindowFunnelOracle.counts(signUp, log),
                    signUp.aggregate(log.batch(EventBatch.Layout.ARBITRARY)).counts()));
  }
}
