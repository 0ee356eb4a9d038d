package dev.funnel.scoring;

import static dev.funnel.testing.SampleFunnels.T0;

import dev.funnel.model.Lead;
import java.time.Duration;

/**
 * Leads of {@code SampleFunnels.simple()} (new → contacted → qualified → won / lost), one day per
 * stage.
 */
final class ClosedLeads {
  private ClosedLeads() {}

  static final String[] OPEN = {"new", "contacted", "qualified"};

  /** A lead that went through the open stages up to {@code lastOpen}, then to {@code outcome}. */
  static Lead closed(Lead.Builder builder, int lastOpen, String outcome) {
    Lead lead = builder.startIn("new", T0).build();
    for (int s = 1; s <= lastOpen; s++) {
      lead = lead.withStageChange(OPEN[s], T0.plus(Duration.ofDays(s)), "moved");
    }
    return lead.withStageChange(outcome, T0.plus(Duration.ofDays(lastOpen + 1)), "closed");
  }

  static Lead won(String id, String attribute, String value) {
    return closed(Lead.builder(id).attribute(attribute, value), 2, "won");
  }

  static Lead lost(String id, String attribute, String value, int lastOpen) {
    return closed(Lead.builder(id).attribute(attribute, value), lastOpen, "lost");
  }

  static Lead open(String id, int stage) {
    Lead lead = Lead.builder(id).startIn("new", T0).build();
    for (int s = 1; s <= stage; s++) {
      lead = lead.withStageChange(OPEN[s], T0.plus(Duration.ofDays(s)), "moved");
    }
    return lead;
  }
}
