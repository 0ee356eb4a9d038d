package dev.funnel.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Each example prints the facts of DOMAIN.md that it stands for; the expected numbers are worked
 * out here from the domain notes, not read from the examples' output.
 */
class DomainExamplesTest {

  private static String run(Consumer<PrintStream> example) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    example.accept(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void ecommerceConvertsTwoPercent() {
    String out = run(EcommerceExample::run);
    assertThat(out).contains("50,000 visitors, 1,000 purchases: conversion 2.0 %");
    // 1,500 purchases at 1,000 / 50,000 need 1,500 × 50 visitors.
    assertThat(out).contains("For 1,500 purchases at that rate: 75,000 visitors");
  }

  @Test
  void consumerSalesHasItsStepRatesAndBottleneck() {
    String out = run(ConsumerSalesExample::run);
    assertThat(out)
        .containsPattern("interested +70 +70\\.0 %")
        .containsPattern("enquiry +40 +57\\.1 %")
        .containsPattern("price comparison +20 +50\\.0 %")
        .containsPattern("purchase +10 +50\\.0 %")
        .contains("overall: 10.0 %");
    // Two steps keep 50 %; ties go to the earlier step.
    assertThat(out).contains("Bottleneck by lowest step rate: 'price comparison'");
    // Lifting 50 % to 60 %: 100 × 0.7 × 4/7 × 0.6 × 0.5 = 12.
    assertThat(out).contains("12 purchases per 100 targets instead of 10");
  }

  @Test
  void pharmaKeepsZeroPointNineToTheSeventh() {
    String out = run(PharmaProjectionExample::run);
    double remaining = 1_000_000 * Math.pow(0.9, 7);
    BigDecimal revenue =
        BigDecimal.valueOf(remaining)
            .multiply(new BigDecimal("100"))
            .setScale(2, RoundingMode.HALF_EVEN);
    assertThat(out)
        .contains(String.format(Locale.ROOT, "→ %,.0f treated (47.8 %%", remaining))
        .contains(String.format(Locale.ROOT, "revenue %,.2f", revenue));
    assertThat(out.lines().filter(l -> l.contains("90%"))).hasSize(7);
  }

  @Test
  void leadSourcesCostPerLeadAndPerCustomer() {
    String out = run(LeadSourcesExample::run);
    // Trade show: 24,000 / 500 leads = 48.00, / 30 customers = 800.00; 100 of 500 contacted.
    assertThat(out).containsPattern("trade show +24,000 +500 +20% +30 +6\\.0% +48\\.00 +800\\.00");
    // Referrals: 20 of 80 sign, 25 %; 4,000 / 20 = 200.00, the cheapest customers.
    assertThat(out).containsPattern("referrals .* 25\\.0% +50\\.00 +200\\.00");
    assertThat(out).contains("Cheapest customers: referrals at 200.00 USD each");
    // Paid social: 1,000 clicks at 0.80 USD, 1 % become leads.
    assertThat(out).containsPattern("paid social +800 +10 ");
  }

  @Test
  void goalTrackingWithFiveDaysLeft() {
    String out = run(GoalTrackingExample::run);
    assertThat(out).contains("5 days left");
    assertThat(out).contains("goal 80 %, actual 60 % (90 of 150), 20 points short");
    // 150 leads in 25 days is 6 a day: 30 more by the 30th; 80 % of 180 = 144, so 54 more.
    assertThat(out).contains("30 more leads arrive: 80 % of 180 needs 54 more opportunities");
    // Only 40 are open: (90 + 40) / 180 = 72 % at best.
    assertThat(out).contains("not reachable this month; the best possible is 72 %");
  }

  @Test
  void followUpTestGivesItsVerdict() {
    String out = run(FollowUpTestExample::run);
    assertThat(out).contains("48 of 80 leads booked a meeting, 60.0 %");
    assertThat(out).contains("56 of 70 leads booked a meeting, 80.0 %");
    // The interval and p-value that ComparisonsTest checks against an outside computation.
    assertThat(out).contains("B − A = +20.0 pts [+5.2, +33.4], p = 0.0080, significant");
    assertThat(out).contains("Verdict: B is better");
  }

  @Test
  void everyExampleRunsFromTheDemo() {
    assertThat(Demo.EXAMPLES)
        .containsOnlyKeys(
            "ecommerce",
            "consumer",
            "pharma",
            "project-sale",
            "lead-sources",
            "goal-tracking",
            "follow-up-test",
            "crm");
    Demo.EXAMPLES.values().forEach(example -> assertThat(run(example)).isNotBlank());
  }
}
