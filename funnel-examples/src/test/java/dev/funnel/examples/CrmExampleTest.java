package dev.funnel.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The CRM flow of the README's "Embedding in an application", run end to end. */
class CrmExampleTest {

  @Test
  void theCrmFlowRunsAsTheReadmeTellsIt() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CrmExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String report = bytes.toString(StandardCharsets.UTF_8);

    assertThat(report)
        .contains("Funnel 'Inbound B2B': [new, qualified, demo, proposal, won, lost]")
        .contains("6 leads stored");
    // Globex's budget of 2,000 is under the 5,000 of the JSON's entry criteria, and it names no
    // decision maker: both reasons at once.
    assertThat(report)
        .contains(
            "globex: qualified → proposal REFUSED: not met: a budget of at least 5,000; not met:"
                + " a named decision maker");
    // Two reps, one version: the first move lands, the second is a conflict naming where the lead
    // is now.
    assertThat(report)
        .contains("Ana moves initech (version 2) to won: accepted (version 3)")
        .contains(
            "Ben moves initech (version 2) to lost: CONFLICT: moved by someone else meanwhile, now"
                + " in 'won' at version 3");
    // The model's log-odds by hand, from lead-model.json: -2 + 0.12·10 (200+ employees) + 0.1·5
    // (software) + 0.15·8 (budget ≥ 10,000). Stark has all three: 1/(1+e^-0.9) = 0.7109;
    // Hooli only software: 1/(1+e^1.5) = 0.1824; Globex none: 1/(1+e^2) = 0.1192.
    assertThat(report)
        .containsSubsequence(
            "stark    qualified   71.1 %",
            "hooli    new         18.2 %", "globex   qualified   11.9 %");
    // Reached: all six leads were new; acme, globex, initech and stark qualified; acme and
    // initech sent proposals and were won.
    assertThat(report)
        .contains("reached new        6")
        .contains("reached qualified  4")
        .contains("reached proposal   2")
        .contains("reached won        2");
    // On day 45: Globex qualified on day 5 (40 days, limit 21); Hooli new since day 0 (45, limit
    // 30). Stark qualified on day 30 (15 days) is not stale.
    assertThat(report)
        .contains("stale: globex in 'qualified' for 40 days, 19 over the limit")
        .contains("stale: hooli in 'new' for 45 days, 15 over the limit")
        .doesNotContain("stale: stark");
    // Open value × stage probability: Hooli 5,000 × 0.10 + (Globex 8,000 + Stark 30,000) × 0.25.
    assertThat(report).contains("weighted pipeline 10000.00");
  }
}
