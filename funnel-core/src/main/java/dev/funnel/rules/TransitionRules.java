package dev.funnel.rules;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import dev.funnel.model.Stage;
import dev.funnel.model.StageKind;
import java.time.Duration;
import java.util.List;

/**
 * The built-in transition rules and the combinators that compose them.
 *
 * <p>Every rule reports every reason it refuses a move; combinators keep all of them. Attach a
 * rule to every move with {@link TransitionEngine.Builder#rule} or to the moves into one stage
 * with {@link TransitionEngine.Builder#ruleInto}. Every rule returned here is immutable and
 * thread-safe (given thread-safe criteria).
 */
public final class TransitionRules {
  private TransitionRules() {}

  /**
   * Allows only moves to a later stage. Example: in {@code new → qualified → proposal}, {@code
   * proposal → qualified} is refused.
   */
  public static TransitionRule forwardOnly() {
    return TransitionRule.of(
        "forward only",
        t -> t.distance() > 0,
        t -> quote(t.to()) + " is not after " + quote(t.from()));
  }

  /**
   * Allows a forward move of at most {@code maxSteps} stages ({@code 1} forbids skipping a
   * stage). Moves into a lost stage are exempt, because a lead may be disqualified from any stage;
   * moves backward are not this rule's concern.
   *
   * @throws IllegalArgumentException if {@code maxSteps} is less than 1
   */
  public static TransitionRule maxForwardSteps(int maxSteps) {
    checkArgument(maxSteps >= 1, "maxSteps must be at least 1: %s", maxSteps);
    return TransitionRule.of(
        "no skipping",
        t -> t.to().kind() == StageKind.LOST || t.distance() <= maxSteps,
        t ->
            arrow(t) + " moves " + t.distance() + " stages forward; at most " + maxSteps + " allowed");
  }

  /**
   * Allows a backward move ("regression") of at most {@code maxSteps} stages; {@code 0} forbids
   * going back at all. Forward moves are not this rule's concern.
   *
   * @throws IllegalArgumentException if {@code maxSteps} is negative
   */
  public static TransitionRule maxBackwardSteps(int maxSteps) {
    checkArgument(maxSteps >= 0, "maxSteps must not be negative: %s", maxSteps);
    return TransitionRule.of(
        "limited regression",
        t -> -t.distance() <= maxSteps,
        t ->
            maxSteps == 0
                ? arrow(t) + " goes backward; backward moves are not allowed"
                : arrow(t) + " goes " + -t.distance() + " stages backward; at most " + maxSteps
                    + " allowed");
  }

  /** Refuses every move out of a won or lost stage. */
  public static TransitionRule terminalLock() {
    return TransitionRule.of(
        "terminal lock",
        t -> !t.from().isTerminal(),
        t -> quote(t.from()) + " is " + t.from().kind() + " and final");
  }

  /**
   * Refuses moves out of a won or lost stage unless {@code reopenPolicy} allows the move: for
   * instance {@link #reopenWithin(Duration)}, or a {@link TransitionTable} of the reopenings that
   * are allowed. A refused reopening reports the lock and every reason of the policy.
   */
  public static TransitionRule terminalLock(TransitionRule reopenPolicy) {
    requireNonNull(reopenPolicy, "reopenPolicy");
    return t -> {
      if (!t.from().isTerminal()) {
        return RuleDecision.allow();
      }
      RuleDecision reopen = reopenPolicy.evaluate(t);
      if (reopen.isAllowed()) {
        return reopen;
      }
      return RuleDecision.deny(
              "terminal lock",
              quote(t.from()) + " is " + t.from().kind() + "; the reopen policy refuses this move")
          .and(reopen);
    };
  }

  /**
   * Allows a move only if the lead has been in its current stage for at most {@code window}: as a
   * reopen policy, "a closed deal may be reopened within 30 days".
   *
   * @throws IllegalArgumentException if the window is negative
   */
  public static TransitionRule reopenWithin(Duration window) {
    requireNonNull(window, "window");
    checkArgument(!window.isNegative(), "window must not be negative: %s", window);
    return TransitionRule.of(
        "reopen window",
        t -> t.timeInCurrentStage().compareTo(window) <= 0,
        t ->
            quote(t.from())
                + " was entered "
                + Durations.format(t.timeInCurrentStage())
                + " ago; it can be left only within "
                + Durations.format(window));
  }

