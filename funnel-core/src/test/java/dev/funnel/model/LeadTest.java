package dev.funnel.model;

import static dev.funnel.testing.SampleFunnels.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeadTest {
  private static final Duration HOUR = Duration.ofHours(1);

  private static Instant at(long hours) {
    return T0.plus(HOUR.multipliedBy(hours));
  }

  // new (0-10h) → contacted (10-30h) → new (30-35h) → contacted (35h-)
  private final Lead lead =
      Lead.builder("L-1")
          .attribute("industry", "retail")
          .value(new BigDecimal("5000"))
          .source("trade show")
          .segment("SMB")
          .startIn("new", at(0))
          .build()
          .withStageChange("contacted", at(10), "called")
          .withStageChange("new", at(30), "no answer, back to the queue")
          .withStageChange("contacted", at(35), "called again");

  @Test
  void historyRecordsEveryMoveWithItsTimeAndReason() {
    assertThat(lead.history())
        .extracting(StageVisit::stageId)
        .containsExactly("new", "contacted", "new", "contacted");
    assertThat(lead.history().get(1))
        .isEqualTo(new StageVisit("contacted", at(10), Optional.of(at(30)), "called"));
    assertThat(lead.history().get(0).reason()).isEqualTo("created");
    assertThat(lead.currentStageId()).isEqualTo("contacted");
    assertThat(lead.currentVisit().isOngoing()).isTrue();
    assertThat(lead.createdAt()).isEqualTo(at(0));
    assertThat(lead.hasVisited("new")).isTrue();
    assertThat(lead.hasVisited("won")).isFalse();
  }

  @Test
  void timeInStagesIsLatestAndCumulativeAcrossReEntries() {
    Instant now = at(40);

    assertThat(lead.latestTimeIn("new", now)).contains(Duration.ofHours(5));
    assertThat(lead.cumulativeTimeIn("new", now)).isEqualTo(Duration.ofHours(15));
    assertThat(lead.latestTimeIn("contacted", now)).contains(Duration.ofHours(5));
    assertThat(lead.cumulativeTimeIn("contacted", now)).isEqualTo(Duration.ofHours(25));
    assertThat(lead.currentDwell(now)).isEqualTo(Duration.ofHours(5));
    assertThat(lead.age(now)).isEqualTo(Duration.ofHours(40));
    assertThat(lead.latestTimeIn("won", now)).isEmpty();
    assertThat(lead.cumulativeTimeIn("won", now)).isEqualTo(Duration.ZERO);
    assertThat(lead.timeInStages(now))
        .containsExactly(
            java.util.Map.entry("new", Duration.ofHours(15)),
            java.util.Map.entry("contacted", Duration.ofHours(25)));
  }

  @Test
  void movesAndQueriesBackInTimeAreRejected() {
    assertThatThrownBy(() -> lead.withStageChange("new", at(34), "too early"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("move of lead 'L-1' at " + at(34))
        .hasMessageContaining("before it entered stage 'contacted' at " + at(35));
    assertThatThrownBy(() -> lead.currentDwell(at(34)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("now " + at(34) + " is before lead 'L-1' entered");
    assertThat(lead.history()).hasSize(4);
  }

  @Test
  void aMoveAtTheSameInstantIsAllowedAndLastsZero() {
    Lead moved = lead.withStageChange("qualified", at(35), "instant qualification");

    assertThat(moved.latestTimeIn("contacted", at(36))).contains(Duration.ZERO);
    assertThat(moved.currentStageId()).isEqualTo("qualified");
  }

  @Test
  void movingClearsTheLostReasonAndCopiesKeepTheOriginal() {
    Lead lost = lead.withStageChange("lost", at(40), "no budget").withLostReason("no budget");
    Lead reopened = lost.withStageChange("new", at(50), "budget found");

    assertThat(lost.lostReason()).contains("no budget");
    assertThat(reopened.lostReason()).isEmpty();
    assertThat(lead.lostReason()).isEmpty();
    assertThat(lead.withAttributes(Attributes.empty()).attributes().size()).isZero();
    assertThat(lead.attributes().text("industry")).contains("retail");
    assertThat(lead.toBuilder().build()).isEqualTo(lead);
  }

  @Test
  void invalidLeadsAreRejected() {
    assertThatThrownBy(() -> Lead.builder("x").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("lead 'x' needs a start stage");
    assertThatThrownBy(() -> Lead.builder("x").value(new BigDecimal("-1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("value of lead 'x' must not be negative: -1");
    assertThatThrownBy(() -> Lead.builder(" ").startIn("new", T0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lead id must not be blank");
  }

  @Test
  void importedHistoriesMustBeContiguous() {
    StageVisit first = new StageVisit("new", at(0), Optional.of(at(5)), "created");
    StageVisit gap = StageVisit.ongoing("contacted", at(6), "called");
    StageVisit closedLast = new StageVisit("contacted", at(5), Optional.of(at(7)), "called");

    assertThatThrownBy(() -> Lead.builder("x").history(List.of(first, gap)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not contiguous")
        .hasMessageContaining("exits at " + at(5))
        .hasMessageContaining("enters at " + at(6));
    assertThatThrownBy(() -> Lead.builder("x").history(List.of(first, closedLast)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("last visit of lead 'x' must be ongoing");
    assertThatThrownBy(() -> new StageVisit("new", at(5), Optional.of(at(4)), ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exits at " + at(4) + ", before it was entered at " + at(5));

    Lead imported =
        Lead.builder("x")
            .history(List.of(first, StageVisit.ongoing("contacted", at(5), "called")))
            .build();
    assertThat(imported.currentStageId()).isEqualTo("contacted");
  }
}
