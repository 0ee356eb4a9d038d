package dev.funnel.model;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/**
 * Named, typed facts about a lead: text, number, boolean or time. Fit rules, entry criteria and
 * segment breakdowns read them.
 *
 * <p>Reading an attribute with the accessor of another type is a programming error and throws,
 * rather than quietly answering "absent": {@code text("employees")} on a number says so.
 *
 * <p>Immutable and thread-safe; {@code with...} methods return a copy.
 */
public final class Attributes {
  private static final Attributes EMPTY = new Attributes(ImmutableMap.of());

  // Values are String, Double, Boolean or Instant: the four AttributeTypes.
  private final ImmutableMap<String, Object> values;

  private Attributes(ImmutableMap<String, Object> values) {
    this.values = values;
  }

  /** Returns the attributes with no entries. */
  public static Attributes empty() {
    return EMPTY;
  }

  /** Returns a builder with no entries. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder that starts from these attributes. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.values.putAll(values);
    return builder;
  }

  /** Returns the attribute names, in insertion order. */
  public ImmutableSet<String> names() {
    return values.keySet();
  }

  /** Returns the number of attributes. */
  public int size() {
    return values.size();
  }

  /** Returns whether an attribute with this name is present, whatever its type. */
  public boolean has(String name) {
    return values.containsKey(requireNonNull(name, "name"));
  }

  /** Returns the type of the named attribute, or empty if it is absent. */
  public Optional<AttributeType> typeOf(String name) {
    return Optional.ofNullable(values.get(requireNonNull(name, "name")))
        .map(Attributes::typeOfValue);
  }

  /**
   * Returns the named text attribute, or empty if it is absent.
   *
   * @throws IllegalArgumentException if the attribute is present with another type
   */
  public Optional<String> text(String name) {
    return Optional.ofNullable((String) typed(name, AttributeType.TEXT));
  }

  /**
   * Returns the named number attribute, or empty if it is absent.
   *
   * @throws IllegalArgumentException if the attribute is present with another type
   */
  public OptionalDouble number(String name) {
    Double value = (Double) typed(name, AttributeType.NUMBER);
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
  }

  /**
   * Returns the named boolean attribute, or empty if it is absent.
   *
   * @throws IllegalArgumentException if the attribute is present with another type
   */
  public Optional<Boolean> bool(String name) {
    return Optional.ofNullable((Boolean) typed(name, AttributeType.BOOLEAN));
  }

  /**
   * Returns the named time attribute, or empty if it is absent.
   *
   * @throws IllegalArgumentException if the attribute is present with another type
   */
  public Optional<Instant> time(String name) {
    return Optional.ofNullable((Instant) typed(name, AttributeType.TIME));
  }

  /**
   * Returns whether the named boolean attribute is present and true.
   *
   * @throws IllegalArgumentException if the attribute is present with another type
   */
  public boolean isTrue(String name) {
    return bool(name).orElse(false);
  }

  /** Returns a copy with the text attribute set, replacing any value of that name. */
  public Attributes with(String name, String value) {
    return toBuilder().put(name, value).build();
  }

  /** Returns a copy with the number attribute set, replacing any value of that name. */
  public Attributes with(String name, double value) {
    return toBuilder().put(name, value).build();
  }

  /** Returns a copy with the boolean attribute set, replacing any value of that name. */
  public Attributes with(String name, boolean value) {
    return toBuilder().put(name, value).build();
  }

  /** Returns a copy with the time attribute set, replacing any value of that name. */
  public Attributes with(String name, Instant value) {
    return toBuilder().put(name, value).build();
  }

  /** Returns a copy without the named attribute (the same attributes if it is absent). */
  public Attributes without(String name) {
    requireNonNull(name, "name");
    if (!values.containsKey(name)) {
      return this;
    }
    Builder builder = toBuilder();
    builder.values.remove(name);
    return builder.build();
  }

  private @Nullable Object typed(String name, AttributeType expected) {
    Object value = values.get(requireNonNull(name, "name"));
    if (value != null && typeOfValue(value) != expected) {
      throw new IllegalArgumentException(
          String.format(
              "attribute '%s' is %s, not %s: %s", name, typeOfValue(value), expected, value));
    }
    return value;
  }

  private static AttributeType typeOfValue(Object value) {
    if (value instanceof String) {
      return AttributeType.TEXT;
    } else if (value instanceof Double) {
      return AttributeType.NUMBER;
    } else if (value instanceof Boolean) {
      return AttributeType.BOOLEAN;
    }
    return AttributeType.TIME;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Attributes other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }

  /**
   * Collects attributes; a later value for the same name replaces the earlier one.
   *
   * <p>Not thread-safe.
   */
  public static final class Builder {
    private final Map<String, Object> values = new LinkedHashMap<>();

    private Builder() {}

    /** Sets a text attribute. */
    public Builder put(String name, String value) {
      return putChecked(name, requireNonNull(value, "value"));
    }

    /**
     * Sets a number attribute.
     *
     * @throws IllegalArgumentException if the value is NaN or infinite
     */
    public Builder put(String name, double value) {
      checkArgument(
          Double.isFinite(value), "attribute '%s' must be a finite number: %s", name, value);
      return putChecked(name, value);
    }

    /** Sets a boolean attribute. */
    public Builder put(String name, boolean value) {
      return putChecked(name, value);
    }

    /** Sets a time attribute. */
    public Builder put(String name, Instant value) {
      return putChecked(name, requireNonNull(value, "value"));
    }

    /** Copies every attribute of {@code other}, replacing values of the same name. */
    public Builder putAll(Attributes other) {
      values.putAll(requireNonNull(other, "other").values);
      return this;
    }

    private Builder putChecked(String name, Object value) {
      requireNonNull(name, "name");
      checkArgument(!name.isBlank(), "attribute name must not be blank: '%s'", name);
      values.put(name, value);
      return this;
    }

    /** Returns the attributes collected so far. */
    public Attributes build() {
      return values.isEmpty() ? EMPTY : new Attributes(ImmutableMap.copyOf(values));
    }
  }
}
