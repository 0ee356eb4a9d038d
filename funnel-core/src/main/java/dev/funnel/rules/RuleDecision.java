package dev.funnel.rules;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * The verdict of a {@link TransitionRule}: allowed, or denied with every violated reason, so that a
 * seller sees all that is missing at once rather than one problem per attempt.
 *
 * <p>Immutable and thread-safe.
 *
 * @param violations every reason the move is refused; empty when it is allowed
 */
public record RuleDecision(List<Violation> violations) {
  private static final RuleDecision ALLOW = new RuleDecision(List.of());

  /** Copies the violations. */
  public RuleDecision {
    violations = ImmutableList.copyOf(requireNonNull(violations, "violations"));
  }

  /** Returns the decision that allows the move. */
  public static RuleDecision allow() {
    return ALLOW;
  }

  /** Returns a decision that denies the move for one reason. */
  public static RuleDecision deny(String rule, String message) {
    return new RuleDecision(List.of(new Violation(rule, message)));
  }

  /** Returns whether the move is allowed. */
  public boolean isAllowed() {
    return violations.isEmpty();
  }

  /** Returns the decision that allows only what both allow, with the violations of both. */
  public RuleDecision and(RuleDecision other) {
    requireNonNull(other, "other");
    if (other.isAllowed()) {
      return this;
    }
    if (isAllowed()) {
      return other;
    }
    return new RuleDecision(
        ImmutableList.<Violation>builder().addAll(violations).addAll(other.violations).build());
  }
}
