package dev.funnel.benchmarks;

import static dev.funnel.rules.TransitionRules.entryCriteria;
import static dev.funnel.rules.TransitionRules.maxBackwardSteps;
import static dev.funnel.rules.TransitionRules.maxForwardSteps;
import static dev.funnel.rules.TransitionRules.terminalLock;

import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.Stage;
import dev.funnel.rules.Criterion;
import dev.funnel.rules.TransitionEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How fast the transition engine decides a move under a realistic rule set: no skipping, limited
 * regression, terminal lock, and four entry criteria on one stage.
 *
 * <p>The inputs are a power-of-two array of random (lead, target) pairs, precomputed with a fixed
 * seed, so that the benchmark measures decisions and not data generation. Before timing, the setup
 * checks every decision against a hand-written reference of the same rules.
 *
 * <pre>{@code
 * ./mvnw -q -pl funnel-benchmarks -am package -DskipTests
 * java -jar funnel-benchmarks/target/benchmarks.jar RuleEvaluation
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RuleEvaluationBenchmark {
  private static final int SIZE = 1 << 12;
  private static final int MASK = SIZE - 1;
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private TransitionEngine engine;
  private Lead[] leads;
  private String[] targets;
  private Instant at;
  private int index;

  @Setup
  public void setUp() {
    Funnel funnel =
        Funnel.builder("bench")
            .stage(Stage.open("s0"))
            .stage(Stage.open("s1"))
            .stage(Stage.open("s2"))
            .stage(Stage.open("s3"))
            .stage(Stage.open("s4"))
            .stage(Stage.won("won"))
            .stage(Stage.lost("lost"))
            .build();
    engine =
        TransitionEngine.builder(funnel)
            .rule(maxForwardSteps(1))
            .rule(maxBackwardSteps(1))
            .rule(terminalLock())
            .ruleInto(
                "s2",
                entryCriteria(
                    Criterion.isTrue("fits", "fits"),
                    Criterion.isTrue("needs", "needs"),
                    Criterion.atLeast("healthy", "growth", 0.0),
                    Criterion.oneOf("system", "system", "none", "poor")))
            .build();
    SplittableRandom random = new SplittableRandom(42);
    leads = new Lead[SIZE];
    targets = new String[SIZE];
    for (int i = 0; i < SIZE; i++) {
      String from = funnel.stages().get(random.nextInt(funnel.size())).id();
      leads[i] =
          Lead.builder("L" + i)
              .attribute("fits", random.nextBoolean())
              .attribute("needs", random.nextBoolean())
              .attribute("growth", random.nextInt(-10, 10))
              .attribute("system", random.nextBoolean() ? "none" : "modern")
              .startIn(from, T0)
              .build();
      String to;
      do {
        to = funnel.stages().get(random.nextInt(funnel.size())).id();
      } while (to.equals(from));
      targets[i] = to;
    }
    at = T0.plus(Duration.ofDays(1));
    verifyAgainstReference(funnel);
  }

  private void verifyAgainstReference(Funnel funnel) {
    int allowed = 0;
    for (int i = 0; i < SIZE; i++) {
      boolean expected = reference(funnel, leads[i], targets[i]);
      boolean actual = engine.check(leads[i], targets[i], at).isAllowed();
      if (actual != expected) {
        throw new IllegalStateException(
            "engine and reference disagree on " + leads[i] + " → " + targets[i] + ": " + actual);
      }
      allowed += actual ? 1 : 0;
    }
    if (allowed == 0 || allowed == SIZE) {
      throw new IllegalStateException("degenerate input: " + allowed + " of " + SIZE + " allowed");
    }
  }

  /** The same rules written out by hand, without reasons: the floor for one decision. */
  private static boolean reference(Funnel funnel, Lead lead, String target) {
    Stage from = funnel.stage(lead.currentStageId());
    Stage to = funnel.stage(target);
    int distance = to.order() - from.order();
    return (to.id().equals("lost") || distance <= 1)
        && distance >= -1
        && !from.isTerminal()
        && (!to.id().equals("s2")
            || (lead.attributes().isTrue("fits")
                && lead.attributes().isTrue("needs")
                && lead.attributes().number("growth").getAsDouble() >= 0
                && lead.attributes().text("system").orElseThrow().equals("none")));
  }

  /** One decision: every rule that applies to the move, every violation collected. */
  @Benchmark
  public boolean check() {
    int i = index++ & MASK;
    return engine.check(leads[i], targets[i], at).isAllowed();
  }

  /** The hand-written reference on the same inputs, for the ratio in RESULTS.md. */
  @Benchmark
  public boolean reference() {
    int i = index++ & MASK;
    return reference(engine.funnel(), leads[i], targets[i]);
  }
}
