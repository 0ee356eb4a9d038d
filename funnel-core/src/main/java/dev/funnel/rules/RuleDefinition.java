package dev.funnel.rules;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A built-in rule or criterion as data: the name of the factory that made it and the arguments it
 * was given, so that it can be written down (as JSON by {@code funnel-json}) and made again, and so
 * that two rules made alike are equal.
 *
 * <p>The {@linkplain #kind() kind} is the factory method's name ({@code "maxForwardSteps"} for
 * {@link TransitionRules#maxForwardSteps}, {@code "atLeast"} for {@link Criterion#atLeast}); the
 * {@linkplain #parameters() parameters} are its arguments by parameter name, in the factory's
 * order, as {@link Integer}, {@link Double}, {@link String}, {@link java.time.Duration}, lists of
 * strings, of {@link Criterion criteria} or of {@link TransitionRule rules}, a rule, or (for a
 * {@link TransitionTable}) its {@linkplain TransitionTable#allowedMoves() allowed moves}. Fit rules
 * ({@code dev.funnel.scoring.FitRule}) and features are defined the same way.
 *
 * <p>Rules and criteria made from a predicate ({@link TransitionRule#of}, {@link Criterion#of}, or
 * a lambda) have no definition: they are code, and equal only to themselves.
 *
 * <p>Immutable and thread-safe.
 */
public final class RuleDefinition {
  private final String kind;
  private final ImmutableMap<String, Object> parameters;

  private RuleDefinition(String kind, ImmutableMap<String, Object> parameters) {
    this.kind = kind;
    this.parameters = parameters;
  }

  /**
   * Returns a definition from a factory's name and its arguments by parameter name, for rules of
   * other packages (fit rules, engagement rules) and for readers that make them again.
   *
   * @throws IllegalArgumentException if the kind is blank
   */
  public static RuleDefinition of(String kind, Map<String, ?> parameters) {
    requireNonNull(kind, "kind");
    checkArgument(!kind.isBlank(), "a rule's kind must not be blank: '%s'", kind);
    return new RuleDefinition(kind, ImmutableMap.copyOf(requireNonNull(parameters, "parameters")));
  }

  /** Returns a definition from the factory's name and its arguments as name, value, name, value. */
  static RuleDefinition of(String kind, Object... namesAndValues) {
    requireNonNull(kind, "kind");
    checkArgument(namesAndValues.length % 2 == 0, "names and values must pair up");
    ImmutableMap.Builder<String, Object> parameters = ImmutableMap.builder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      parameters.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return new RuleDefinition(kind, parameters.buildOrThrow());
  }

  /** Returns the name of the factory method that made the rule or criterion. */
  public String kind() {
    return kind;
  }

  /** Returns the factory's arguments by parameter name, in the factory's order. */
  public ImmutableMap<String, Object> parameters() {
    return parameters;
  }

  /** Two definitions are equal when their kinds and parameters are. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof RuleDefinition other
        && kind.equals(other.kind)
        && parameters.equals(other.parameters);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, parameters);
  }

  /** Returns the definition as a call, such as {@code maxForwardSteps(maxSteps=1)}. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(kind).append('(');
    parameters.forEach(
        (name, value) ->
            text.append(text.charAt(text.length() - 1) == '(' ? "" : ", ")
                .append(name)
                .append('=')
                .append(value));
    return text.append(')').toString();
  }
}
