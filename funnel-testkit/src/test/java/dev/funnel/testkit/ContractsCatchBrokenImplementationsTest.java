package dev.funnel.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.Stage;
import dev.funnel.model.StageKind;
import dev.funnel.rules.RuleDecision;
import dev.funnel.rules.TransitionEngine;
import dev.funnel.rules.TransitionResult;
import dev.funnel.rules.TransitionRule;
import dev.funnel.scoring.Activity;
import dev.funnel.scoring.Contribution;
import dev.funnel.scoring.LeadScorer;
import dev.funnel.scoring.Score;
import dev.funnel.store.InMemoryLeadStore;
import dev.funnel.store.LeadStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Each clause of the contracts fails for an implementation that breaks it. */
class ContractsCatchBrokenImplementationsTest {
  private static final Funnel FUNNEL =
      Funnel.builder("sales")
          .stage(Stage.open("lead"))
          .stage(Stage.open("proposal"))
          .stage(Stage.won("won"))
          .stage(Stage.lost("lost"))
          .build();

  private static TransitionRuleContract ruleContract(TransitionRule rule) {
    return new TransitionRuleContract() {
      @Override
      protected TransitionRule rule() {
        return rule;
      }

      @Override
      protected Funnel funnel() {
        return FUNNEL;
      }
    };
  }

  private static LeadScorerContract scorerContract(LeadScorer scorer, double maximum) {
    return new LeadScorerContract() {
      @Override
      protected LeadScorer scorer() {
        return scorer;
      }

      @Override
      protected Funnel funnel() {
        return FUNNEL;
      }

      @Override
      protected double maximum() {
        return maximum;
      }
    };
  }

  @Test
  void aRuleThatThrowsOnAValidMove() {
    TransitionRule throwsIntoLost =
        t -> {
          if (t.to().kind() == StageKind.LOST) {
            throw new IllegalStateException("no lost stage expected");
          }
          return RuleDecision.allow();
        };
    assertThatThrownBy(() -> ruleContract(throwsIntoLost).aValidMoveNeverThrows())
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void aRuleThatChangesItsMind() {
    AtomicInteger calls = new AtomicInteger();
    TransitionRule alternates =
        t ->
            calls.incrementAndGet() % 2 == 0
                ? RuleDecision.allow()
                : RuleDecision.deny("moody", "not today");
    assertThatThrownBy(() -> ruleContract(alternates).theSameMoveGetsTheSameDecision())
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void aRuleThatRefusesWithoutSayingWhy() {
    TransitionRule silent = t -> RuleDecision.deny("silent", " ");
    assertThatThrownBy(() -> ruleContract(silent).everyRefusalNamesItsRuleAndWhatIsWrong())
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void aScorerBeyondItsCapOrRefusingWithoutNamingTheLead() {
    LeadScorer valueInThousands =
        (lead, now) ->
            Score.points(List.of(new Contribution("value", lead.value().doubleValue() / 1000)));
    assertThatThrownBy(() -> scorerContract(valueInThousands, 50).scoresAreFiniteAndWithinTheCaps())
        .isInstanceOf(AssertionError.class);

    LeadScorer refusesAnonymously =
        (lead, now) -> {
          throw new IllegalArgumentException("cannot score this one");
        };
    assertThatThrownBy(
            () -> scorerContract(refusesAnonymously, 50).theSameLeadAtTheSameTimeScoresTheSame())
        .isInstanceOf(AssertionError.class);
  }

  private static LeadStoreContract storeContract(Function<TransitionEngine, LeadStore> stores) {
    return new LeadStoreContract() {
      @Override
      protected LeadStore newStore(TransitionEngine engine) {
        return stores.apply(engine);
      }
    };
  }

  /** Checks the version, then writes: two moves decided on one version may both land. */
  private static final class CheckThenWriteStore extends ForwardingStore {
    private final TransitionEngine engine;
    private final Map<String, Lead> leads = new ConcurrentHashMap<>();

    CheckThenWriteStore(TransitionEngine engine) {
      super(InMemoryLeadStore.of(engine));
      this.engine = engine;
    }

    @Override
    public void add(Lead lead) {
      super.add(lead);
      leads.put(lead.id(), lead);
    }

    @Override
    public Optional<Lead> lead(String id) {
      return Optional.ofNullable(leads.get(id));
    }

    @Override
    public TransitionResult move(String id, long version, String to, Instant at, String reason) {
      Lead now = lead(id).orElseThrow(() -> new IllegalArgumentException("no lead " + id));
      TransitionResult result = engine.move(now, version, to, at, reason);
      try {
        Thread.sleep(2); // the window in which another seller's move is decided too
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      leads.put(id, result.lead());
      return result;
    }
  }

  /** Delegates everything; the broken stores override one thing each. */
  private static class ForwardingStore implements LeadStore {
    final LeadStore delegate;

    ForwardingStore(LeadStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public void add(Lead lead) {
      delegate.add(lead);
    }

    @Override
    public Optional<Lead> lead(String id) {
      return delegate.lead(id);
    }

    @Override
    public TransitionResult move(String id, long version, String to, Instant at, String reason) {
      return delegate.move(id, version, to, at, reason);
    }

    @Override
    public void recordActivity(String id, Activity activity) {
      delegate.recordActivity(id, activity);
    }

    @Override
    public ImmutableList<Activity> activities(String id) {
      return delegate.activities(id);
    }

    @Override
    public long size() {
      return delegate.size();
    }

    @Override
    public Stream<Lead> leads() {
      return delegate.leads();
    }
  }

  @Test
  void aStoreThatChecksTheVersionThenWrites() {
    LeadStoreContract contract = storeContract(CheckThenWriteStore::new);
    assertThatThrownBy(contract::ofEightMovesDecidedOnOneVersionExactlyOneLands)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void aStoreThatStreamsInUtf16Order() {
    LeadStoreContract contract =
        storeContract(
            engine ->
                new ForwardingStore(InMemoryLeadStore.of(engine)) {
                  @Override
                  public Stream<Lead> leads() {
                    return delegate.leads().sorted(Comparator.comparing(Lead::id));
                  }
                });
    assertThatThrownBy(contract::leadsStreamInIdOrder).isInstanceOf(AssertionError.class);
  }

  @Test
  void aStoreThatReadsActivitiesBackInTimeOrder() {
    LeadStoreContract contract =
        storeContract(
            engine ->
                new ForwardingStore(InMemoryLeadStore.of(engine)) {
                  @Override
                  public ImmutableList<Activity> activities(String id) {
                    return ImmutableList.sortedCopyOf(
                        Comparator.comparing(Activity::at), delegate.activities(id));
                  }
                });
    assertThatThrownBy(contract::activitiesReadBackInTheOrderRecorded)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void aStoreThatDropsTheLostReason() {
    LeadStoreContract contract =
        storeContract(
            engine ->
                new ForwardingStore(InMemoryLeadStore.of(engine)) {
                  @Override
                  public void add(Lead lead) {
                    delegate.add(
                        lead.lostReason().isPresent()
                            ? Lead.builder(lead.id())
                                .attributes(lead.attributes())
                                .value(lead.value())
                                .history(lead.history())
                                .build()
                            : lead);
                  }
                });
    assertThatThrownBy(contract::aLeadWithEveryKindOfFieldReadsBackEqual)
        .isInstanceOf(AssertionError.class);
  }
}
