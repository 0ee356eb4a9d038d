package dev.funnel.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Funnels whose event codes are the sets of steps an event matches. */
class StepSetsTest {
  /** Two steps: code 1 is {step 1}, 2 is {step 2}, 3 is both, 0 is none (worked by hand). */
  @Test
  void declaresEveryCodeAsASetOfSteps() {
    assertThat(WindowFunnel.builder().stepSets(2).window(5).build())
        .isEqualTo(WindowFunnel.builder().eventCodes(4).step(1, 3).step(2, 3).window(5).build());
  }

  @Test
  void refusesTooManyStepsOrStepsBefore() {
    assertThatThrownBy(() -> WindowFunnel.builder().stepSets(17))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step sets are for 1 to 16 steps, not 17");
    assertThatThrownBy(() -> WindowFunnel.builder().stepSets(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step sets are for 1 to 16 steps, not 0");
    assertThatThrownBy(() -> WindowFunnel.builder().eventCodes(2).step(0).stepSets(2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stepSets declares every step; 1 were appended before");
  }
}
