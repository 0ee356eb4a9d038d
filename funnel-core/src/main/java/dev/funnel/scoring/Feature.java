package dev.funnel.scoring;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;
import com.google.common.primitives.Doubles;
import dev.funnel.model.Attributes;
import dev.funnel.model.Lead;
import dev.funnel.rules.RuleDefinition;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A categorical fact about a lead that a {@link NaiveBayesModel} learns from: an attribute's value,
 * a number's bucket, the source, the segment, or anything a function can name. A lead without a
 * value for a feature is simply not counted for it.
 *
 * <p>Immutable; thread-safe if its function is.
 */
public final class Feature {
  private final String name;
  private final Optional<String> attribute;
  private final Function<Lead, Optional<String>> value;
  private final @Nullable RuleDefinition definition;

  private Feature(
      String name,
      Optional<String> attribute,
      Function<Lead, Optional<String>> value,
      @Nullable RuleDefinition definition) {
    requireNonNull(name, "name");
    checkArgument(!name.isBlank(), "feature name must not be blank: '%s'", name);
    this.name = name;
    this.attribute = attribute;
    this.value = value;
    this.definition = definition;
  }

  /**
   * The value of an attribute of any type, as text: text as is, numbers without a trailing ".0",
   * booleans as "true" or "false", times in ISO-8601.
   */
  public static Feature attribute(String attribute) {
    requireNonNull(attribute, "attribute");
    return new Feature(
        attribute,
        Optional.of(attribute),
        lead -> text(lead.attributes(), attribute),
        RuleDefinition.of("attribute", Map.of("attribute", attribute)));
  }

  /**
   * The bucket of a number attribute: with bounds 10, 50, 250 the buckets are "&lt; 10", "10–50",
   * "50–250" and "≥ 250" (lower bounds inclusive).
   *
   * @throws IllegalArgumentException if there are no bounds, or they are not finite and strictly
   *     increasing
   */
  public static Feature bucketed(String attribute, double... bounds) {
    requireNonNull(attribute, "attribute");
    double[] b = bounds.clone();
    checkArgument(b.length > 0, "feature '%s' needs at least one bucket bound", attribute);
    for (int i = 0; i < b.length; i++) {
      checkArgument(
          Double.isFinite(b[i]), "bucket bound of '%s' must be finite: %s", attribute, b[i]);
      checkArgument(
          i == 0 || b[i - 1] < b[i],
          "bucket bounds of '%s' must increase strictly: %s",
          attribute,
          Arrays.toString(b));
    }
    return new Feature(
        attribute,
        Optional.of(attribute),
        lead -> {
          var number = lead.attributes().number(attribute);
          if (number.isEmpty()) {
            return Optional.empty();
          }
          double v = number.getAsDouble();
          int i = 0;
          while (i < b.length && v >= b[i]) {
            i++;
          }
          String bucket =
              i == 0
                  ? "< " + plain(b[0])
                  : i == b.length ? "≥ " + plain(b[i - 1]) : plain(b[i - 1]) + "–" + plain(b[i]);
          return Optional.of(bucket);
        },
        RuleDefinition.of(
            "bucketed",
            ImmutableMap.of("attribute", attribute, "bounds", Doubles.asList(b.clone()))));
  }

  /** Where the lead came from. */
  public static Feature source() {
    return new Feature(
        "source", Optional.empty(), Lead::source, RuleDefinition.of("source", Map.of()));
  }

  /** The lead's segment. */
  public static Feature segment() {
    return new Feature(
        "segment", Optional.empty(), Lead::segment, RuleDefinition.of("segment", Map.of()));
  }

  /** Any categorical fact, under a name of its own. */
  public static Feature of(String name, Function<Lead, Optional<String>> value) {
    return new Feature(name, Optional.empty(), requireNonNull(value, "value"), null);
  }

  /** Returns the name explanations show ("industry = software"). */
  public String name() {
    return name;
  }

  /** Returns the attribute the feature reads, if it reads one. */
  public Optional<String> attribute() {
    return attribute;
  }

  /** Returns the lead's value for this feature, if it has one. */
  public Optional<String> valueOf(Lead lead) {
    return requireNonNull(
        value.apply(requireNonNull(lead, "lead")), "feature function returned null");
  }

  private static Optional<String> text(Attributes attributes, String name) {
    return attributes
        .typeOf(name)
        .map(
            type ->
                switch (type) {
                  case TEXT -> attributes.text(name).orElseThrow();
                  case NUMBER -> plain(attributes.number(name).orElseThrow());
                  case BOOLEAN -> attributes.bool(name).orElseThrow().toString();
                  case TIME -> attributes.time(name).orElseThrow().toString();
                });
  }

  private static String plain(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  /**
   * Returns how a built-in feature was made ({@code attribute}, {@code bucketed}, {@code source},
   * {@code segment} and their arguments); empty for one from a function ({@link #of}).
   */
  public Optional<RuleDefinition> definition() {
    return Optional.ofNullable(definition);
  }

  /**
   * Built-in features are equal when made alike; others when they have the same name and the same
   * function object.
   */
  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof Feature other)) {
      return false;
    }
    return definition != null
        ? definition.equals(other.definition)
        : other.definition == null && name.equals(other.name) && value == other.value;
  }

  @Override
  public int hashCode() {
    return definition != null ? definition.hashCode() : Objects.hash(name, value);
  }

  @Override
  public String toString() {
    return name;
  }
}