  /**
   * Refuses the move while any criterion is unmet, naming each one. Attach it to the stage the
   * criteria guard, with {@link TransitionEngine.Builder#ruleInto}.
   *
   * @throws IllegalArgumentException if no criterion is given
   */
  public static TransitionRule entryCriteria(Criterion... criteria) {
    List<Criterion> all = ImmutableList.copyOf(requireNonNull(criteria, "criteria"));
    checkArgument(!all.isEmpty(), "entryCriteria needs at least one criterion");
    return t -> {
      RuleDecision decision = RuleDecision.allow();
      for (Criterion criterion : all) {
        if (!criterion.isMetBy(t.lead())) {
          decision =
              decision.and(
                  RuleDecision.deny(
                      "entry criteria of '" + t.to().id() + "'",
                      "not met: " + criterion.name()));
        }
      }
      return decision;
    };
  }

  /**
   * Refuses the move while any of the named attributes is absent, naming each missing one.
   *
   * @throws IllegalArgumentException if no attribute is given or a name is blank
   */
  public static TransitionRule requiredAttributes(String... attributes) {
    List<String> names = ImmutableList.copyOf(requireNonNull(attributes, "attributes"));
    checkArgument(!names.isEmpty(), "requiredAttributes needs at least one attribute");
    names.forEach(n -> checkArgument(!n.isBlank(), "attribute name must not be blank: '%s'", n));
    return t -> {
      RuleDecision decision = RuleDecision.allow();
      for (String name : names) {
        if (!t.lead().attributes().has(name)) {
          decision =
              decision.and(
                  RuleDecision.deny(
                      "required attributes of '" + t.to().id() + "'",
                      "missing attribute '" + name + "'"));
        }
      }
      return decision;
    };
  }

  /**
   * Refuses to let a lead leave its current stage before it has been there for {@code minimum}.
   *
   * @throws IllegalArgumentException if the minimum is negative
   */
  public static TransitionRule minimumTimeInStage(Duration minimum) {
    requireNonNull(minimum, "minimum");
    checkArgument(!minimum.isNegative(), "minimum must not be negative: %s", minimum);
    return TransitionRule.of(
        "minimum time in stage",
        t -> t.timeInCurrentStage().compareTo(minimum) >= 0,
        t ->
            "in "
                + quote(t.from())
                + " for "
                + Durations.format(t.timeInCurrentStage())
                + "; needs at least "
                + Durations.format(minimum));
  }

  /** Allows a move only if every rule allows it; reports the violations of all of them. */
  public static TransitionRule allOf(TransitionRule... rules) {
    List<TransitionRule> all = ImmutableList.copyOf(requireNonNull(rules, "rules"));
    return t -> {
      RuleDecision decision = RuleDecision.allow();
      for (TransitionRule rule : all) {
        decision = decision.and(rule.evaluate(t));
      }
      return decision;
    };
  }

  /**
   * Allows a move if at least one rule allows it; when none does, reports the violations of all of
   * them.
   *
   * @throws IllegalArgumentException if no rule is given (there would be nothing to allow)
   */
  public static TransitionRule anyOf(TransitionRule... rules) {
    List<TransitionRule> all = ImmutableList.copyOf(requireNonNull(rules, "rules"));
    checkArgument(!all.isEmpty(), "anyOf needs at least one rule");
    return t -> {
      RuleDecision refusals = RuleDecision.allow();
      for (TransitionRule rule : all) {
        RuleDecision decision = rule.evaluate(t);
        if (decision.isAllowed()) {
          return decision;
        }
        refusals = refusals.and(decision);
      }
      return refusals;
    };
  }

  /**
   * Allows a move exactly when {@code rule} refuses it; refuses it with {@code name} and {@code
   * message} otherwise. Example: {@code not(forwardOnly(), "no forward moves", "frozen")}.
   *
   * @throws IllegalArgumentException if the name is blank
   */
  public static TransitionRule not(TransitionRule rule, String name, String message) {
    requireNonNull(rule, "rule");
    requireNonNull(message, "message");
    return TransitionRule.of(name, t -> !rule.evaluate(t).isAllowed(), t -> message);
  }

  // Messages are built by concatenation, not String.format: refusals are common (every stage a
  // lead cannot move to is one), and formatting dominated the cost of a decision.
  private static String quote(Stage stage) {
    return "'" + stage.id() + "'";
  }

  private static String arrow(Transition t) {
    return quote(t.from()) + " → " + quote(t.to());
  }
}
