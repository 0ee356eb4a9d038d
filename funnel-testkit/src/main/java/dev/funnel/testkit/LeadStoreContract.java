package dev.funnel.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import dev.funnel.model.Attributes;
import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.Stage;
import dev.funnel.model.StageVisit;
import dev.funnel.rules.TransitionEngine;
import dev.funnel.rules.TransitionResult;
import dev.funnel.rules.TransitionRules;
import dev.funnel.scoring.Activity;
import dev.funnel.store.LeadStore;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/**
 * The contract every {@link LeadStore} keeps, as JUnit 5 tests: extend this class and say how to
 * make an empty store; the tests check it over generated deal books, moves and activities.
 *
 * <pre>{@code
 * class MyStoreTest extends LeadStoreContract {
 *   protected LeadStore newStore(TransitionEngine engine) {
 *     return MyStore.emptyFor(engine);
 *   }
 * }
 * }</pre>
 *
 * <p>The contract: a lead reads back equal to the lead added (history, attributes of every type,
 * value with its scale, source, segment, lost reason); a lead is added once; a move lands as the
 * engine decides and only from the version it was decided on, so that of eight moves decided on one
 * version exactly one lands and the history has no gap or duplicate; a refused move, a conflict and
 * a bad argument change nothing; activities read back in the order recorded; {@link
 * LeadStore#leads()} streams every lead once, in {@link LeadStore#idOrder()}. Times are whole
 * microseconds, which every store must keep.
 */
public abstract class LeadStoreContract {

  /**
   * Returns an empty store whose moves {@code engine} decides. Called once per test and once per
   * generated example.
   */
  protected abstract LeadStore newStore(TransitionEngine engine);

  /**
   * Returns the funnel of the tests: new, qualified, proposal (win probabilities 0.1, 0.3, 0.6),
   * won and lost.
   */
  protected Funnel funnel() {
    return Funnel.builder("contract")
        .stage(Stage.open("new").winProbability(0.1))
        .stage(Stage.open("qualified").winProbability(0.3))
        .stage(Stage.open("proposal").winProbability(0.6))
        .stage(Stage.won("won"))
        .stage(Stage.lost("lost"))
        .build();
  }

  /**
   * Returns the engine of the tests: a closed deal stays closed, and a move goes at most two stages
   * forward, so that generated moves are refused as well as accepted.
   */
  protected TransitionEngine engine() {
    return TransitionEngine.builder(funnel())
        .rule(TransitionRules.terminalLock())
        .rule(TransitionRules.maxForwardSteps(2))
        .build();
  }

  /** Returns how many generated examples each property tries: 40 (each makes a new store). */
  protected int examples() {
    return 40;
  }

  /** Returns how many races of eight moves the concurrency test runs: 20. */
  protected int races() {
    return 20;
  }

  /** Returns the seed of the generated examples, so that a failure repeats: fixed. */
  protected long seed() {
    return 20_261_207L;
  }

  private static final Instant START = Leads.START;

  @Test
  void everyLeadReadsBackEqual() {
    Funnel funnel = funnel();
    qt().withExamples(examples())
        .withFixedSeed(seed())
        .forAll(Leads.dealBooks(funnel, 12))
        .checkAssert(
            book -> {
              LeadStore store = newStore(engine());
              book.forEach(store::add);
              for (Lead lead : book) {
                assertEquals(Optional.of(lead), store.lead(lead.id()));
              }
              assertEquals(book.size(), store.size());
              assertEquals(sortedById(book), streamed(store));
            });
  }

  @Test
  void aLeadWithEveryKindOfFieldReadsBackEqual() {
    LeadStore store = newStore(engine());
    Lead lead = everyField("ünïcødé — 日本 \"quoted\"");
    store.add(lead);
    assertEquals(Optional.of(lead), store.lead(lead.id()));
    Lead bare = Lead.builder("bare").startIn("new", START).build();
    store.add(bare);
    assertEquals(Optional.of(bare), store.lead("bare"));
  }

