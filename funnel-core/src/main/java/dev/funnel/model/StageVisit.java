package dev.funnel.model;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One entry of a lead's stage history: the lead entered a stage at a time, for a reason, and left
 * it at a later time (or is still there).
 *
 * <p>Immutable and thread-safe.
 *
 * @param stageId the stage that was entered
 * @param entered when the lead entered it
 * @param exited when the lead left it; empty while the lead is still there
 * @param reason why the lead moved here (may be empty)
 */
public record StageVisit(String stageId, Instant entered, Optional<Instant> exited, String reason) {

  /**
   * Validates every component.
   *
   * @throws IllegalArgumentException if the stage id is blank or the visit ends before it starts
   * @throws NullPointerException if any component is null
   */
  public StageVisit {
    requireNonNull(stageId, "stageId");
    requireNonNull(entered, "entered");
    requireNonNull(exited, "exited");
    requireNonNull(reason, "reason");
    checkArgument(!stageId.isBlank(), "stage id must not be blank: '%s'", stageId);
    exited.ifPresent(
        end ->
            checkArgument(
                !end.isBefore(entered),
                "visit of stage '%s' exits at %s, before it was entered at %s",
                stageId,
                end,
                entered));
  }

  /** Returns a visit that has not ended yet. */
  public static StageVisit ongoing(String stageId, Instant entered, String reason) {
    return new StageVisit(stageId, entered, Optional.empty(), reason);
  }

  /** Returns whether the lead is still in this stage. */
  public boolean isOngoing() {
    return exited.isEmpty();
  }

  /**
   * Returns how long the visit lasted; an ongoing visit lasts until {@code now}.
   *
   * @throws IllegalArgumentException if the visit is ongoing and {@code now} is before it started
   */
  public Duration duration(Instant now) {
    requireNonNull(now, "now");
    Instant end = exited.orElse(now);
    checkArgument(
        !end.isBefore(entered),
        "now %s is before stage '%s' was entered at %s",
        now,
        stageId,
        entered);
    return Duration.between(entered, end);
  }

  StageVisit exitedAt(Instant at) {
    return new StageVisit(stageId, entered, Optional.of(at), reason);
  }
}
