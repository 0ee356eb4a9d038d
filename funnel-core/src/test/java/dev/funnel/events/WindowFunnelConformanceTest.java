package dev.funnel.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.primitives.ImmutableLongArray;
import dev.funnel.testkit.WindowFunnelOracle;
import org.junit.jupiter.api.Test;

/** Every worked example of DESIGN.md §4 and of the policies' Javadoc, through the public API. */
class WindowFunnelConformanceTest {
  private static final int A = 0;
  private static final int B = 1;
  private static final int C = 2;
  private static final int D = 3;
  private static final int X = 4;

  private static WindowFunnel.Builder abc(long window) {
    return WindowFunnel.builder().eventCodes(5).step(A).step(B).step(C).window(window);
  }

  private static WindowFunnel.Builder abcd(long window) {
    return WindowFunnel.builder().eventCodes(5).step(A).step(B).step(C).step(D).window(window);
  }

  private static int level(WindowFunnel funnel, long[] times, int... codes) {
    int level = funnel.evaluate(times, codes).level();
    assertThat(level).as("oracle").isEqualTo(WindowFunnelOracle.level(funnel, times, codes));
    return level;
  }

  private static long[] t(long... times) {
    return times;
  }

  @Test
  void windowAnchorLatestAndFirstEntry() {
    long[] times = t(0, 30, 45, 75);
    int[] codes = {A, A, B, C};

    assertThat(level(abc(60).build(), times, codes)).isEqualTo(3);
    assertThat(level(abc(60).windowAnchor(WindowAnchor.FIRST_ENTRY).build(), times, codes))
        .isEqualTo(2);
  }

  @Test
  void aLaterStepOneEventRestartsTheWindow() {
    assertThat(level(abc(10).build(), t(0, 5, 8, 12), A, B, A, C)).isEqualTo(2);
  }

  @Test
  void theWindowBoundIsInclusive() {
    assertThat(level(abc(10).build(), t(100, 110), A, B)).isEqualTo(2);
    assertThat(level(abc(10).build(), t(100, 111), A, B)).isEqualTo(1);
  }

  @Test
  void repeatsIgnoreStopRestart() {
    long[] times = t(1, 2, 3, 4, 5);
    int[] codes = {A, B, C, B, D};
    long infinite = Long.MAX_VALUE;

    assertThat(level(abcd(infinite).build(), times, codes)).isEqualTo(4);
    assertThat(level(abcd(infinite).repeats(RepeatPolicy.STOP).build(), times, codes)).isEqualTo(3);
    assertThat(level(abcd(infinite).repeats(RepeatPolicy.RESTART).build(), times, codes))
        .isEqualTo(3);
  }

  @Test
  void strictOrderStopsAtAnInterveningTrackedEvent() {
    long[] times = t(1, 2, 3, 4);
    int[] codes = {A, B, D, C};

    assertThat(level(abcd(100).order(StepOrder.STRICT).build(), times, codes)).isEqualTo(2);
    assertThat(level(abcd(100).build(), times, codes)).isEqualTo(3);
    // Events that match no step are not tracked, so they do not interrupt.
    assertThat(level(abc(100).order(StepOrder.STRICT).build(), t(1, 2, 3), A, X, B)).isEqualTo(2);
  }

  @Test
  void equalTimestampsChainInStepOrderUnlessStrictIncrease() {
    assertThat(level(abc(10).build(), t(5, 5), B, A)).isEqualTo(2);
    assertThat(level(abc(10).ties(TiePolicy.STRICT_INCREASE).build(), t(5, 5), B, A)).isEqualTo(1);
    // ClickHouse's strict_increase would say 1 here: A@5 replaces A@0, and B@5 does not follow
    // it strictly; the chain A@0 → B@5 still exists, so the level is 2.
    assertThat(level(abc(10).ties(TiePolicy.STRICT_INCREASE).build(), t(0, 5, 5), A, A, B))
        .isEqualTo(2);
  }

