package dev.funnel.model;

import static java.util.Objects.requireNonNull;

import com.google.common.base.MoreObjects;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A lead that has stayed in its current stage longer than the stage allows: a rotting deal.
 *
 * <p>Immutable and thread-safe.
 */
public final class StaleLead {
  private final Lead lead;
  private final Stage stage;
  private final Duration dwell;
  private final Duration limit;

  StaleLead(Lead lead, Stage stage, Duration dwell, Duration limit) {
    requireNonNull(lead, "lead");
    requireNonNull(stage, "stage");
    requireNonNull(dwell, "dwell");
    requireNonNull(limit, "limit");
    this.lead = lead;
    this.stage = stage;
    this.dwell = dwell;
    this.limit = limit;
  }

  /** Returns the lead. */
  public Lead lead() {
    return lead;
  }

  /** Returns its current stage. */
  public Stage stage() {
    return stage;
  }

  /** Returns how long it has been there. */
  public Duration dwell() {
    return dwell;
  }

  /** Returns the longest it may stay there. */
  public Duration limit() {
    return limit;
  }

  /** Returns how far past its limit the lead is. */
  public Duration overdueBy() {
    return dwell.minus(limit);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof StaleLead other)) {
      return false;
    }
    return lead.equals(other.lead)
        && stage.equals(other.stage)
        && dwell.equals(other.dwell)
        && limit.equals(other.limit);
  }

  @Override
  public int hashCode() {
    return Objects.hash(lead, stage, dwell, limit);
  }

  @Override
  public String toString() {
    return MoreObjects.toStringHelper(this)
        .add("lead", lead)
        .add("stage", stage)
        .add("dwell", dwell)
        .add("limit", limit)
        .toString();
  }
}
