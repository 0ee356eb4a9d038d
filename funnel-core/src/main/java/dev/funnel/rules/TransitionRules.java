package dev.funnel.rules;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.funnel.model.Stage;
import dev.funnel.model.StageKind;
import java.time.Duration;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The built-in transition rules and the combinators that compose them.
 *
 * <p>Every rule reports every reason it refuses a move; combinators keep all of them. Attach a rule
 * to every move with {@link TransitionEngine.Builder#rule} or to the moves into one stage with
 * {@link TransitionEngine.Builder#ruleInto}. Every rule returned here is immutable and thread-safe
 * (given thread-safe criteria), has a {@linkplain TransitionRule#definition() definition} (the
 * factory's name and arguments, so that it can be written down and made again), and is equal to a
 * rule made by the same factory from equal arguments.
 */
public final class TransitionRules {
  private TransitionRules() {}

  /**
   * Allows only moves to a later stage, with won and lost after every open stage wherever they are
   * declared ({@link Transition#isForward()}), so an outcome can be reached from every open stage.
   * Example: in {@code new → qualified → proposal}, {@code proposal → qualified} is refused; {@code
   * new → lost} is allowed even when {@code lost} is declared first.
   */
  public static TransitionRule forwardOnly() {
    return defined(
        RuleDefinition.of("forwardOnly"),
        TransitionRule.of(
            "forward only",
            Transition::isForward,
            t -> quote(t.to()) + " is not after " + quote(t.from())));
  }

  /**
   * Allows a forward move of at most {@code maxSteps} steps along the open stages ({@code 1}
   * forbids skipping a stage), counted by {@link Transition#openSteps()}: optional stages may be
   * passed over and won or lost stages never count as passed over; a won stage is the step after
   * the last open stage; moves into a lost stage are exempt, because a lead may be disqualified
   * from any stage. Moves backward are not this rule's concern.
   *
   * <p>Example: in {@code new → demo (optional) → proposal → lost → won}, {@code new → proposal}
   * and {@code proposal → won} are allowed under {@code maxForwardSteps(1)}, and so is {@code new →
   * lost}; {@code new → won} is refused, passing over 'proposal'.
   *
   * @throws IllegalArgumentException if {@code maxSteps} is less than 1
   */
  public static TransitionRule maxForwardSteps(int maxSteps) {
    checkArgument(maxSteps >= 1, "maxSteps must be at least 1: %s", maxSteps);
    return defined(
        RuleDefinition.of("maxForwardSteps", "maxSteps", maxSteps),
        TransitionRule.of(
            "no skipping",
            t -> t.openSteps() <= maxSteps,
            t ->
                arrow(t)
                    + " moves "
                    + t.openSteps()
                    + " stages forward, passing over "
                    + passedOver(t)
                    + "; at most "
                    + maxSteps
                    + " allowed"));
  }

  /**
   * Allows a backward move ("regression") of at most {@code maxSteps} steps along the open stages,
   * counted by {@link Transition#openSteps()}; {@code 0} forbids going back at all. Forward moves,
   * and moves out of won or lost (reopenings, the concern of {@link
   * #terminalLock(TransitionRule)}), are not this rule's concern.
   *
   * @throws IllegalArgumentException if {@code maxSteps} is negative
   */
  public static TransitionRule maxBackwardSteps(int maxSteps) {
    checkArgument(maxSteps >= 0, "maxSteps must not be negative: %s", maxSteps);
    return defined(
        RuleDefinition.of("maxBackwardSteps", "maxSteps", maxSteps),
        TransitionRule.of(
            "limited regression",
            t -> -t.openSteps() <= maxSteps,
            t ->
                maxSteps == 0
                    ? arrow(t) + " goes backward; backward moves are not allowed"
                    : arrow(t)
                        + " goes "
                        + -t.openSteps()
                        + " stages backward; at most "
                        + maxSteps
                        + " allowed"));
  }

  /** Refuses every move out of a won or lost stage. */
  public static TransitionRule terminalLock() {
    return defined(
        RuleDefinition.of("terminalLock"),
        TransitionRule.of(
            "terminal lock",
            t -> !t.from().isTerminal(),
            t -> quote(t.from()) + " is " + t.from().kind() + " and final"));
  }

  /**
   * Refuses moves out of a won or lost stage unless {@code reopenPolicy} allows the move: for
   * instance {@link #reopenWithin(Duration)}, or a {@link TransitionTable} of the reopenings that
   * are allowed. A refused reopening reports the lock and every reason of the policy.
   */
  public static TransitionRule terminalLock(TransitionRule reopenPolicy) {
    requireNonNull(reopenPolicy, "reopenPolicy");
    return defined(
        RuleDefinition.of("terminalLock", "reopenPolicy", reopenPolicy),
        t -> {
          if (!t.from().isTerminal()) {
            return RuleDecision.allow();
          }
          RuleDecision reopen = evaluate(reopenPolicy, t);
          if (reopen.isAllowed()) {
            return reopen;
          }
          return RuleDecision.deny(
                  "terminal lock",
                  quote(t.from())
                      + " is "
                      + t.from().kind()
                      + "; the reopen policy refuses this move")
              .and(reopen);
        });
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
    return defined(
        RuleDefinition.of("reopenWithin", "window", window),
        TransitionRule.of(
            "reopen window",
            t -> t.timeInCurrentStage().compareTo(window) <= 0,
            t ->
                quote(t.from())
                    + " was entered "
                    + Durations.format(t.timeInCurrentStage())
                    + " ago; it can be left only within "
                    + Durations.format(window)));
  }

  /**
   * Refuses the move while any criterion is unmet, naming each one. Attach it to the stage the
   * criteria guard, with {@link TransitionEngine.Builder#ruleInto}. A criterion that cannot read
   * its attribute (present with another type, which {@code Attributes} rejects with an {@link
   * IllegalArgumentException}) is unmet, and its refusal says why.
   *
   * @throws IllegalArgumentException if no criterion is given
   */
  public static TransitionRule entryCriteria(Criterion... criteria) {
    ImmutableList<Criterion> all = ImmutableList.copyOf(requireNonNull(criteria, "criteria"));
    checkArgument(!all.isEmpty(), "entryCriteria needs at least one criterion");
    return defined(
        RuleDefinition.of("entryCriteria", "criteria", all),
        t -> {
          RuleDecision decision = RuleDecision.allow();
          for (Criterion criterion : all) {
            @Nullable String unmet;
            try {
              unmet = criterion.isMetBy(t.lead()) ? null : "not met: " + criterion.name();
            } catch (IllegalArgumentException e) {
              // An attribute of another type than the criterion reads (a budget given as text): the
              // criterion is not met, and the refusal says which one and why.
              unmet = "not met: " + criterion.name() + " (" + e.getMessage() + ")";
            }
            if (unmet != null) {
              decision =
                  decision.and(RuleDecision.deny("entry criteria of '" + t.to().id() + "'", unmet));
            }
          }
          return decision;
        });
  }

  /**
   * Refuses the move while any of the named attributes is absent, naming each missing one.
   *
   * @throws IllegalArgumentException if no attribute is given or a name is blank
   */
  public static TransitionRule requiredAttributes(String... attributes) {
    ImmutableList<String> names = ImmutableList.copyOf(requireNonNull(attributes, "attributes"));
    checkArgument(!names.isEmpty(), "requiredAttributes needs at least one attribute");
    names.forEach(n -> checkArgument(!n.isBlank(), "attribute name must not be blank: '%s'", n));
    return defined(
        RuleDefinition.of("requiredAttributes", "attributes", names),
        t -> {
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
        });
  }

  /**
   * Refuses to let a lead leave its current stage before it has been there for {@code minimum}.
   *
   * @throws IllegalArgumentException if the minimum is negative
   */
  public static TransitionRule minimumTimeInStage(Duration minimum) {
    requireNonNull(minimum, "minimum");
    checkArgument(!minimum.isNegative(), "minimum must not be negative: %s", minimum);
    return defined(
        RuleDefinition.of("minimumTimeInStage", "minimum", minimum),
        TransitionRule.of(
            "minimum time in stage",
            t -> t.timeInCurrentStage().compareTo(minimum) >= 0,
            t ->
                "in "
                    + quote(t.from())
                    + " for "
                    + Durations.format(t.timeInCurrentStage())
                    + "; needs at least "
                    + Durations.format(minimum)));
  }

  /**
   * Refuses a move whose reason is empty or blank. Example: attach it with {@link
   * TransitionEngine.Builder#ruleInto} to a stage whose moves must say why.
   */
  public static TransitionRule reasonRequired() {
    return defined(
        RuleDefinition.of("reasonRequired"),
        TransitionRule.of(
            "reason required",
            t -> !t.reason().isBlank(),
            t -> arrow(t) + " needs a reason; none was given"));
  }

  /**
   * Refuses a move into a lost stage unless its reason is one of {@code reasons}, exactly as
   * written (the lost reason is recorded from the move's reason); other moves are not its concern.
   * Example: {@code lostReasonOneOf("no budget", "chose a competitor", "no response")}.
   *
   * @throws IllegalArgumentException if no reason is given, or one is blank or repeated
   */
  public static TransitionRule lostReasonOneOf(String... reasons) {
    ImmutableList<String> allowed = ImmutableList.copyOf(requireNonNull(reasons, "reasons"));
    checkArgument(!allowed.isEmpty(), "lostReasonOneOf needs at least one reason");
    allowed.forEach(r -> checkArgument(!r.isBlank(), "a lost reason must not be blank: '%s'", r));
    checkArgument(
        ImmutableSet.copyOf(allowed).size() == allowed.size(),
        "lost reasons must not repeat: %s",
        allowed);
    return defined(
        RuleDefinition.of("lostReasonOneOf", "reasons", allowed),
        TransitionRule.of(
            "lost reason",
            t -> t.to().kind() != StageKind.LOST || allowed.contains(t.reason()),
            t ->
                (t.reason().isBlank()
                        ? "no lost reason was given"
                        : "'" + t.reason() + "' is not a lost reason")
                    + " for "
                    + arrow(t)
                    + "; the reasons are "
                    + allowed));
  }

  /** Allows a move only if every rule allows it; reports the violations of all of them. */
  public static TransitionRule allOf(TransitionRule... rules) {
    ImmutableList<TransitionRule> all = ImmutableList.copyOf(requireNonNull(rules, "rules"));
    return defined(
        RuleDefinition.of("allOf", "rules", all),
        t -> {
          RuleDecision decision = RuleDecision.allow();
          for (TransitionRule rule : all) {
            decision = decision.and(evaluate(rule, t));
          }
          return decision;
        });
  }

  /**
   * Allows a move if at least one rule allows it; when none does, reports the violations of all of
   * them.
   *
   * @throws IllegalArgumentException if no rule is given (there would be nothing to allow)
   */
  public static TransitionRule anyOf(TransitionRule... rules) {
    ImmutableList<TransitionRule> all = ImmutableList.copyOf(requireNonNull(rules, "rules"));
    checkArgument(!all.isEmpty(), "anyOf needs at least one rule");
    return defined(
        RuleDefinition.of("anyOf", "rules", all),
        t -> {
          RuleDecision refusals = RuleDecision.allow();
          for (TransitionRule rule : all) {
            RuleDecision decision = evaluate(rule, t);
            if (decision.isAllowed()) {
              return decision;
            }
            refusals = refusals.and(decision);
          }
          return refusals;
        });
  }

  /**
   * Allows a move exactly when {@code negated} refuses it; refuses it with {@code name} and {@code
   * message} otherwise. Example: {@code not(forwardOnly(), "no forward moves", "frozen")}.
   *
   * @throws IllegalArgumentException if the name is blank
   */
  public static TransitionRule not(TransitionRule negated, String name, String message) {
    requireNonNull(negated, "negated");
    requireNonNull(message, "message");
    return defined(
        RuleDefinition.of("not", "negated", negated, "name", name, "message", message),
        TransitionRule.of(name, t -> !evaluate(negated, t).isAllowed(), t -> message));
  }

  private static TransitionRule defined(RuleDefinition definition, TransitionRule rule) {
    return new DefinedRule(definition, rule);
  }

  /**
   * Returns the rule's decision, refusing a null one: a rule must decide, and a null would surface
   * later as an unexplained NullPointerException.
   */
  static RuleDecision evaluate(TransitionRule rule, Transition t) {
    RuleDecision decision = rule.evaluate(t);
    if (decision == null) {
      throw new IllegalStateException(
          "rule "
              + rule
              + " returned no decision (null) for "
              + arrow(t)
              + " of lead '"
              + t.lead().id()
              + "'");
    }
    return decision;
  }

  // Messages are built by concatenation, not String.format: refusals are common (every stage a
  // lead cannot move to is one), and formatting dominated the cost of a decision.
  private static String quote(Stage stage) {
    return "'" + stage.id() + "'";
  }

  private static String passedOver(Transition t) {
    return t.passedOver().stream().map(TransitionRules::quote).collect(Collectors.joining(", "));
  }

  private static String arrow(Transition t) {
    return quote(t.from()) + " → " + quote(t.to());
  }
}
