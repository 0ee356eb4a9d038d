package dev.funnel.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.funnel.model.Attributes;
import dev.funnel.model.ForecastCategory;
import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.Stage;
import dev.funnel.model.StageKind;
import dev.funnel.model.StageVisit;
import dev.funnel.rules.Criterion;
import dev.funnel.rules.TransitionEngine;
import dev.funnel.rules.TransitionRule;
import dev.funnel.rules.TransitionRules;
import dev.funnel.rules.TransitionTable;
import dev.funnel.scoring.Activity;
import dev.funnel.testkit.Activities;
import dev.funnel.testkit.Funnels;
import dev.funnel.testkit.Leads;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Write, read, equal: funnels, engines, leads and activities from the test kit's generators, and
 * from generators of every setting (stage settings, rule trees, exotic text, values of every scale,
 * attributes of every type, times from year 1 to 9999 to the nanosecond).
 */
class FunnelJsonRoundTripTest {
  private static final int EXAMPLES = 200;
  private static final long SEED = 20_261_207L;

  private static final TransitionRule REGISTERED =
      TransitionRule.of("registered", t -> !t.reason().equals("veto"), t -> "vetoed");
  private static final Criterion REGISTERED_CRITERION =
      Criterion.of("registered criterion", lead -> lead.value().signum() > 0);
  private static final FunnelJson JSON =
      FunnelJson.builder().rule("registered", REGISTERED).criterion(REGISTERED_CRITERION).build();

  @Test
  void testKitFunnelsReadBackEqual() {
    qt().withExamples(EXAMPLES)
        .withFixedSeed(SEED)
        .forAll(Funnels.funnels())
        .checkAssert(funnel -> assertEquals(funnel, JSON.readFunnel(JSON.write(funnel))));
  }