  /** A lost lead with a segment, a value with trailing zeros and attributes of every type. */
  private static Lead everyField(String id) {
    Lead lead =
        Lead.builder(id)
            .attribute("employees", 1_250.0)
            .attribute("ratio", -0.125e-7)
            .attribute("industry", "énergie\nrenouvelable")
            .attribute("budget", true)
            .attribute("decision date", Instant.parse("2026-03-31T23:59:59.123456Z"))
            .value(new BigDecimal("12345.50"))
            .source("trade show")
            .segment("enterprise")
            .startIn("new", START)
            .build();
    lead = lead.withStageChange("qualified", START.plus(Duration.ofHours(5)), "");
    lead = lead.withStageChange("proposal", START.plus(Duration.ofDays(3)), "asked for a quote");
    return lead.withStageChange("lost", START.plus(Duration.ofDays(9)), "no budget")
        .withLostReason("no budget");
  }

  @Test
  void aLeadIsAddedOnce() {
    LeadStore store = newStore(engine());
    Lead first = Lead.builder("L1").value(BigDecimal.TEN).startIn("new", START).build();
    store.add(first);
    Lead again = Lead.builder("L1").value(BigDecimal.ONE).startIn("qualified", START).build();
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> store.add(again));
    assertMentions(error, "L1");
    assertEquals(Optional.of(first), store.lead("L1"));
    assertEquals(1, store.size());
  }

  @Test
  void aLeadInAStageTheFunnelLacksIsRefused() {
    LeadStore store = newStore(engine());
    Lead stranger = Lead.builder("L1").startIn("new", START).build();
    Lead moved = stranger.withStageChange("negotiation", START.plusSeconds(60), "elsewhere");
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> store.add(moved));
    assertMentions(error, "negotiation");
    assertEquals(0, store.size());
    assertEquals(Optional.empty(), store.lead("L1"));
  }

  @Test
  void aMoveLandsAsTheEngineDecides() {
    Funnel funnel = funnel();
    TransitionEngine engine = engine();
    qt().withExamples(examples())
        .withFixedSeed(seed())
        .forAll(
            Leads.leads(funnel),
            Generate.range(0, funnel.stages().size() - 1),
            Generate.range(0, 24 * 30))
        .checkAssert(
            (lead, target, hours) -> {
              LeadStore store = newStore(engine);
              store.add(lead);
              String to = funnel.stages().get(target).id();
              Instant at = lead.currentVisit().entered().plus(Duration.ofHours(hours));
              TransitionResult expected = engine.move(lead, lead.version(), to, at, "contract");
              TransitionResult actual = store.move(lead.id(), lead.version(), to, at, "contract");
              assertEquals(expected.isAccepted(), actual.isAccepted(), actual::toString);
              assertEquals(expected.isStay(), actual.isStay(), actual::toString);
              assertFalse(actual.isConflict(), actual::toString);
              assertEquals(expected.violations(), actual.violations());
              assertEquals(expected.lead(), actual.lead());
              assertEquals(Optional.of(expected.lead()), store.lead(lead.id()));
            });
  }

  @Test
  void aMoveDecidedOnAnOlderVersionIsAConflictAndChangesNothing() {
    LeadStore store = newStore(engine());
    store.add(Lead.builder("L1").startIn("new", START).build());
    TransitionResult first = store.move("L1", 0, "qualified", START.plusSeconds(60), "call");
    assertTrue(first.isAccepted() && !first.isStay(), first::toString);
    TransitionResult stale = store.move("L1", 0, "lost", START.plusSeconds(120), "no budget");
    assertTrue(stale.isConflict(), stale::toString);
    assertFalse(stale.isAccepted());
    assertEquals(first.lead(), stale.lead());
    assertEquals(Optional.of(first.lead()), store.lead("L1"));
    assertEquals(1, store.lead("L1").orElseThrow().version());
  }

  @Test
  void aRefusedMoveChangesNothing() {
    LeadStore store = newStore(engine());
    Lead won =
        Lead.builder("L1")
            .startIn("proposal", START)
            .build()
            .withStageChange("won", START.plusSeconds(60), "signed");
    store.add(won);
    TransitionResult reopened = store.move("L1", 1, "new", START.plusSeconds(120), "again");
    assertFalse(reopened.isAccepted(), reopened::toString);
    assertFalse(reopened.isConflict(), reopened::toString);
    assertFalse(reopened.violations().isEmpty());
    assertEquals(Optional.of(won), store.lead("L1"));
  }

  @Test
  void unknownLeadsAreErrorsThatNameThem() {
    LeadStore store = newStore(engine());
    store.add(Lead.builder("L1").startIn("new", START).build());
    Activity call = Activity.of("call", START);
    List<Runnable> calls =
        List.of(
            () -> store.move("nobody", 0, "qualified", START, "call"),
            () -> store.recordActivity("nobody", call),
            () -> store.activities("nobody"));
    for (Runnable each : calls) {
      IllegalArgumentException error = assertThrows(IllegalArgumentException.class, each::run);
      assertMentions(error, "nobody");
    }
    assertEquals(Optional.empty(), store.lead("nobody"));
    assertThrows(
        IllegalArgumentException.class, () -> store.move("L1", 0, "nowhere", START, "call"));
    assertEquals(0, store.lead("L1").orElseThrow().version());
    assertEquals(List.of(), store.activities("L1"));
  }

  @Test
  void activitiesReadBackInTheOrderRecorded() {
    qt().withExamples(examples())
        .withFixedSeed(seed())
        .forAll(Activities.histories(15))
        .checkAssert(
            history -> {
              LeadStore store = newStore(engine());
              store.add(Lead.builder("L1").startIn("new", START).build());
              store.add(Lead.builder("L2").startIn("new", START).build());
              List<Activity> recorded = new ArrayList<>(history);
              // Out of time order on purpose: the order recorded is the order read.
              recorded.add(
                  new Activity(
                      "form_submitted",
                      START,
                      Attributes.builder()
                          .put("form", "démo")
                          .put("fields", 7.5)
                          .put("consent", false)
                          .put("sent", Instant.parse("2026-01-01T00:00:00.000001Z"))
                          .build()));
              recorded.forEach(a -> store.recordActivity("L1", a));
              assertEquals(recorded, store.activities("L1"));
              assertEquals(List.of(), store.activities("L2"));
            });
  }

  @Test
  void leadsStreamInIdOrder() {
    LeadStore store = newStore(engine());
    List<String> ids = List.of("b", "L10", "a", "é", "L2", "日本", "\uD83D\uDE00", "\uFFFD", "B");
    List<Lead> added = new ArrayList<>();
    for (String id : ids) {
      Lead lead = Lead.builder(id).startIn("new", START).build();
      store.add(lead);
      added.add(lead);
    }
    List<String> expected =
        List.of("B", "L10", "L2", "a", "b", "é", "日本", "\uFFFD", "\uD83D\uDE00");
    assertEquals(expected, streamed(store).stream().map(Lead::id).toList());
    assertEquals(sortedById(added), streamed(store));
  }

  @Test
  void ofEightMovesDecidedOnOneVersionExactlyOneLands() throws Exception {
    LeadStore store = newStore(engine());
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      for (int race = 0; race < races(); race++) {
        String id = "race" + race;
        store.add(Lead.builder(id).startIn("new", START).build());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<TransitionResult>> moves = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          // One seller qualifies the lead while another marks it lost, from the same screen.
          String to = t % 2 == 0 ? "qualified" : "lost";
          Instant at = START.plusSeconds(60 + t);
          moves.add(
              threads.submit(
                  () -> {
                    start.await();
                    return store.move(id, 0, to, at, "seller " + to);
                  }));
        }
        start.countDown();
        List<TransitionResult> results = new ArrayList<>();
        for (Future<TransitionResult> move : moves) {
          results.add(move.get(60, TimeUnit.SECONDS));
        }
        List<TransitionResult> landed =
            results.stream().filter(r -> r.isAccepted() && !r.isStay()).toList();
        assertEquals(1, landed.size(), () -> "moves that landed: " + landed);
        assertEquals(7, results.stream().filter(TransitionResult::isConflict).count());
        Lead stored = store.lead(id).orElseThrow();
        assertEquals(landed.get(0).lead(), stored);
        assertEquals(1, stored.version());
        Set<Instant> entries = new HashSet<>();
        for (StageVisit visit : stored.history()) {
          assertTrue(entries.add(visit.entered()), () -> "a visit twice: " + stored.history());
        }
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private static void assertMentions(Throwable error, String value) {
    String message = String.valueOf(error.getMessage());
    assertTrue(
        message.contains(value), () -> "the message does not name " + value + ": " + message);
  }

  private static List<Lead> sortedById(List<Lead> leads) {
    return leads.stream().sorted((a, b) -> LeadStore.idOrder().compare(a.id(), b.id())).toList();
  }

  private static List<Lead> streamed(LeadStore store) {
    try (Stream<Lead> leads = store.leads()) {
      return leads.toList();
    }
  }
}