  @Test
  void oneEventFillsAtMostOneStep() {
    WindowFunnel aab =
        WindowFunnel.builder().eventCodes(5).step(A).step(A).step(B).window(10).build();

    assertThat(level(aab, t(1, 2), A, B)).isEqualTo(1);
    assertThat(level(aab, t(1, 2, 3), A, A, B)).isEqualTo(3);
  }

  @Test
  void maxGapBetweenConsecutiveSteps() {
    assertThat(level(abc(100).maxGap(10).build(), t(0, 5, 20), A, B, C)).isEqualTo(2);
    assertThat(level(abc(100).maxGap(15).build(), t(0, 5, 20), A, B, C)).isEqualTo(3);
  }

  @Test
  void exclusionBetweenStepsDisqualifiesTheChainBeyondThem() {
    WindowFunnel funnel = abc(100).exclude(Exclusion.between(1, 3, X)).build();

    assertThat(level(funnel, t(1, 2, 3, 4), A, X, B, C)).isEqualTo(2);
    assertThat(level(funnel, t(1, 2, 3, 4), X, A, B, C)).isEqualTo(3);
    // A fresh A after the X starts a clean chain.
    assertThat(level(funnel, t(1, 2, 3, 4, 5), A, X, A, B, C)).isEqualTo(3);
    // At equal timestamps the excluding event counts as after the steps.
    assertThat(level(funnel, t(1, 1, 1, 1), X, A, B, C)).isEqualTo(3);
  }

  @Test
  void theChainThatReachedTheLevelComesWithItsTimestamps() {
    SubjectResult result = abc(60).build().evaluate(t(0, 30, 45, 75), new int[] {A, A, B, C});

    assertThat(result.level()).isEqualTo(3);
    assertThat(result.chain()).isEqualTo(ImmutableLongArray.of(30, 45, 75));
    assertThat(abc(60).build().evaluate(t(), new int[0]).level()).isZero();
  }

  @Test
  void theChainOfTheCandidateExtendedIsReportedWhenSeveralAreKept() {
    // Under strict increase neither (A 0, B 5) nor (A 6, B 7) dominates the other, so both are
    // kept at step B; C at 8 extends both, and the later start wins: 6, 7, 8.
    WindowFunnel funnel = abc(100).ties(TiePolicy.STRICT_INCREASE).build();
    SubjectResult result = funnel.evaluate(t(0, 5, 6, 7, 8), new int[] {A, B, A, B, C});

    assertThat(result.level()).isEqualTo(3);
    assertThat(result.chain()).isEqualTo(ImmutableLongArray.of(6, 7, 8));
  }

  @Test
  void badDefinitionsAreRejectedWithTheValue() {
    assertThatThrownBy(() -> WindowFunnel.builder().window(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("window must not be negative: -1");
    assertThatThrownBy(() -> WindowFunnel.builder().eventCodes(3).step(A).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("set the window with window(length)");
    assertThatThrownBy(() -> WindowFunnel.builder().eventCodes(3).window(5).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a funnel needs at least one step");
    assertThatThrownBy(() -> WindowFunnel.builder().eventCodes(3).step(7).window(5).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("step 1 uses event code 7, outside the declared range [0, 3)");
    WindowFunnel.Builder many = WindowFunnel.builder();
    for (int i = 0; i < WindowFunnel.MAX_STEPS; i++) {
      many.step(0);
    }
    assertThatThrownBy(() -> many.step(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a funnel has at most 32 steps; step 33 is one too many");
    assertThatThrownBy(() -> abc(10).exclude(Exclusion.between(1, 2, A)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("event code 0 is both a step's and an exclusion's; use distinct codes");
    assertThatThrownBy(() -> abc(10).exclude(Exclusion.between(2, 5, X)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("exclusion up to step 5, but the funnel has 3 steps");
    assertThatThrownBy(() -> Exclusion.between(2, 2, X))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an exclusion needs 1 ≤ fromStep < toStep, got 2 and 2");
    assertThatThrownBy(() -> abc(10).maxGap(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("max gap must not be negative: -1");
  }
}