  @Test
  void funnelsWithEverySettingReadBackEqual() {
    qt().withExamples(EXAMPLES)
        .withFixedSeed(SEED)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Funnel funnel = funnel(new SplittableRandom(seed));
              assertEquals(funnel, JSON.readFunnel(JSON.write(funnel)));
              StringWriter out = new StringWriter();
              JSON.write(funnel, out);
              assertEquals(funnel, JSON.readFunnel(new StringReader(out.toString())));
            });
  }

  @Test
  void enginesWithEveryRuleReadBackEqualAndDecideAlike() {
    qt().withExamples(EXAMPLES)
        .withFixedSeed(SEED)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom random = new SplittableRandom(seed);
              TransitionEngine engine = engine(funnel(random), random);
              TransitionEngine read = JSON.readEngine(JSON.write(engine));
              assertEquals(engine, read);
              Funnel funnel = engine.funnel();
              for (int i = 0; i < 5; i++) {
                Lead lead = lead(random, funnel);
                Instant at =
                    lead.currentVisit().entered().plus(Duration.ofHours(random.nextInt(2000)));
                for (Stage to : funnel.stages()) {
                  String reason = random.nextBoolean() ? "veto" : "ok";
                  assertEquals(
                      engine.check(lead, to.id(), at, reason),
                      read.check(lead, to.id(), at, reason));
                }
              }
            });
  }

  @Test
  void dealBooksOfTheTestKitReadBackEqual() {
    Funnel funnel =
        Funnel.builder("deals")
            .stage(Stage.open("new").winProbability(0.1))
            .stage(Stage.open("qualified").winProbability(0.3))
            .stage(Stage.won("won"))
            .stage(Stage.lost("lost"))
            .build();
    qt().withExamples(EXAMPLES)
        .withFixedSeed(SEED)
        .forAll(Leads.dealBooks(funnel, 12))
        .checkAssert(book -> assertEquals(book, JSON.readLeads(JSON.writeLeads(book))));
  }

  @Test
  void leadsWithEveryKindOfFieldReadBackEqual() {
    qt().withExamples(EXAMPLES)
        .withFixedSeed(SEED)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom random = new SplittableRandom(seed);
              Funnel funnel = funnel(random);
              List<Lead> leads = new ArrayList<>();
              for (int i = random.nextInt(4); i >= 0; i--) {
                leads.add(lead(random, funnel));
              }
              assertEquals(leads, JSON.readLeads(JSON.writeLeads(leads)));
            });
  }

  @Test
  void activitiesReadBackEqualInTheirOrder() {
    qt().withExamples(EXAMPLES)
        .withFixedSeed(SEED)
        .forAll(Activities.histories(20), longs().all())
        .checkAssert(
            (history, seed) -> {
              SplittableRandom random = new SplittableRandom(seed);
              List<Activity> activities = new ArrayList<>();
              for (Activity activity : history) {
                activities.add(new Activity(activity.type(), activity.at(), attributes(random)));
              }
              assertEquals(activities, JSON.readActivities(JSON.writeActivities(activities)));
            });
  }

  /** Open stages with every setting, a won stage and up to two lost ones, in a random order. */
  static Funnel funnel(SplittableRandom random) {
    Funnel.Builder funnel = Funnel.builder(text(random));
    int open = 1 + random.nextInt(5);
    Set<String> ids = new LinkedHashSet<>();
    List<Stage.Builder> stages = new ArrayList<>();
    for (int i = 0; i < open; i++) {
      Stage.Builder stage = Stage.open(unique(random, ids));
      if (random.nextBoolean()) {
        stage.name(text(random));
      }
      if (random.nextBoolean()) {
        stage.winProbability(random.nextDouble());
      }
      if (random.nextBoolean()) {
        ForecastCategory[] categories = {
          ForecastCategory.PIPELINE,
          ForecastCategory.BEST_CASE,
          ForecastCategory.COMMIT,
          ForecastCategory.OMITTED
        };
        stage.forecastCategory(categories[random.nextInt(categories.length)]);
      }
      if (random.nextBoolean()) {
        stage.guidance(text(random));
      }
      if (i > 0 && i < open - 1 && random.nextBoolean()) {
        stage.optional();
      }
      stages.add(stage);
    }
    stages.add(Stage.won(unique(random, ids)).guidance(random.nextBoolean() ? text(random) : ""));
    for (int i = random.nextInt(3); i > 0; i--) {
      // Lost stages may be declared anywhere, even first.
      stages.add(random.nextInt(stages.size() + 1), Stage.lost(unique(random, ids)));
    }
    stages.forEach(funnel::stage);
    return funnel.build();
  }

  /** Built-in rules of every kind, nested up to three deep, and the registered one. */
  static TransitionEngine engine(Funnel funnel, SplittableRandom random) {
    TransitionEngine.Builder engine = TransitionEngine.builder(funnel);
    for (int i = random.nextInt(4); i > 0; i--) {
      engine.rule(rule(funnel, random, 0));
    }
    for (int i = random.nextInt(4); i > 0; i--) {
      String stage = funnel.stages().get(random.nextInt(funnel.size())).id();
      engine.ruleInto(stage, rule(funnel, random, 0));
    }
    return engine.build();
  }

  private static TransitionRule rule(Funnel funnel, SplittableRandom random, int depth) {
    int kinds = depth < 3 ? 16 : 12;
    return switch (random.nextInt(kinds)) {
      case 0 -> TransitionRules.forwardOnly();
      case 1 -> TransitionRules.maxForwardSteps(1 + random.nextInt(3));
      case 2 -> TransitionRules.maxBackwardSteps(random.nextInt(3));
      case 3 -> TransitionRules.terminalLock();
      case 4 -> TransitionRules.reopenWithin(duration(random));
      case 5 -> TransitionRules.entryCriteria(criteria(random));
      case 6 -> TransitionRules.requiredAttributes(texts(random));
      case 7 -> TransitionRules.minimumTimeInStage(duration(random));
      case 8 -> TransitionRules.reasonRequired();
      case 9 -> TransitionRules.lostReasonOneOf(texts(random));
      case 10 -> table(funnel, random);
      case 11 -> REGISTERED;
      case 12 -> TransitionRules.terminalLock(rule(funnel, random, depth + 1));
      case 13 -> TransitionRules.allOf(rules(funnel, random, depth, 0));
      case 14 -> TransitionRules.anyOf(rules(funnel, random, depth, 1));
      default -> TransitionRules.not(rule(funnel, random, depth + 1), text(random), text(random));
    };
  }

  private static TransitionRule[] rules(
      Funnel funnel, SplittableRandom random, int depth, int least) {
    TransitionRule[] rules = new TransitionRule[least + random.nextInt(3)];
    for (int i = 0; i < rules.length; i++) {
      rules[i] = rule(funnel, random, depth + 1);
    }
    return rules;
  }

  private static TransitionTable table(Funnel funnel, SplittableRandom random) {
    TransitionTable.Builder table = TransitionTable.builder(funnel);
    for (Stage from : funnel.stages()) {
      for (Stage to : funnel.stages()) {
        if (!from.equals(to) && random.nextBoolean()) {
          table.allow(from.id(), to.id());
        }
      }
    }
    return table.build();
  }

  private static Criterion[] criteria(SplittableRandom random) {
    Criterion[] criteria = new Criterion[1 + random.nextInt(3)];
    for (int i = 0; i < criteria.length; i++) {
      criteria[i] =
          switch (random.nextInt(5)) {
            case 0 -> Criterion.isTrue(text(random), text(random));
            case 1 -> Criterion.present(text(random), text(random));
            case 2 -> Criterion.atLeast(text(random), text(random), number(random));
            case 3 -> Criterion.oneOf(text(random), text(random), texts(random));
            default -> REGISTERED_CRITERION;
          };
    }
    return criteria;
  }

  /** A lead with every field, a history through the funnel's stages, and random attributes. */
  static Lead lead(SplittableRandom random, Funnel funnel) {
    Lead.Builder lead =
        Lead.builder(text(random))
            .value(
                new BigDecimal(
                    BigInteger.valueOf(random.nextLong(0, Long.MAX_VALUE)), random.nextInt(-5, 12)))
            .attributes(attributes(random));
    if (random.nextBoolean()) {
      lead.source(text(random));
    }
    if (random.nextBoolean()) {
      lead.segment(text(random));
    }
    List<StageVisit> history = new ArrayList<>();
    Instant at = time(random);
    for (int i = random.nextInt(6); i >= 0; i--) {
      String stage = funnel.stages().get(random.nextInt(funnel.size())).id();
      String reason = random.nextBoolean() ? "" : text(random);
      if (i == 0) {
        history.add(StageVisit.ongoing(stage, at, reason));
      } else {
        Instant exit = at.plusNanos(random.nextLong(0, 1_000_000_000_000_000L));
        history.add(new StageVisit(stage, at, Optional.of(exit), reason));
        at = exit;
      }
    }
    // As the engine records it: a lost reason only on a lead in a lost stage.
    String last = history.get(history.size() - 1).stageId();
    if (funnel.stage(last).kind() == StageKind.LOST && random.nextBoolean()) {
      lead.lostReason(text(random));
    }
    return lead.history(history).build();
  }

  static Attributes attributes(SplittableRandom random) {
    Attributes.Builder attributes = Attributes.builder();
    for (int i = random.nextInt(5); i > 0; i--) {
      String name = text(random);
      switch (random.nextInt(4)) {
        case 0 -> attributes.put(name, text(random));
        case 1 -> attributes.put(name, number(random));
        case 2 -> attributes.put(name, random.nextBoolean());
        default -> attributes.put(name, time(random));
      }
    }
    return attributes.build();
  }

  /** Finite doubles of every magnitude and sign, with the edge cases among them. */
  private static double number(SplittableRandom random) {
    double[] edges = {0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1e-300};
    if (random.nextInt(4) == 0) {
      return edges[random.nextInt(edges.length)];
    }
    double value;
    do {
      value = Double.longBitsToDouble(random.nextLong());
    } while (!Double.isFinite(value));
    return value;
  }

  /** Times from year 1 to 9999, to the nanosecond. */
  private static Instant time(SplittableRandom random) {
    long first = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
    long last = Instant.parse("9999-01-01T00:00:00Z").getEpochSecond();
    return Instant.ofEpochSecond(random.nextLong(first, last), random.nextInt(1_000_000_000));
  }

  private static Duration duration(SplittableRandom random) {
    return Duration.ofSeconds(random.nextLong(0, 10_000_000_000L), random.nextInt(1_000_000_000));
  }

  private static final String[] PIECES = {
    "a", "Z", "é", "日本", "😀", "\"", "\\", "/", "\n", "\t", "\u0000", "\u2028", " ", "{", "]", ",",
    ":"
  };

  /** Text with quotes, escapes, control characters, astral characters; never blank at an end. */
  static String text(SplittableRandom random) {
    StringBuilder text = new StringBuilder("x");
    for (int i = random.nextInt(6); i > 0; i--) {
      text.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return text.append('y').toString();
  }

  private static String[] texts(SplittableRandom random) {
    Set<String> texts = new LinkedHashSet<>();
    for (int i = 1 + random.nextInt(3); i > 0; i--) {
      texts.add(text(random));
    }
    return texts.toArray(new String[0]);
  }

  private static String unique(SplittableRandom random, Set<String> taken) {
    String id;
    do {
      id = text(random);
    } while (!taken.add(id));
    return id;
  }
}
