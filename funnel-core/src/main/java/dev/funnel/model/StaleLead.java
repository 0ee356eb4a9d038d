package dev.funnel.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A lead that has stayed in its current stage longer than the stage allows: a rotting deal.
 *
 * <p>Immutable and thread-safe.
 *
 * @param lead the lead
 * @param stage its current stage
 * @param dwell how long it has been there
 * @param limit the longest it may stay there
 */
public record StaleLead(Lead lead, Stage stage, Duration dwell, Duration limit) {

  /** Validates that no component is null. */
  public StaleLead {
    requireNonNull(lead, "lead");
    requireNonNull(stage, "stage");
    requireNonNull(dwell, "dwell");
    requireNonNull(limit, "limit");
  }

  /** Returns how far past its limit the lead is. */
  public Duration overdueBy() {
    return dwell.minus(limit);
  }
}
