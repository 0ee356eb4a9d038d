package dev.funnel.rules;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSet;
import dev.funnel.model.Lead;
import java.util.function.Predicate;

/**
 * A named condition a lead must meet to enter a stage, such as "has a budget" or "the account fits
 * the target profile". Used with {@link TransitionRules#entryCriteria}, which reports each unmet
 * criterion by its name.
 *
 * <p>Immutable; thread-safe if its predicate is.
 *
 * @param name what the criterion asks, in the words of the sales process
 * @param test whether a lead meets it
 */
public record Criterion(String name, Predicate<Lead> test) {

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if the name is blank
   */
  public Criterion {
    requireNonNull(name, "name");
    requireNonNull(test, "test");
    checkArgument(!name.isBlank(), "criterion name must not be blank: '%s'", name);
  }

  /** Returns a criterion from any predicate over the lead. */
  public static Criterion of(String name, Predicate<Lead> test) {
    return new Criterion(name, test);
  }

  /** Met when the boolean attribute is present and true. */
  public static Criterion isTrue(String name, String attribute) {
    requireNonNull(attribute, "attribute");
    return new Criterion(name, lead -> lead.attributes().isTrue(attribute));
  }

  /** Met when the attribute is present, whatever its type and value. */
  public static Criterion present(String name, String attribute) {
    requireNonNull(attribute, "attribute");
    return new Criterion(name, lead -> lead.attributes().has(attribute));
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
        name, lead -> lead.attributes().number(attribute).stream().anyMatch(v -> v >= minimum));
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
        name, lead -> lead.attributes().text(attribute).filter(allowed::contains).isPresent());
  }

  /** Returns whether the lead meets this criterion. */
  public boolean isMetBy(Lead lead) {
    return test.test(requireNonNull(lead, "lead"));
  }
}
