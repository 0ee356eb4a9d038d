package dev.funnel.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class TestClockTest {

  @Test
  void standsStillUntilMovedAndNeverGoesBack() {
    TestClock clock = TestClock.atStart();
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    Instant first = clock.instant();
    assertThat(clock.instant()).as("a second reading").isEqualTo(first);
    assertThat(clock.advance(Duration.ofHours(3))).isEqualTo(Instant.parse("2026-01-01T03:00:00Z"));
    clock.set(Instant.parse("2026-02-01T00:00:00Z"));
    assertThat(clock.millis()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z").toEpochMilli());

    TestClock tokyo = clock.withZone(ZoneId.of("Asia/Tokyo"));
    clock.advance(Duration.ofDays(1));
    assertThat(tokyo.instant()).isEqualTo(clock.instant());
    assertThat(tokyo.getZone()).isEqualTo(ZoneId.of("Asia/Tokyo"));

    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a clock moves forward, not by PT-1S");
    assertThatThrownBy(() -> clock.set(Instant.parse("2026-01-15T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "a clock moves forward, not from 2026-02-02T00:00:00Z back to 2026-01-15T00:00:00Z");
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-02-02T00:00:00Z"));
  }
}
