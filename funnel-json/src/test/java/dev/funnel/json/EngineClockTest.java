package dev.funnel.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.Stage;
import dev.funnel.rules.TransitionEngine;
import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** An engine read from JSON tells the time by the clock it is given. */
class EngineClockTest {
  private static final FunnelJson JSON = FunnelJson.standard();
  private static final Instant NOON = Instant.parse("2026-12-08T12:00:00Z");

  private static String engine() {
    Funnel funnel =
        Funnel.builder("sales").stage(Stage.open("new")).stage(Stage.won("won")).build();
    return JSON.write(TransitionEngine.builder(funnel).build());
  }

  @Test
  void aMoveNowIsAtTheClocksTime() {
    Clock fixed = Clock.fixed(NOON, ZoneOffset.UTC);
    Lead lead = Lead.builder("L1").startIn("new", NOON.minusSeconds(3600)).build();
    for (TransitionEngine engine :
        new TransitionEngine[] {
          JSON.readEngine(engine(), fixed), JSON.readEngine(new StringReader(engine()), fixed)
        }) {
      Lead moved = engine.move(lead, "won", "signed").leadOrThrow();
      assertThat(moved.currentVisit().entered()).isEqualTo(NOON);
    }
  }

  @Test
  void aClockIsRequired() {
    assertThatThrownBy(() -> JSON.readEngine(engine(), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("clock");
  }
}
