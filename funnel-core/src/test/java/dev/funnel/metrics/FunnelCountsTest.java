package dev.funnel.metrics;

import static dev.funnel.testing.SampleFunnels.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.testing.SampleFunnels;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FunnelCountsTest {
  private static final List<String> CONSUMER =
      List.of("target", "interested", "enquiry", "price comparison", "purchase");

  @Test
  void explicitCountsAndWhatStoppedWhere() {
    FunnelCounts counts = FunnelCounts.of(CONSUMER, 100, 70, 40, 20, 10);

    assertThat(counts.reached("enquiry")).isEqualTo(40);
    assertThat(counts.reached(5)).isEqualTo(10);
    assertThat(counts.stoppedAt(1)).isEqualTo(30);
    assertThat(counts.stoppedAt(5)).isEqualTo(10);
    assertThat(counts.numberOf("target")).isEqualTo(1);
    assertThatThrownBy(() -> counts.reached(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step 0 is outside 1 to 5");
    assertThatThrownBy(() -> counts.reached(6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step 6 is outside 1 to 5");
    assertThat(counts)
        .hasToString(
            "FunnelCounts[target 100 → interested 70 → enquiry 40 → price comparison 20 → purchase 10]");
  }

  @Test
  void mergeAddsStepByStepWithEmptyAsIdentity() {
    FunnelCounts a = FunnelCounts.of(CONSUMER, 100, 70, 40, 20, 10);
    FunnelCounts b = FunnelCounts.of(CONSUMER, 50, 30, 30, 5, 0);

    assertThat(a.plus(b)).isEqualTo(FunnelCounts.of(CONSUMER, 150, 100, 70, 25, 10));
    assertThat(a.plus(FunnelCounts.empty(CONSUMER))).isEqualTo(a);
    assertThatThrownBy(() -> a.plus(FunnelCounts.of(List.of("x"), 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot add counts over different steps");
    assertThatThrownBy(
            () ->
                FunnelCounts.of(List.of("a"), Long.MAX_VALUE)
                    .plus(FunnelCounts.of(List.of("a"), 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the counts of step 'a' add up to more than 9223372036854775807:"
                + " 9223372036854775807 + 1");
  }

  @Test
  void leadsCountForEveryStepUpToTheFurthestTheyReached() {
    Funnel funnel = SampleFunnels.simple(); // new, contacted, qualified, won, lost
    Lead stillNew = Lead.builder("a").startIn("new", T0).build();
    Lead skippedToQualified =
        Lead.builder("b").startIn("new", T0).build().withStageChange("qualified", T0, "");
    Lead lostAfterContact =
        Lead.builder("c")
            .startIn("new", T0)
            .build()
            .withStageChange("contacted", T0, "")
            .withStageChange("lost", T0.plus(Duration.ofDays(1)), "no budget");
    Lead won =
        Lead.builder("d")
            .startIn("contacted", T0)
            .build()
            .withStageChange("qualified", T0, "")
            .withStageChange("won", T0, "");
    Lead regressed =
        Lead.builder("e")
            .startIn("new", T0)
            .build()
            .withStageChange("qualified", T0, "")
            .withStageChange("new", T0, "");

    FunnelCounts counts =
        FunnelCounts.fromLeads(
            funnel, List.of(stillNew, skippedToQualified, lostAfterContact, won, regressed));

    assertThat(counts.steps()).containsExactly("new", "contacted", "qualified", "won");
    assertThat(counts.reachedCounts().asList()).containsExactly(5L, 4L, 3L, 1L);
  }

  @Test
  void optionalStepsCountOnlyTheLeadsThatWereThere() {
    Lead demoed =
        Lead.builder("a")
            .startIn("new", T0)
            .build()
            .withStageChange("demo", T0, "")
            .withStageChange("proposal", T0, "");
    Lead skippedDemo =
        Lead.builder("b")
            .startIn("new", T0)
            .build()
            .withStageChange("proposal", T0, "")
            .withStageChange("won", T0, "");
    Lead demoThenLost =
        Lead.builder("c")
            .startIn("new", T0)
            .build()
            .withStageChange("demo", T0, "")
            .withStageChange("lost", T0, "");
    Lead stillNew = Lead.builder("d").startIn("new", T0).build();

    FunnelCounts counts =
        FunnelCounts.fromLeads(
            SampleFunnels.withOptionalDemo(), List.of(demoed, skippedDemo, demoThenLost, stillNew));

    assertThat(counts.reachedCounts().asList()).containsExactly(4L, 2L, 2L, 1L);
    assertThat(counts.isOptional(2)).isTrue();
    assertThat(counts.baseOf(3)).isEqualTo(1);
    assertThat(counts.baseOf(2)).isEqualTo(1);
    assertThat(counts.baseOf(1)).isEqualTo(1);
    assertThat(counts.stoppedAt(1)).isEqualTo(2); // c and d never reached 'proposal'
    assertThatThrownBy(() -> counts.stoppedAt(2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'demo' is optional");
    assertThat(counts)
        .isEqualTo(
            FunnelCounts.builder()
                .step("new", 4)
                .optionalStep("demo", 2)
                .step("proposal", 2)
                .step("won", 1)
                .build());
    assertThat(counts.plus(counts.emptyLike())).isEqualTo(counts);
    assertThatThrownBy(() -> counts.plus(FunnelCounts.of(counts.steps(), 4, 2, 2, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("demo (optional)");
  }

  @Test
  void optionalStepsAreCheckedAgainstTheirBase() {
    // More leads reached 'proposal' than 'demo': fine, 'demo' is optional.
    FunnelCounts counts =
        FunnelCounts.builder()
            .step("new", 100)
            .optionalStep("demo", 30)
            .step("proposal", 45)
            .step("won", 12)
            .build();
    assertThat(counts.reached("proposal")).isEqualTo(45);

    assertThatThrownBy(
            () ->
                FunnelCounts.builder()
                    .step("new", 10)
                    .optionalStep("demo", 11)
                    .step("won", 1)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("count of step 'demo' (11) is larger than that of 'new' (10)");
    assertThatThrownBy(() -> FunnelCounts.builder().step("new", 10).optionalStep("demo", 1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the last step cannot be optional: 'demo'");
    assertThatThrownBy(() -> FunnelCounts.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a funnel needs at least one step");
  }

  @Test
  void badCountsAreRejectedWithTheValue() {
    assertThatThrownBy(() -> FunnelCounts.of(CONSUMER, 100, 70, 80, 20, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "count of step 'enquiry' (80) is larger than that of 'interested' (70); counts cannot"
                + " rise down the funnel");
    assertThatThrownBy(() -> FunnelCounts.of(CONSUMER, 100, -70, -80, -90, -100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("count of step 'interested' must not be negative: -70");
    assertThatThrownBy(() -> FunnelCounts.of(CONSUMER, 100, 70))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("2 counts given for 5 steps");
    assertThatThrownBy(() -> FunnelCounts.of(List.of(), new long[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a funnel needs at least one step");
    assertThatThrownBy(() -> FunnelCounts.of(List.of("a", "a"), 2, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step 'a' is already counted");
    assertThatThrownBy(() -> FunnelCounts.of(CONSUMER, 100, 70, 40, 20, 10).reached("sale"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown step 'sale'; known steps: [target, interested");
  }
}
