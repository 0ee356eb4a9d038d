package dev.funnel.rules;

import static dev.funnel.testing.SampleFunnels.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.Stage;
import dev.funnel.model.StageVisit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Laws of the transition engine over random funnels and random move sequences (QuickTheories, fixed
 * seed so that runs repeat; a failure prints the falsifying scenario).
 */
class TransitionPropertiesTest {
  private static final long SEED = 20261122L;
  private static final int EXAMPLES = 400;

  /** One attempted move: a target stage by index (modulo the funnel size) after a delay. */
  record Attempt(int target, int delaySeconds) {}

  /** A random funnel and a random sequence of attempted moves in it. */
  record Scenario(Funnel funnel, List<Attempt> attempts, boolean hasBudget) {}

  /** What happened at one attempted move. */
  record Step(Lead before, String target, Instant at, TransitionResult result) {}

  private static Gen<Funnel> funnels() {
    return integers()
        .between(1, 7)
        .zip(
            booleans().all(),
            booleans().all(),
            (open, won, lost) -> {
              Funnel.Builder builder = Funnel.builder("random");
              for (int i = 0; i < open; i++) {
                builder.stage(Stage.open("s" + i));
              }
              if (won) {
                builder.stage(Stage.won("won"));
              }
              if (lost) {
                builder.stage(Stage.lost("lost"));
              }
              return builder.build();
            });
  }

  private static Gen<Scenario> scenarios() {
    Gen<Attempt> attempts =
        integers().between(0, 99).zip(integers().between(0, 3 * 24 * 3600), Attempt::new);
    return funnels()
        .zip(lists().of(attempts).ofSizeBetween(0, 30), booleans().all(), Scenario::new);
  }

  private static List<Step> run(Scenario scenario, Function<Funnel, TransitionEngine> engines) {
    TransitionEngine engine = engines.apply(scenario.funnel());
    Lead.Builder start = Lead.builder("L").startIn(scenario.funnel().entryStage().id(), T0);
    if (scenario.hasBudget()) {
      start.attribute("budget", 1000.0);
    }
    Lead lead = start.build();
    Instant at = T0;
    List<Step> steps = new ArrayList<>();
    for (Attempt attempt : scenario.attempts()) {
      at = at.plusSeconds(attempt.delaySeconds());
      List<Stage> stages = scenario.funnel().stages();
      String target = stages.get(attempt.target() % stages.size()).id();
      TransitionResult result = engine.move(lead, target, at, "attempt");
      steps.add(new Step(lead, target, at, result));
      lead = result.lead();
    }
    return steps;
  }

  private static Lead last(Scenario scenario, List<Step> steps) {
    return steps.isEmpty()
        ? Lead.builder("L").startIn(scenario.funnel().entryStage().id(), T0).build()
        : steps.get(steps.size() - 1).result().lead();
  }

  private static TransitionEngine free(Funnel funnel) {
    return TransitionEngine.builder(funnel).build();
  }

  private static TransitionEngine strict(Funnel funnel) {
    TransitionEngine.Builder builder =
        TransitionEngine.builder(funnel)
            .rule(TransitionRules.terminalLock())
            .rule(TransitionRules.maxForwardSteps(1))
            .rule(TransitionRules.maxBackwardSteps(1))
            .rule(TransitionRules.minimumTimeInStage(Duration.ofHours(12)));
    Stage last = funnel.stages().get(funnel.size() - 1);
    return builder.ruleInto(last.id(), TransitionRules.requiredAttributes("budget")).build();
  }

  @Test
  void historyTimesNeverDecreaseAndTheCurrentStageIsTheLastEntry() {
    qt().withFixedSeed(SEED)
        .withExamples(EXAMPLES)
        .forAll(scenarios())
        .checkAssert(
            scenario -> {
              for (Step step : run(scenario, TransitionPropertiesTest::strict)) {
                Lead lead = step.result().lead();
                List<StageVisit> history = lead.history();
                for (int i = 1; i < history.size(); i++) {
                  assertThat(history.get(i).entered())
                      .isAfterOrEqualTo(history.get(i - 1).entered());
                }
                assertThat(lead.currentStageId())
                    .isEqualTo(history.get(history.size() - 1).stageId());
                assertThat(scenario.funnel().contains(lead.currentStageId())).isTrue();
              }
            });
  }

