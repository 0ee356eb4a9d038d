package dev.funnel.rules;

import static java.util.Objects.requireNonNull;

import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.Stage;
import dev.funnel.model.StageKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A proposed move, as a rule sees it: which lead, from which stage to which, when, and why.
 *
 * <p>Immutable and thread-safe.
 *
 * @param funnel the funnel the lead moves in
 * @param lead the lead before the move
 * @param from the lead's current stage
 * @param to the stage it would move to
 * @param at when the move would happen; never before the lead entered {@code from}
 * @param reason why the lead moves, as the caller gave it (empty when none was given, as in a dry
 *     run by {@link TransitionEngine#check(Lead, String, Instant)})
 */
public record Transition(
    Funnel funnel, Lead lead, Stage from, Stage to, Instant at, String reason) {

  /** Validates that no component is null. */
  public Transition {
    requireNonNull(funnel, "funnel");
    requireNonNull(lead, "lead");
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    requireNonNull(at, "at");
    requireNonNull(reason, "reason");
  }

  /** Returns a move without a reason. */
  public Transition(Funnel funnel, Lead lead, Stage from, Stage to, Instant at) {
    this(funnel, lead, from, to, at, "");
  }

  /**
   * Returns how many positions the move goes forward in the funnel's declared order: positive
   * forward, negative backward. See {@link #openSteps()} for the count the built-in rules use.
   */
  public int distance() {
    return to.order() - from.order();
  }

  /**
   * Returns how many steps along the open stages the move takes, as the built-in no-skipping and
   * regression rules count them: the target counts one, and each required open stage passed over
   * one more; optional stages passed over count nothing, and neither do won or lost stages. A won
   * stage comes after every open stage, wherever it is declared. Negative for a move backward; 0
   * for a move into a lost stage (a lead may be disqualified from anywhere), out of a won or lost
   * stage (a reopening), or to the same stage.
   *
   * <p>Example: in {@code new → demo (optional) → proposal → lost → won}, new → proposal is 1 step,
   * proposal → won 1, new → won 2, proposal → new −1, and new → lost 0.
   */
  public int openSteps() {
    if (!alongOpenStages()) {
      return 0;
    }
    int steps = 1 + passedOver().size();
    return to.kind() != StageKind.WON && to.order() < from.order() ? -steps : steps;
  }

  private boolean alongOpenStages() {
    return !from.isTerminal() && to.kind() != StageKind.LOST && !from.equals(to);
  }

  /**
   * Returns the required open stages between the two stages, in funnel order, a won stage coming
   * after every open stage: the stages a forward move passes over, or a backward one goes back
   * across. Empty when {@link #openSteps()} is 0.
   */
  List<Stage> passedOver() {
    if (!alongOpenStages()) {
      return List.of();
    }
    int end = to.kind() == StageKind.WON ? funnel.stages().size() : to.order();
    int low = Math.min(from.order(), end);
    int high = Math.max(from.order(), end);
    List<Stage> passed = new ArrayList<>();
    for (Stage stage : funnel.stages().subList(low + 1, high)) {
      if (!stage.isTerminal() && !stage.optional()) {
        passed.add(stage);
      }
    }
    return passed;
  }

  /**
   * Returns whether the move goes to a later stage, with won and lost after every open stage
   * wherever they are declared (a lost stage listed first is still an outcome); between two
   * outcomes, or two open stages, the declared order decides.
   */
  public boolean isForward() {
    if (from.isTerminal() != to.isTerminal()) {
      return to.isTerminal();
    }
    return distance() > 0;
  }

  /** Returns how long the lead will have been in its current stage when it moves. */
  public Duration timeInCurrentStage() {
    return lead.currentDwell(at);
  }
}
