package dev.funnel.scoring;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.funnel.model.AttributeType;
import dev.funnel.model.Lead;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Fit scoring: the sum of the points of the {@link FitRule}s a lead matches. The explanation lists
 * each matched rule with its points, in the order the rules were added.
 *
 * <pre>{@code
 * FitScorer fit = FitScorer.builder()
 *     .attribute("employees", AttributeType.NUMBER)
 *     .attribute("industry", AttributeType.TEXT)
 *     .rule(FitRule.between("mid-size", "employees", 50, 1000, 15))
 *     .rule(FitRule.oneOf("target industry", "industry", List.of("software", "finance"), 10))
 *     .build();
 * }</pre>
 *
 * <p>Rules over attributes must name a declared attribute of the right type, so that a typo in a
 * rule fails when the scorer is built, not silently at scoring time. Fit does not depend on time:
 * {@code now} is ignored.
 *
 * <p>Immutable and thread-safe. Scoring throws {@link IllegalArgumentException} if a lead carries a
 * rule's attribute with another type than declared.
 */
public final class FitScorer implements LeadScorer {
  private final ImmutableMap<String, AttributeType> attributes;
  private final ImmutableList<FitRule> rules;

  private FitScorer(ImmutableMap<String, AttributeType> attributes, ImmutableList<FitRule> rules) {
    this.attributes = attributes;
    this.rules = rules;
  }

  /** Starts an empty scorer. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Score score(Lead lead, Instant now) {
    requireNonNull(lead, "lead");
    requireNonNull(now, "now");
    List<Contribution> matched = new ArrayList<>(rules.size());
    for (FitRule rule : rules) {
      if (rule.matches(lead)) {
        matched.add(new Contribution(rule.name(), rule.points()));
      }
    }
    return Score.points(matched);
  }

  /** Returns the rules, in the order they were added. */
  public ImmutableList<FitRule> rules() {
    return rules;
  }

  /** Returns the declared attributes and their types. */
  public ImmutableMap<String, AttributeType> attributes() {
    return attributes;
  }

  /**
   * Returns a scorer with the same rules and new points for some of them, such as the points {@link
   * LogisticModel#suggestedPoints} learned from outcomes.
   *
   * @throws IllegalArgumentException if a name is not one of the rules (the known ones are listed)
   *     or a value is not finite
   */
  public FitScorer withPoints(Map<String, Double> newPoints) {
    Set<String> names = new HashSet<>();
    rules.forEach(r -> names.add(r.name()));
    for (String name : newPoints.keySet()) {
      checkArgument(names.contains(name), "no fit rule named '%s'; the rules are %s", name, names);
    }
    ImmutableList.Builder<FitRule> updated = ImmutableList.builder();
    for (FitRule rule : rules) {
      Double points = newPoints.get(rule.name());
      updated.add(points == null ? rule : rule.withPoints(points));
    }
    return new FitScorer(attributes, updated.build());
  }

  /** Two scorers are equal when they declare the same attributes and have equal rules in order. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof FitScorer other
        && attributes.equals(other.attributes)
        && rules.equals(other.rules);
  }

  @Override
  public int hashCode() {
    return Objects.hash(attributes, rules);
  }

  @Override
  public String toString() {
    return "FitScorer" + rules;
  }

  /** Collects attribute declarations and rules. Not thread-safe. */
  public static final class Builder {
    private final Map<String, AttributeType> attributes = new LinkedHashMap<>();
    private final List<FitRule> rules = new ArrayList<>();

    private Builder() {}

    /**
     * Declares an attribute that rules may read.
     *
     * @throws IllegalArgumentException if the name is blank or declared before with another type
     */
    public Builder attribute(String name, AttributeType type) {
      requireNonNull(name, "name");
      requireNonNull(type, "type");
      checkArgument(!name.isBlank(), "attribute name must not be blank: '%s'", name);
      AttributeType before = attributes.putIfAbsent(name, type);
      checkArgument(
          before == null || before == type,
          "attribute '%s' is declared as %s and as %s",
          name,
          before,
          type);
      return this;
    }

    /** Adds a rule; rules apply in the order they are added. */
    public Builder rule(FitRule rule) {
      rules.add(requireNonNull(rule, "rule"));
      return this;
    }

    /**
     * Builds the scorer.
     *
     * @throws IllegalArgumentException if two rules share a name, or a rule reads an attribute that
     *     is not declared or declared with another type (the declared ones are listed)
     */
    public FitScorer build() {
      Set<String> names = new HashSet<>();
      for (FitRule rule : rules) {
        checkArgument(names.add(rule.name()), "two fit rules are named '%s'", rule.name());
        if (rule.attribute().isPresent()) {
          String attribute = rule.attribute().get();
          AttributeType declared = attributes.get(attribute);
          checkArgument(
              declared != null,
              "fit rule '%s' uses unknown attribute '%s'; declared attributes: %s",
              rule.name(),
              attribute,
              attributes.keySet());
          checkArgument(
              rule.attributeType().get() == declared,
              "fit rule '%s' reads attribute '%s' as %s, but it is declared as %s",
              rule.name(),
              attribute,
              rule.attributeType().get(),
              declared);
        }
      }
      return new FitScorer(ImmutableMap.copyOf(attributes), ImmutableList.copyOf(rules));
    }
  }
}
