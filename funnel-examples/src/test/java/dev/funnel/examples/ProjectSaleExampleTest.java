package dev.funnel.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.rules.TransitionEngine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ProjectSaleExampleTest {

  @Test
  void theDemoReportShowsTheScenario() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProjectSaleExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String report = bytes.toString(StandardCharsets.UTF_8);

    // The seven stages of DOMAIN.md §1 and the two outcomes, in order.
    assertThat(report)
        .containsSubsequence(
            "Target account list",
            "Potential opportunity",
            "Confirmed intent",
            "Project approved",
            "Vendor accepted",
            "Commercial negotiation",
            "Closed sale",
            "Lost");
    // Globex meets only one of the four "potential opportunity" criteria: three reasons at once.
    assertThat(report)
        .contains("not met: needs the product")
        .contains("not met: is economically healthy")
        .contains("not met: has no system or a poor one")
        .doesNotContain("not met: account fits the target profile");
    assertThat(report).contains("lost: went with the incumbent's upgrade");
    assertThat(report).contains("Stale deals on day 60 (1)");

    // Fit: acme meets all five criteria (25 + 20 + 15 + 20 + 20), globex only the profile.
    assertThat(report).containsPattern("acme +100 +HIGH").containsPattern("globex +25 +LOW");
  }

  @Test
  void theForecastValuesTheOpenDealsOfTheGeneratedHistory() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProjectSaleExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String report = bytes.toString(StandardCharsets.UTF_8);
    Funnel funnel = ProjectSaleExample.funnel();
    List<Lead> closed = new ArrayList<>();
    List<Lead> open = new ArrayList<>();
    DealHistory.generate(funnel, closed, open);

    assertThat(closed).allMatch(l -> funnel.stage(l.currentStageId()).isTerminal());
    assertThat(open).noneMatch(l -> funnel.stage(l.currentStageId()).isTerminal());
    assertThat(closed.size() + open.size()).isEqualTo(DealHistory.DEALS);
    // The weighted pipeline, summed here by hand: value × the stage's configured probability.
    BigDecimal weighted = BigDecimal.ZERO;
    for (Lead lead : open) {
      double p = funnel.stage(lead.currentStageId()).winProbability().getAsDouble();
      weighted = weighted.add(lead.value().multiply(BigDecimal.valueOf(p)));
    }
    assertThat(report)
        .contains(
            String.format(
                Locale.ROOT,
                "Pipeline: %d open deals; history: %d closed deals",
                open.size(),
                closed.size()))
        .contains(String.format(Locale.ROOT, "weighted pipeline %,.0f by the stages'", weighted));
  }

  @Test
  void theEngineEnforcesTheProjectApprovalCriteria() {
    Funnel funnel = ProjectSaleExample.funnel();
    TransitionEngine engine = ProjectSaleExample.engine(funnel);
    Lead lead =
        Lead.builder("x")
            .attribute("budget", 100_000)
            .startIn("intent", ProjectSaleExample.START)
            .build();

    assertThat(engine.check(lead, "approved", ProjectSaleExample.START).violations()).hasSize(2);
    assertThat(engine.check(lead, "lost", ProjectSaleExample.START).isAllowed()).isTrue();
    Lead won = lead.withStageChange("won", ProjectSaleExample.START, "");
    assertThat(
            engine
                .check(won, "vendor", ProjectSaleExample.START.plus(Duration.ofDays(30)))
                .isAllowed())
        .isTrue();
    assertThat(
            engine
                .check(won, "vendor", ProjectSaleExample.START.plus(Duration.ofDays(31)))
                .isAllowed())
        .isFalse();
  }
}
