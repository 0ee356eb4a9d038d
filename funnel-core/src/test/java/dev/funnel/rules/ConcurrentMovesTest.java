package dev.funnel.rules;

import static dev.funnel.testing.SampleFunnels.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.funnel.model.Lead;
import dev.funnel.model.StageVisit;
import dev.funnel.testing.SampleFunnels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Moves that name the version of the lead they were decided on: compare and set. */
class ConcurrentMovesTest {
  private final TransitionEngine engine =
      TransitionEngine.builder(SampleFunnels.simple()).rule(TransitionRules.terminalLock()).build();
  private final Lead lead = Lead.builder("L-1").startIn("new", T0).build();
  private final Instant at = T0.plus(Duration.ofDays(1));

  @Test
  void aMoveDecidedOnTheLeadsVersionIsMadeAndOneDecidedOnAnOlderOneIsAConflict() {
    assertThat(lead.version()).isZero();
    TransitionResult first = engine.move(lead, 0, "contacted", at, "called");
    assertThat(first.isAccepted()).isTrue();
    assertThat(first.isConflict()).isFalse();
    Lead moved = first.leadOrThrow();
    assertThat(moved.version()).isEqualTo(1);

    // Decided on version 0, which the lead no longer has: refused without asking the rules, even
    // at a time before the lead's latest move, and even as a stay.
    TransitionResult stale = engine.move(moved, 0, "lost", T0.plusSeconds(1), "no budget");
    assertThat(stale.isAccepted()).isFalse();
    assertThat(stale.isConflict()).isTrue();
    assertThat(stale.lead()).isSameAs(moved);
    assertThat(stale.violations())
        .containsExactly(
            new Violation(
                "expected-version",
                "the move was decided on version 0 of lead 'L-1', which is at version 1 now (in"
                    + " 'contacted' since 2026-01-06T09:00:00Z): read it again and decide again"));
    assertThatThrownBy(stale::leadOrThrow)
        .isInstanceOf(TransitionRejectedException.class)
        .hasMessageStartingWith("move of lead 'L-1' from 'contacted' to 'lost' was refused: ");
    assertThat(engine.move(moved, 0, "contacted", at, "").isConflict()).isTrue();
    assertThat(engine.move(moved, 1, "contacted", at, "").isStay()).isTrue();
  }

  @Test
  void badArgumentsAreErrorsEvenWhenTheVersionIsStale() {
    assertThatThrownBy(() -> engine.move(lead, 3, "nowhere", at, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown stage 'nowhere' in funnel 'simple'");
    assertThatThrownBy(() -> engine.move(lead, -1, "contacted", at, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a version is never negative: -1");
  }

  /**
   * Eight threads move one lead, each decided on version 0 and each to a stage of its own, through
   * a ConcurrentMap as the Javadoc shows: exactly one wins, the other seven are conflicts, and the
   * history holds the winner's one visit after the first, with no gap and no duplicate. Repeated,
   * so that the threads really do meet.
   */
  @Test
  void ofEightMovesDecidedOnOneVersionExactlyOneIsMade() throws Exception {
    String[] targets = {"contacted", "qualified", "won", "lost"};
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 200; round++) {
        ConcurrentMap<String, Lead> leads = new ConcurrentHashMap<>();
        leads.put(lead.id(), lead);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<TransitionResult>> results = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          String target = targets[t % targets.length];
          results.add(
              pool.submit(
                  () -> {
                    start.await();
                    TransitionResult[] result = new TransitionResult[1];
                    leads.computeIfPresent(
                        lead.id(),
                        (id, now) -> {
                          result[0] = engine.move(now, 0, target, at, "t");
                          return result[0].lead();
                        });
                    return result[0];
                  }));
        }
        start.countDown();
        List<TransitionResult> done = new ArrayList<>();
        for (Future<TransitionResult> result : results) {
          done.add(result.get(10, TimeUnit.SECONDS));
        }
        List<TransitionResult> accepted = done.stream().filter(r -> r.isAccepted()).toList();
        assertThat(accepted).hasSize(1);
        assertThat(done.stream().filter(TransitionResult::isConflict)).hasSize(7);
        Lead after = leads.get(lead.id());
        assertThat(after).isEqualTo(accepted.get(0).lead());
        assertThat(after.version()).isEqualTo(1);
        assertThat(after.history())
            .containsExactly(
                new StageVisit("new", T0, Optional.of(at), lead.currentVisit().reason()),
                StageVisit.ongoing(after.currentStageId(), at, "t"));
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
