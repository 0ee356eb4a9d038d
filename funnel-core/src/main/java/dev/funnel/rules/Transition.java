package dev.funnel.rules;

import static java.util.Objects.requireNonNull;

import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.Stage;
import java.time.Duration;
import java.time.Instant;

/**
 * A proposed move, as a rule sees it: which lead, from which stage to which, and when.
 *
 * <p>Immutable and thread-safe.
 *
 * @param funnel the funnel the lead moves in
 * @param lead the lead before the move
 * @param from the lead's current stage
 * @param to the stage it would move to
 * @param at when the move would happen; never before the lead entered {@code from}
 */
public record Transition(Funnel funnel, Lead lead, Stage from, Stage to, Instant at) {

  /** Validates that no component is null. */
  public Transition {
    requireNonNull(funnel, "funnel");
    requireNonNull(lead, "lead");
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    requireNonNull(at, "at");
  }

  /**
   * Returns how many positions the move goes forward in the funnel: positive forward, negative
   * backward.
   */
  public int distance() {
    return to.order() - from.order();
  }

  /** Returns how long the lead will have been in its current stage when it moves. */
  public Duration timeInCurrentStage() {
    return lead.currentDwell(at);
  }
}
