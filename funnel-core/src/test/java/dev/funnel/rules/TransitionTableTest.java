package dev.funnel.rules;

import static dev.funnel.testing.SampleFunnels.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.testing.SampleFunnels;
import org.junit.jupiter.api.Test;

class TransitionTableTest {
  private final Funnel funnel = SampleFunnels.simple();
  private final TransitionTable table =
      TransitionTable.builder(funnel)
          .allow("new", "contacted")
          .allow("contacted", "new", "qualified")
          .allow("qualified", "won")
          .allowFromEveryOpenStage("lost")
          .build();

  @Test
  void allowsExactlyTheListedMoves() {
    assertThat(table.allows("new", "contacted")).isTrue();
    assertThat(table.allows("contacted", "new")).isTrue();
    assertThat(table.allows("new", "qualified")).isFalse();
    assertThat(table.allows("qualified", "lost")).isTrue();
    assertThat(table.allows("won", "lost")).isFalse();
    assertThat(table.allowedMoves().get("contacted")).containsExactly("new", "qualified", "lost");
  }

  @Test
  void aRefusedMoveSaysWhatTheTableAllows() {
    TransitionEngine engine = TransitionEngine.builder(funnel).rule(table).build();
    Lead lead = Lead.builder("L").startIn("new", T0).build();

    assertThat(engine.check(lead, "won", T0).violations())
        .containsExactly(
            new Violation(
                "allowed transitions",
                "'new' → 'won' is not in the table; from 'new' the table allows [contacted, lost]"));
    assertThat(engine.allowedTargets(lead, T0))
        .extracting(s -> s.id())
        .containsExactly("contacted", "lost");
  }

  @Test
  void unknownStagesAndSelfMovesAreRejectedAndChangeNothing() {
    TransitionTable.Builder builder = TransitionTable.builder(funnel).allow("new", "contacted");

    assertThatThrownBy(() -> builder.allow("new", "qualified", "closed"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown stage 'closed'")
        .hasMessageContaining("known stages: [new, contacted, qualified, won, lost]");
    assertThatThrownBy(() -> builder.allow("new", "new"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a stage cannot move to itself: 'new'");
    assertThat(builder.build().allowedMoves().get("new")).containsExactly("contacted");
  }
}
