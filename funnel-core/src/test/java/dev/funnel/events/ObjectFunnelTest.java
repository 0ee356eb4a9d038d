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
}
