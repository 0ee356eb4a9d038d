package dev.funnel.metrics;

import static dev.funnel.testing.SampleFunnels.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.funnel.model.Lead;
import dev.funnel.testing.SampleFunnels;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeToConvertTest {

  @Test
  void optionalStepsAreTimedOnlyForTheLeadsThatWereThere() {
    Lead demoed =
        Lead.builder("a")
            .startIn("new", T0)
            .build()
            .withStageChange("demo", T0.plus(Duration.ofDays(1)), "")
            .withStageChange("proposal", T0.plus(Duration.ofDays(4)), "");
    Lead skipped =
        Lead.builder("b")
            .startIn("new", T0)
            .build()
            .withStageChange("proposal", T0.plus(Duration.ofDays(2)), "");

    TimeToConvert times =
        TimeToConvert.fromLeads(SampleFunnels.withOptionalDemo(), List.of(demoed, skipped));

    assertThat(times.toStep("demo").count()).isEqualTo(1);
    assertThat(times.toStep("demo").mean()).contains(Duration.ofDays(1));
    // 'proposal' is timed from 'new', its base: 4 and 2 days.
    assertThat(times.toStep("proposal").median()).contains(Duration.ofDays(3));
    // Numbered as everywhere in the library: new 1, demo 2, proposal 3, won 4.
    assertThat(times.toStep(3)).isSameAs(times.toStep("proposal"));
    assertThatThrownBy(() -> times.toStep(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step 1 has no time to convert; steps 2 to 4 do");
    assertThatThrownBy(() -> times.toStep(5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step 5 has no time to convert; steps 2 to 4 do");
    assertThat(times.toStep(2)).isSameAs(times.toStep("demo"));
    assertThat(times.toStep(4)).isSameAs(times.toStep("won"));
  }

  @Test
  void perStepAndEndToEndFromEachLeadsOwnHistory() {
    Lead a =
        Lead.builder("a")
            .startIn("new", T0)
            .build()
            .withStageChange("contacted", T0.plus(Duration.ofDays(2)), "")
            .withStageChange("qualified", T0.plus(Duration.ofDays(5)), "")
            .withStageChange("won", T0.plus(Duration.ofDays(9)), "");
    // Skips 'contacted': it reaches both 'contacted' and 'qualified' on day 4.
    Lead b =
        Lead.builder("b")
            .startIn("new", T0)
            .build()
            .withStageChange("qualified", T0.plus(Duration.ofDays(4)), "")
            .withStageChange("lost", T0.plus(Duration.ofDays(6)), "");

    TimeToConvert times = TimeToConvert.fromLeads(SampleFunnels.simple(), List.of(a, b));

    assertThat(times.toStep("contacted").median()).contains(Duration.ofDays(3)); // 2 and 4
    assertThat(times.toStep("qualified").count()).isEqualTo(2); // 3 and 0
    assertThat(times.toStep("qualified").max()).contains(Duration.ofDays(3));
    assertThat(times.toStep("won").count()).isEqualTo(1);
    assertThat(times.toStep("won").mean()).contains(Duration.ofDays(4));
    assertThat(times.endToEnd().count()).isEqualTo(1);
    assertThat(times.endToEnd().mean()).contains(Duration.ofDays(9));
    assertThatThrownBy(() -> times.toStep("new"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'new' is the top step; no step comes before it");
    assertThatThrownBy(() -> times.toStep("lost"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown step 'lost'");
  }
}
