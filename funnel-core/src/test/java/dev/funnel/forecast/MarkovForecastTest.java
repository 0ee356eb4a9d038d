package dev.funnel.forecast;

import static dev.funnel.testing.SampleFunnels.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.Stage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkovForecastTest {
  private final Funnel funnel =
      Funnel.builder("walk")
          .stage(Stage.open("s1"))
          .stage(Stage.open("s2"))
          .stage(Stage.open("s3"))
          .stage(Stage.won("won"))
          .stage(Stage.lost("lost"))
          .build();

  private Lead walk(String id, String... stages) {
    Lead lead = Lead.builder(id).startIn(stages[0], T0).build();
    for (int i = 1; i < stages.length; i++) {
      lead = lead.withStageChange(stages[i], T0.plus(Duration.ofDays(i)), "");
    }
    return lead;
  }

  /**
   * Two histories that make every open stage move up or down with probability 1/2, one day per
   * stage: the "drunkard's walk" on 0..4 of Grinstead &amp; Snell, <i>Introduction to
   * Probability</i>, §11.2, whose fundamental matrix they give as [[3/2, 1, 1/2], [1, 2, 1], [1/2,
   * 1, 3/2]], with absorption at 4 (won) of 1/4, 1/2, 3/4 and expected steps 3, 4, 3.
   */
  @Test
  void reproducesTheDrunkardsWalk() {
    MarkovForecast forecast =
        MarkovForecast.fromLeads(
            funnel,
            List.of(walk("up", "s1", "s2", "s3", "won"), walk("down", "s3", "s2", "s1", "lost")));

    assertThat(forecast.stage("s1").winProbability().getAsDouble()).isCloseTo(0.25, within(1e-12));
    assertThat(forecast.stage("s2").winProbability().getAsDouble()).isCloseTo(0.50, within(1e-12));
    assertThat(forecast.stage("s3").winProbability().getAsDouble()).isCloseTo(0.75, within(1e-12));
    assertThat(forecast.stage("s1").expectedMoves().getAsDouble()).isCloseTo(3, within(1e-12));
    assertThat(forecast.stage("s2").expectedMoves().getAsDouble()).isCloseTo(4, within(1e-12));
    assertThat(forecast.stage("s2").expectedTimeToClose()).contains(Duration.ofDays(4));
    assertThat(forecast.stage("s2").observedExits()).isEqualTo(2);
    assertThat(forecast.stage("won").winProbability().getAsDouble()).isEqualTo(1.0);
    assertThat(forecast.stage("lost").winProbability().getAsDouble()).isZero();
    assertThat(forecast.transitionsFrom("s2")).containsEntry("s1", 0.5).containsEntry("s3", 0.5);
  }

  @Test
  void stagesTheDataCannotSupportHaveNoForecast() {
    // s2 is never left: it has no forecast. The move s1 → s2 is censored (that deal's fate is not
    // known yet), so s1 keeps a forecast from its one known move, to won; s3 from its own.
    MarkovForecast forecast =
        MarkovForecast.fromLeads(
            funnel,
            List.of(walk("a", "s1", "s2"), walk("b", "s1", "won"), walk("c", "s3", "lost")));

    assertThat(forecast.stage("s1").winProbability().getAsDouble()).isEqualTo(1.0);
    assertThat(forecast.stage("s1").observedExits()).isEqualTo(1);
    assertThat(forecast.stage("s2").winProbability()).isEmpty();
    assertThat(forecast.stage("s3").winProbability().getAsDouble()).isZero();
    assertThat(forecast.stage("s3").expectedTimeToClose()).contains(Duration.ofDays(1));
  }

  /**
   * The audit's case: one deal waiting in a stage nobody has left yet used to empty the forecast of
   * every stage above it. Here all four deals go from s1 to s2; from s2 two win, one is lost and
   * one waits in s3 (censored), so by hand P(win | s2) = 2/3 = P(win | s1).
   */
  @Test
  void aDealWaitingInANeverLeftStageDoesNotEmptyTheStagesAbove() {
    MarkovForecast forecast =
        MarkovForecast.fromLeads(
            funnel,
            List.of(
                walk("a", "s1", "s2", "won"),
                walk("b", "s1", "s2", "won"),
                walk("c", "s1", "s2", "lost"),
                walk("d", "s1", "s2", "s3")));

    assertThat(forecast.stage("s3").winProbability()).isEmpty();
    assertThat(forecast.stage("s2").winProbability().getAsDouble())
        .isCloseTo(2.0 / 3, within(1e-12));
    assertThat(forecast.stage("s1").winProbability().getAsDouble())
        .isCloseTo(2.0 / 3, within(1e-12));
    assertThat(forecast.stage("s2").observedExits()).isEqualTo(3);
  }

  /**
   * Time in an ongoing visit counts, censored. With the chain's constant chance of leaving, the
   * mean time in a stage is the exponential model's maximum-likelihood estimate, total time at risk
   * over the number of exits (Lawless, <i>Statistical Models and Methods for Lifetime Data</i>, 2nd
   * ed., §2.2): one deal left s1 after 1 day, one has been there 3 days and is still there, so the
   * mean is (1 + 3) / 1 = 4 days; ignoring the open deal would say 1 day.
   */
  @Test
  void ongoingVisitsCountAsCensoredTimeInStage() {
    Lead waiting = Lead.builder("waiting").startIn("s1", T0).build();
    List<Lead> leads = List.of(walk("closed", "s1", "won"), waiting);

    assertThat(MarkovForecast.fromLeads(funnel, leads).stage("s1").expectedTimeToClose())
        .contains(Duration.ofDays(1));
    assertThat(
            MarkovForecast.fromLeads(funnel, leads, T0.plus(Duration.ofDays(3)))
                .stage("s1")
                .expectedTimeToClose())
        .contains(Duration.ofDays(4));
    assertThatThrownBy(() -> MarkovForecast.fromLeads(funnel, leads, T0.minusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lead 'waiting' entered 's1'");
  }

  @Test
  void aCycleThatNeverClosesHasNoForecast() {
    MarkovForecast forecast =
        MarkovForecast.fromLeads(funnel, List.of(walk("loop", "s1", "s2", "s1", "s2")));

    assertThat(forecast.stages())
        .filteredOn(s -> s.stageId().startsWith("s"))
        .allMatch(s -> s.winProbability().isEmpty());
  }

  @Test
  void aLoneVisitOfAnUnknownStageIsRejected() {
    Lead stray = Lead.builder("stray").startIn("s9", T0).build();

    assertThatThrownBy(() -> MarkovForecast.fromLeads(funnel, List.of(stray)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("s9");
  }

  @Test
  void badInputIsRejected() {
    assertThatThrownBy(() -> MarkovForecast.fromLeads(Funnel.of("open", "a", "b"), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("funnel 'open' has no won stage; a win probability needs one");
    assertThatThrownBy(() -> MarkovForecast.fromLeads(funnel, List.of()).stage("s9"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown stage 's9'");
  }
}
