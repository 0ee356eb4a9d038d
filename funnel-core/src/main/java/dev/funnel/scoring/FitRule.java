package dev.funnel.scoring;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSet;
import dev.funnel.model.AttributeType;
import dev.funnel.model.Attributes;
import dev.funnel.model.Lead;
import dev.funnel.rules.RuleDefinition;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A fit rule: points a lead earns for what it is, such as its company size, industry or the buyer's
 * job title. A {@link FitScorer} adds up the points of the rules a lead matches.
 *
 * <p>The built-in rules read one attribute of a declared type, so that a scorer can reject a rule
 * over an attribute it does not know; a lead without the attribute does not match. {@link
 * #matching} takes any predicate over the lead.
 *
 * <p>Immutable; thread-safe if its predicate is.
 */
public final class FitRule {
  private final String name;
  private final Optional<String> attribute;
  private final Optional<AttributeType> type;
  private final Predicate<Attributes> test;
  private final Predicate<Lead> leadTest;
  private final double points;
  // The factory and its arguments but the points, for the built-in rules; null for matching().
  private final @Nullable RuleDefinition made;

  private FitRule(
      String name,
      Optional<String> attribute,
      Optional<AttributeType> type,
      Predicate<Attributes> test,
      Predicate<Lead> leadTest,
      double points,
      @Nullable RuleDefinition made) {
    requireNonNull(name, "name");
    checkArgument(!name.isBlank(), "fit rule name must not be blank: '%s'", name);
    checkArgument(
        Double.isFinite(points), "points of fit rule '%s' must be finite: %s", name, points);
    this.name = name;
    this.attribute = attribute;
    this.type = type;
    this.test = test;
    this.leadTest = leadTest;
    this.points = points;
    this.made = made;
  }

  private static FitRule onAttribute(
      String name,
      String attribute,
      AttributeType type,
      Predicate<Attributes> test,
      double points,
      String kind,
      Object... arguments) {
    requireNonNull(attribute, "attribute");
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("name", name);
    parameters.put("attribute", attribute);
    for (int i = 0; i < arguments.length; i += 2) {
      parameters.put((String) arguments[i], arguments[i + 1]);
    }
    return new FitRule(
        name,
        Optional.of(attribute),
        Optional.of(type),
        test,
        lead -> true,
        points,
        RuleDefinition.of(kind, parameters));
  }

  /** Matches when the text attribute equals {@code value} exactly. */
  public static FitRule equalTo(String name, String attribute, String value, double points) {
    requireNonNull(name, "name");
    requireNonNull(attribute, "attribute");
    requireNonNull(value, "value");
    return onAttribute(
        name,
        attribute,
        AttributeType.TEXT,
        a -> a.text(attribute).filter(value::equals).isPresent(),
        points,
        "equalTo",
        "value",
        value);
  }

  /**
   * Matches when the text attribute is one of {@code values}.
   *
   * @throws IllegalArgumentException if no value is given
   */
  public static FitRule oneOf(
      String name, String attribute, Collection<String> values, double points) {
    requireNonNull(name, "name");
    requireNonNull(attribute, "attribute");
    ImmutableSet<String> allowed = ImmutableSet.copyOf(values);
    checkArgument(!allowed.isEmpty(), "fit rule '%s' needs at least one value", name);
    return onAttribute(
        name,
        attribute,
        AttributeType.TEXT,
        a -> a.text(attribute).filter(allowed::contains).isPresent(),
        points,
        "oneOf",
        "values",
        allowed.asList());
  }

  /**
   * Matches when the number attribute is at least {@code min} and below {@code maxExclusive}, so
   * that adjacent ranges ({@code 0–50}, {@code 50–250}) never overlap.
   *
   * @throws IllegalArgumentException if a bound is NaN or the range is empty
   */
  public static FitRule between(
      String name, String attribute, double min, double maxExclusive, double points) {
    requireNonNull(name, "name");
    requireNonNull(attribute, "attribute");
    checkArgument(
        min < maxExclusive, "fit rule '%s' needs min < max, got [%s, %s)", name, min, maxExclusive);
    return onAttribute(
        name,
        attribute,
        AttributeType.NUMBER,
        a -> {
          OptionalDouble v = a.number(attribute);
          return v.isPresent() && v.getAsDouble() >= min && v.getAsDouble() < maxExclusive;
        },
        points,
        "between",
        "min",
        min,
        "maxExclusive",
        maxExclusive);
  }

  /**
   * Matches when the number attribute is at least {@code min}.
   *
   * @throws IllegalArgumentException if the minimum is NaN
   */
  public static FitRule atLeast(String name, String attribute, double min, double points) {
    requireNonNull(name, "name");
    requireNonNull(attribute, "attribute");
    checkArgument(!Double.isNaN(min), "minimum of fit rule '%s' is NaN", name);
    return onAttribute(
        name,
        attribute,
        AttributeType.NUMBER,
        a -> {
          OptionalDouble v = a.number(attribute);
          return v.isPresent() && v.getAsDouble() >= min;
        },
        points,
        "atLeast",
        "min",
        min);
  }

  /** Matches when the boolean attribute is present and true. */
  public static FitRule isTrue(String name, String attribute, double points) {
    requireNonNull(name, "name");
    requireNonNull(attribute, "attribute");
    return onAttribute(
        name, attribute, AttributeType.BOOLEAN, a -> a.isTrue(attribute), points, "isTrue");
  }

  /** Matches when the predicate holds: for facts that are not one attribute (source, value...). */
  public static FitRule matching(String name, Predicate<Lead> test, double points) {
    requireNonNull(name, "name");
    requireNonNull(test, "test");
    return new FitRule(name, Optional.empty(), Optional.empty(), a -> true, test, points, null);
  }

  /** Returns the rule's name, which explanations show. */
  public String name() {
    return name;
  }

  /** Returns the attribute the rule reads, unless it is a {@link #matching} rule. */
  public Optional<String> attribute() {
    return attribute;
  }

  /**
   * Returns the type the rule expects its attribute to have, unless it is a {@link #matching} rule.
   */
  public Optional<AttributeType> attributeType() {
    return type;
  }

  /** Returns the points a matching lead earns; negative points lower the score. */
  public double points() {
    return points;
  }

  /**
   * Returns the same rule with other points.
   *
   * @throws IllegalArgumentException if the points are not finite
   */
  public FitRule withPoints(double newPoints) {
    return new FitRule(name, attribute, type, test, leadTest, newPoints, made);
  }

  /**
   * Returns whether the lead matches.
   *
   * @throws IllegalArgumentException if the lead has the rule's attribute with another type (the
   *     message names the rule, the lead, the attribute and both types)
   */
  public boolean matches(Lead lead) {
    if (attribute.isEmpty()) {
      return leadTest.test(lead);
    }
    try {
      return test.test(lead.attributes());
    } catch (IllegalArgumentException wrongType) {
      // Attributes checks the type on every read, so the check costs nothing when it passes.
      throw new IllegalArgumentException(
          String.format(
              "fit rule '%s' cannot read lead '%s': %s", name, lead.id(), wrongType.getMessage()),
          wrongType);
    }
  }

  /**
   * Returns how a built-in rule was made: its factory and arguments, such as {@code
   * atLeast(name=big, attribute=employees, min=200.0, points=10.0)}; empty for a rule from {@link
   * #matching}.
   */
  public Optional<RuleDefinition> definition() {
    if (made == null) {
      return Optional.empty();
    }
    Map<String, Object> parameters = new LinkedHashMap<>(made.parameters());
    parameters.put("points", points);
    return Optional.of(RuleDefinition.of(made.kind(), parameters));
  }

  /**
   * Built-in rules are equal when made alike with the same points; rules from {@link #matching}
   * when they have the same name, points and predicate object.
   */
  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof FitRule other)) {
      return false;
    }
    boolean samePoints = Double.compare(points, other.points) == 0;
    return made != null
        ? samePoints && made.equals(other.made)
        : other.made == null && samePoints && name.equals(other.name) && leadTest == other.leadTest;
  }

  @Override
  public int hashCode() {
    return Objects.hash(made != null ? made : leadTest, name, points);
  }

  @Override
  public String toString() {
    return name + " (" + points + " points)";
  }
}
