package dev.funnel.rules;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Decides whether one proposed move is legal, and if not, gives every reason why.
 *
 * <p>Rules are attached to a {@link TransitionEngine} for every move or only for moves into one
 * stage. {@link TransitionRules} has the built-in rules and the combinators {@code allOf}, {@code
 * anyOf} and {@code not}, each with a {@link #definition()}; {@link #of} makes a named rule from a
 * predicate:
 *
 * <pre>{@code
 * TransitionRule bigDealsNeedApproval = TransitionRule.of(
 *     "big deals need approval",
 *     t -> t.lead().value().compareTo(LIMIT) < 0 || t.lead().attributes().isTrue("approved"),
 *     t -> "deal of " + t.lead().value() + " needs the 'approved' attribute");
 * }</pre>
 *
 * <p>Implementations must be free of side effects and safe to call from several threads: the engine
 * may evaluate a rule many times, for instance to list the stages a lead could move to. A rule that
 * throws makes the move fail with that exception; the lead stays unchanged.
 */
@FunctionalInterface
public interface TransitionRule {

  /** Returns whether the move is allowed, with every violated reason if it is not. */
  RuleDecision evaluate(Transition transition);

  /**
   * Returns how the rule was made, if it is a built-in one ({@link TransitionRules}, {@link
   * TransitionTable}): the factory and its arguments, from which it can be written down and made
   * again. Empty for a rule from a predicate, which is code; {@code funnel-json} writes such a rule
   * by the name it was registered under.
   */
  default Optional<RuleDefinition> definition() {
    return Optional.empty();
  }

  /**
   * Returns a rule that allows a move when {@code allowedWhen} holds, and otherwise denies it with
   * the message {@code explanation} gives for that move.
   *
   * @throws IllegalArgumentException if the name is blank
   */
  static TransitionRule of(
      String name, Predicate<Transition> allowedWhen, Function<Transition, String> explanation) {
    requireNonNull(name, "name");
    requireNonNull(allowedWhen, "allowedWhen");
    requireNonNull(explanation, "explanation");
    checkArgument(!name.isBlank(), "rule name must not be blank: '%s'", name);
    return transition ->
        allowedWhen.test(transition)
            ? RuleDecision.allow()
            : RuleDecision.deny(name, explanation.apply(transition));
  }
}
