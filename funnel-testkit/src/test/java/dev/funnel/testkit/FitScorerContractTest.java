package dev.funnel.testkit;

import dev.funnel.model.AttributeType;
import dev.funnel.model.Funnel;
import dev.funnel.model.Stage;
import dev.funnel.scoring.FitRule;
import dev.funnel.scoring.FitScorer;
import dev.funnel.scoring.LeadScorer;
import java.util.List;

/** A fit scorer over the generated leads' attributes keeps the contract of every scorer. */
class FitScorerContractTest extends LeadScorerContract {

  @Override
  protected LeadScorer scorer() {
    return FitScorer.builder()
        .attribute("employees", AttributeType.NUMBER)
        .attribute("industry", AttributeType.TEXT)
        .attribute("budget", AttributeType.BOOLEAN)
        .rule(FitRule.between("mid-size company", "employees", 50, 1000, 15))
        .rule(FitRule.oneOf("target industry", "industry", List.of("software", "health"), 20))
        .rule(FitRule.isTrue("has a budget", "budget", 10))
        .build();
  }

  @Override
  protected Funnel funnel() {
    return Funnel.builder("sales").stage(Stage.open("lead")).stage(Stage.won("won")).build();
  }

  @Override
  protected double minimum() {
    return 0;
  }

  @Override
  protected double maximum() {
    return 45;
  }
}
