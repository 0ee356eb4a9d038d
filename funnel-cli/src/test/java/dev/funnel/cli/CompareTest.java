package dev.funnel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --compare A,B}: two segments as the variants of an A/B test. The log is the README's A/B
 * test, 48 of 80 visitors buying in A and 56 of 70 in B. References: R's {@code prop.test(c(48,
 * 56), c(80, 70), correct = FALSE)} (difference 0.2 [0.0524315, 0.3338727], p = 0.0080451); Katz's
 * risk ratio 4/3 [1.0766264, 1.6512485]; GrowthBook's sequential interval and R's {@code
 * power.prop.test} formula evaluated in Python's standard library.
 */
class CompareTest {
  @TempDir Path dir;

  private Path log() throws IOException {
    StringBuilder csv = new StringBuilder("subject,time,event,variant\n");
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < 150; i++) {
      String variant = i < 80 ? "A" : "B";
      boolean buys = i < 80 ? i < 48 : i - 80 < 56;
      Instant visit = start.plus(Duration.ofMinutes(i));
      csv.append("s").append(i).append(',').append(visit).append(",visit,").append(variant);
      csv.append('\n');
      if (buys) {
        csv.append("s").append(i).append(',').append(visit.plus(Duration.ofHours(1)));
        csv.append(",buy,").append(variant).append('\n');
      }
    }
    return Files.writeString(dir.resolve("ab.csv"), csv);
  }

  private Cli run(String... more) throws IOException {
    String[] args = {
      "report",
      "--events",
      log().toString(),
      "--step",
      "visit=visit",
      "--step",
      "buy=buy",
      "--window",
      "7d",
      "--segment-column",
      "variant",
      "--no-chart"
    };
    String[] all = new String[args.length + more.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return Cli.run(all);
  }

  @Test
  void theVariantsAreComparedWithEveryStatistic() throws IOException {
    Cli cli = run("--compare", "A,B", "--output", "json");
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    JsonNode ab = new ObjectMapper().readTree(cli.out()).get("comparison");
    assertThat(ab.get("a").asText()).isEqualTo("A");
    assertThat(ab.get("correction").asText()).isEqualTo("holm");
    JsonNode buy = ab.get("steps").get(0);
    assertThat(buy.get("difference").asDouble()).isCloseTo(0.2, within(1e-12));
    assertThat(buy.get("lower").asDouble()).isCloseTo(0.0524314724, within(1e-8));
    assertThat(buy.get("upper").asDouble()).isCloseTo(0.3338726540, within(1e-8));
    // One step below the top: Holm over one p-value leaves it as it is.
    assertThat(buy.get("adjustedPValue").asDouble()).isCloseTo(0.0080450814, within(1e-8));
    assertThat(ab.get("riskRatio").get("lower").asDouble())
        .isCloseTo(1.076626422763193, within(1e-12));
    assertThat(ab.get("riskRatio").get("upper").asDouble())
        .isCloseTo(1.6512485112663868, within(1e-12));
    // Woolf's interval of the odds ratio 8/3 (the formula in Python, as TestsAndCorrectionsTest).
    assertThat(ab.get("oddsRatio").get("estimate").asDouble()).isCloseTo(8.0 / 3, within(1e-12));
    assertThat(ab.get("oddsRatio").get("lower").asDouble())
        .isCloseTo(1.276217870536434, within(1e-12));
    assertThat(ab.get("oddsRatio").get("upper").asDouble())
        .isCloseTo(5.572019696074378, within(1e-12));
    assertThat(ab.get("sequentialDifference").get("lower").asDouble())
        .isCloseTo(-0.21298403973361085, within(1e-12));
    assertThat(ab.get("sequentialDifference").get("upper").asDouble())
        .isCloseTo(0.612984039733611, within(1e-12));
    assertThat(ab.get("sequentialLift").get("lower").asDouble())
        .isCloseTo(-0.49304804016999293, within(1e-12));
    assertThat(ab.get("neededPerVariant").asDouble()).isCloseTo(81.22424069545539, within(1e-9));
    assertThat(ab.get("power").asDouble()).isCloseTo(0.7380632336575366, within(1e-9));
    // Every expected count is at least 5 (the smallest is 70 · 46/150 = 21.5): no Fisher.
    assertThat(ab.has("fisherPValue")).isFalse();
  }

  @Test
  void eachSegmentsStepsAgainstTheRestAreCorrectedAcrossAllCells() throws IOException {
    Cli cli = run("--output", "json");
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    JsonNode segments = new ObjectMapper().readTree(cli.out()).get("segments");
    // Two segments, one step each: A's 48/80 against B's 56/70 and B's against A's, both with R's
    // p = 0.0080451; Holm over the two cells doubles the smaller and keeps the larger at least
    // as large: 0.0160902 each.
    for (JsonNode segment : segments) {
      JsonNode buy = segment.get("stepsVsRest").get(0);
      assertThat(buy.get("pValue").asDouble()).isCloseTo(0.0080450814, within(1e-8));
      assertThat(buy.get("adjustedPValue").asDouble()).isCloseTo(2 * 0.0080450814, within(2e-8));
    }
    assertThat(segments.get(0).get("stepsVsRest").get(0).get("difference").asDouble())
        .isCloseTo(-0.2, within(1e-12));
  }

  @Test
  void textSaysWhatEachNumberIs() throws IOException {
    Cli cli = run("--compare", "A,B");
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.out())
        .contains("A/B: B (B) against A (A)")
        .contains("+20.0 pts [+5.2, +33.4]")
        .contains("Risk ratio (B's rate over A's): 1.33 [1.08, 1.65].")
        .contains(
            "takes 82 subjects per variant; with the smaller variant's 70, a test has 73.8 %");
  }

  @Test
  void anUnknownVariantIsNamedWithTheSegments() throws IOException {
    Cli cli = run("--compare", "A,C");
    assertThat(cli.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(cli.err()).contains("no segment 'C' in the breakdown; the segments are [A, B]");
    Cli same = run("--compare", "A,A");
    assertThat(same.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(same.err()).contains("--compare needs two different segments: 'A,A'");
  }
}
