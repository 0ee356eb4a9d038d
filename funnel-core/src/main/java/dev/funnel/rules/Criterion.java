package dev.funnel.rules;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSet;
import dev.funnel.model.Lead;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A named condition a lead must meet to enter a stage, such as "has a budget" or "the account fits
 * the target profile". Used with {@link TransitionRules#entryCriteria}, which reports each unmet
 * criterion by its name.
 *
 * <p>The built-in criteria ({@link #isTrue}, {@link #present}, {@link #atLeast}, {@link #oneOf})
 * have a {@linkplain #definition() definition} and are equal when made alike; a criterion from a
 * predicate ({@link #of}) is equal only to itself.
 *
 * <p>Immutable; thread-safe if its predicate is.
 */
public final class Criterion {
  private final String name;
  private final Predicate<Lead> test;
  private final @Nullable RuleDefinition definition;

  private Criterion(String name, Predicate<Lead> test, @Nullable RuleDefinition definition) {
    requireNonNull(name, "name");
    requireNonNull(test, "test");
    checkArgument(!name.isBlank(), "criterion name must not be blank: '%s'", name);
    this.name = name;
    this.test = test;
    this.definition = definition;
  }

  /**
   * Returns a criterion from any predicate over the lead.
   *
   * @throws IllegalArgumentException if the name is blank
   */
  public static Criterion of(String name, Predicate<Lead> test) {
    return new Criterion(name, test, null);
  }

  /** Met when the boolean attribute is present and true. */
  public static Criterion isTrue(String name, String attribute) {
    requireNonNull(attribute, "attribute");
    return new Criterion(
        name,
        lead -> lead.attributes().isTrue(attribute),
        RuleDefinition.of("isTrue", "name", name, "attribute", attribute));
  }

  /** Met when the attribute is present, whatever its type and value. */
  public static Criterion present(String name, String attribute) {
    requireNonNull(attribute, "attribute");
    return new Criterion(
        name,
        lead -> lead.attributes().has(attribute),
        RuleDefinition.of("present", "name", name, "attribute", attribute));
  }

  /**
   * Met when the number attribute is present and at least {@code minimum}.
   *
   * @throws IllegalArgumentException if the minimum is NaN
   */
  public static Criterion atLeast(String name, String attribute, double minimum) {
    requireNonNull(attribute, "attribute");
    checkArgument(!Double.isNaN(minimum), "minimum of criterion '%s' is NaN", name);
    return new Criterion(
        name,
        lead -> lead.attributes().number(attribute).stream().anyMatch(v -> v >= minimum),
        RuleDefinition.of("atLeast", "name", name, "attribute", attribute, "minimum", minimum));
  }

  /**
   * Met when the text attribute is present and one of {@code values}.
   *
   * @throws IllegalArgumentException if no value is given
   */
  public static Criterion oneOf(String name, String attribute, String... values) {
    requireNonNull(attribute, "attribute");
    ImmutableSet<String> allowed = ImmutableSet.copyOf(requireNonNull(values, "values"));
    checkArgument(!allowed.isEmpty(), "criterion '%s' needs at least one value", name);
    return new Criterion(
        name,
        lead -> lead.attributes().text(attribute).filter(allowed::contains).isPresent(),
        RuleDefinition.of(
            "oneOf", "name", name, "attribute", attribute, "values", allowed.asList()));
  }

  /** Returns what the criterion asks, in the words of the sales process. */
  public String name() {
    return name;
  }

  /** Returns the predicate that decides whether a lead meets it. */
  public Predicate<Lead> test() {
    return test;
  }

  /** Returns how a built-in criterion was made; empty for one from a predicate. */
  public Optional<RuleDefinition> definition() {
    return Optional.ofNullable(definition);
  }

  /** Returns whether the lead meets this criterion. */
  public boolean isMetBy(Lead lead) {
    return test.test(requireNonNull(lead, "lead"));
  }

  /**
   * Built-in criteria are equal when their definitions are; others when they have the same name and
   * the same predicate object.
   */
  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof Criterion other)) {
      return false;
    }
    return definition != null
        ? definition.equals(other.definition)
        : other.definition == null && name.equals(other.name) && test == other.test;
  }

  @Override
  public int hashCode() {
    return definition != null ? definition.hashCode() : Objects.hash(name, test);
  }

  @Override
  public String toString() {
    return definition != null ? definition.toString() : "Criterion[" + name + "]";
  }
}
