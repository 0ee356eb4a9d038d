package dev.funnel.rules;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A built-in rule: decides as its implementation does, and is equal to rules defined alike. */
final class DefinedRule implements TransitionRule {
  private final RuleDefinition definition;
  private final TransitionRule implementation;

  DefinedRule(RuleDefinition definition, TransitionRule implementation) {
    this.definition = definition;
    this.implementation = implementation;
  }

  @Override
  public RuleDecision evaluate(Transition transition) {
    return implementation.evaluate(transition);
  }

  @Override
  public Optional<RuleDefinition> definition() {
    return Optional.of(definition);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof DefinedRule other && definition.equals(other.definition);
  }

  @Override
  public int hashCode() {
    return definition.hashCode();
  }

  @Override
  public String toString() {
    return definition.toString();
  }
}