  @Test
  void aRejectedMoveLeavesTheLeadEqualToBefore() {
    qt().withFixedSeed(SEED)
        .withExamples(EXAMPLES)
        .forAll(scenarios())
        .checkAssert(
            scenario -> {
              for (Step step : run(scenario, TransitionPropertiesTest::strict)) {
                if (step.result().isStay()) {
                  // Staying is accepted and changes nothing.
                  assertThat(step.result().isAccepted()).isTrue();
                  assertThat(step.result().lead()).isEqualTo(step.before());
                } else if (step.result().isAccepted()) {
                  assertThat(step.result().lead().currentStageId()).isEqualTo(step.target());
                  assertThat(step.result().lead().history())
                      .hasSize(step.before().history().size() + 1);
                } else {
                  assertThat(step.result().violations()).isNotEmpty();
                  assertThat(step.result().lead()).isEqualTo(step.before());
                }
              }
            });
  }

  @Test
  void theEngineAcceptsExactlyWhenEveryRuleAllows() {
    qt().withFixedSeed(SEED)
        .withExamples(EXAMPLES)
        .forAll(scenarios())
        .checkAssert(
            scenario -> {
              Funnel funnel = scenario.funnel();
              List<TransitionRule> rules =
                  List.of(
                      TransitionRules.terminalLock(),
                      TransitionRules.maxForwardSteps(1),
                      TransitionRules.maxBackwardSteps(1),
                      TransitionRules.minimumTimeInStage(Duration.ofHours(12)));
              for (Step step : run(scenario, TransitionPropertiesTest::strict)) {
                Lead before = step.before();
                Transition t =
                    new Transition(
                        funnel,
                        before,
                        funnel.stage(before.currentStageId()),
                        funnel.stage(step.target()),
                        step.at());
                boolean lastStage = t.to().order() == funnel.size() - 1;
                boolean stay = t.from().equals(t.to());
                boolean allAllow =
                    stay
                        || (rules.stream().allMatch(r -> r.evaluate(t).isAllowed())
                            && (!lastStage || before.attributes().has("budget")));
                assertThat(step.result().isAccepted()).isEqualTo(allAllow);
                assertThat(step.result().isStay()).isEqualTo(stay);
              }
            });
  }

  @Test
  void aLockedTerminalStageIsNeverLeft() {
    qt().withFixedSeed(SEED)
        .withExamples(EXAMPLES)
        .forAll(scenarios())
        .checkAssert(
            scenario -> {
              Lead lead = last(scenario, run(scenario, TransitionPropertiesTest::strict));
              List<StageVisit> history = lead.history();
              for (int i = 0; i < history.size(); i++) {
                if (scenario.funnel().stage(history.get(i).stageId()).isTerminal()) {
                  assertThat(i).isEqualTo(history.size() - 1);
                }
              }
            });
  }

  @Test
  void forwardOnlyNeverLowersTheStageOrder() {
    qt().withFixedSeed(SEED)
        .withExamples(EXAMPLES)
        .forAll(scenarios())
        .checkAssert(
            scenario -> {
              Funnel funnel = scenario.funnel();
              Lead lead =
                  last(
                      scenario,
                      run(
                          scenario,
                          f ->
                              TransitionEngine.builder(f)
                                  .rule(TransitionRules.forwardOnly())
                                  .build()));
              List<StageVisit> history = lead.history();
              for (int i = 1; i < history.size(); i++) {
                assertThat(funnel.stage(history.get(i).stageId()).order())
                    .isGreaterThan(funnel.stage(history.get(i - 1).stageId()).order());
              }
            });
  }

  @Test
  void cumulativeTimeInStagesAddsUpToTheLeadsAge() {
    qt().withFixedSeed(SEED)
        .withExamples(EXAMPLES)
        .forAll(scenarios(), integers().between(0, 100_000))
        .checkAssert(
            (scenario, extraSeconds) -> {
              Lead lead = last(scenario, run(scenario, TransitionPropertiesTest::free));
              Instant now = lead.currentVisit().entered().plusSeconds(extraSeconds);
              Duration total =
                  lead.timeInStages(now).values().stream().reduce(Duration.ZERO, Duration::plus);
              assertThat(total).isEqualTo(lead.age(now));
              for (String stageId : lead.timeInStages(now).keySet()) {
                assertThat(lead.latestTimeIn(stageId, now).orElseThrow())
                    .isLessThanOrEqualTo(lead.cumulativeTimeIn(stageId, now));
              }
            });
  }
}
