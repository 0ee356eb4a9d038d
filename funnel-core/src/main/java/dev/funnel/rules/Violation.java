package dev.funnel.rules;

import static java.util.Objects.requireNonNull;

/**
 * One reason a move was refused: the rule that refused it and what is wrong, in words a seller can
 * act on.
 *
 * @param rule the name of the rule, such as {@code "forward only"}
 * @param message what is wrong, such as {@code "criterion not met: has a budget"}
 */
public record Violation(String rule, String message) {

  /** Validates that no component is null. */
  public Violation {
    requireNonNull(rule, "rule");
    requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return rule + ": " + message;
  }
}
