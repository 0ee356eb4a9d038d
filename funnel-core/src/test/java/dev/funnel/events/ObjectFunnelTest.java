package dev.funnel.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectFunnelTest {
  record Event(long user, long time, String type, int amount) {}

  private final ObjectFunnel<Event> funnel =
      ObjectFunnel.<Event>builder(Event::user, Event::time)
          .step(e -> e.type().equals("view"))
          .step(e -> e.type().equals("checkout") && e.amount() > 100)
          .exclude(e -> e.type().equals("refund"), 1, 2)
          .window(60)
          .build();

  @Test
  void predicatesSelectTheSteps() {
    List<Event> events =
        List.of(
            new Event(1, 0, "view", 0),
            new Event(1, 30, "checkout", 150), // level 2
            new Event(2, 0, "view", 0),
            new Event(2, 10, "checkout", 50), // too small: level 1
            new Event(3, 0, "view", 0),
            new Event(3, 5, "refund", 0),
            new Event(3, 9, "checkout", 500), // excluded: level 1
            new Event(4, 50, "checkout", 500)); // no view: level 0

    LevelCounts counts = funnel.aggregate(events).counts();

    assertThat(counts).isEqualTo(LevelCounts.ofExactly(1, 2, 1));
  }

  @Test
  void anObjectMatchingAStepAndAnExclusionIsRejected() {
    ObjectFunnel<Event> ambiguous =
        ObjectFunnel.<Event>builder(Event::user, Event::time)
            .step(e -> true)
            .step(e -> true)
            .exclude(e -> e.amount() < 0, 1, 2)
            .window(10)
            .build();

    assertThatThrownBy(() -> ambiguous.aggregate(List.of(new Event(1, 0, "x", -1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the object at index 0 matches both a step and exclusion 1");
  }

  /**
   * 32 predicates, as ClickHouse allows conditions (more than the 12 for which every set of
   * predicates has a code of its own). By the definition of the level: events s0 … s31 one second
   * apart reach 32; without s20, 20; a refund between steps 14 and 15 (predicate 16 of a funnel
   * with 15 steps and one exclusion) stops that chain at 14.
   */
  @Test
  void thirtyTwoPredicatesAreAccepted() {
    ObjectFunnel.Builder<Event> builder = ObjectFunnel.builder(Event::user, Event::time);
    for (int s = 0; s < 32; s++) {
      String type = "s" + s;
      builder.step(e -> e.type().equals(type));
    }
    ObjectFunnel<Event> thirtyTwo = builder.window(100).build();
    List<Event> all = new java.util.ArrayList<>();
    for (int s = 0; s < 32; s++) {
      all.add(new Event(1, s, "s" + s, 0));
      if (s != 20) {
        all.add(new Event(2, s, "s" + s, 0));
      }
    }

    LevelCounts counts = thirtyTwo.aggregate(all).counts();
    assertThat(counts.exactly(32)).isEqualTo(1);
    assertThat(counts.exactly(20)).isEqualTo(1);
    assertThatThrownBy(thirtyTwo::funnel)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "with 32 predicates (more than 12) the codes are given per batch: use aggregate");
    assertThatThrownBy(() -> builder.step(e -> true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an object funnel has at most 32 predicates");

    ObjectFunnel.Builder<Event> excluding = ObjectFunnel.builder(Event::user, Event::time);
    for (int s = 0; s < 15; s++) {
      String type = "s" + s;
      excluding.step(e -> e.type().equals(type));
    }
    ObjectFunnel<Event> withRefund =
        excluding.exclude(e -> e.type().equals("refund"), 14, 15).window(100).build();
    List<Event> refunded = new java.util.ArrayList<>();
    for (int s = 0; s < 15; s++) {
      refunded.add(new Event(1, 2L * s, "s" + s, 0));
    }
    refunded.add(new Event(1, 27, "refund", 0));
    assertThat(withRefund.aggregate(refunded).counts().exactly(14)).isEqualTo(1);
  }
}
