package dev.funnel.scoring;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;
import dev.funnel.model.Lead;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A weighted sum of scorers, such as 60 % fit and 40 % engagement. The explanation keeps every
 * component's contributions, multiplied by its weight and prefixed with its name ("fit: industry =
 * software"); a probability component contributes {@code weight × p} as one line.
 *
 * <p>Immutable and thread-safe if its components are. Scoring throws what a component throws.
 */
public final class WeightedScorer implements LeadScorer {
  private final ImmutableMap<String, LeadScorer> scorers;
  private final ImmutableMap<String, Double> weights;

  private WeightedScorer(Builder b) {
    this.scorers = ImmutableMap.copyOf(b.scorers);
    this.weights = ImmutableMap.copyOf(b.weights);
  }

  /** Starts an empty sum. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Score score(Lead lead, Instant now) {
    requireNonNull(lead, "lead");
    requireNonNull(now, "now");
    List<Contribution> all = new ArrayList<>();
    for (Map.Entry<String, LeadScorer> e : scorers.entrySet()) {
      all.addAll(
          e.getValue().score(lead, now).weighted(e.getKey(), weightOf(e.getKey())).contributions());
    }
    return Score.points(all);
  }

  /** Returns each component, by name. */
  ImmutableMap<String, LeadScorer> components() {
    return scorers;
  }

  /** Returns the weight of each component, by name. */
  public ImmutableMap<String, Double> weights() {
    return weights;
  }

  @Override
  public String toString() {
    return "WeightedScorer" + weights;
  }

  /** Returns a component's weight; the builder gives every component one. */
  private double weightOf(String component) {
    return requireNonNull(weights.get(component), component);
  }

  /** Collects components. Not thread-safe. */
  public static final class Builder {
    private final Map<String, LeadScorer> scorers = new LinkedHashMap<>();
    private final Map<String, Double> weights = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Adds a component.
     *
     * @throws IllegalArgumentException if the name is blank or taken, or the weight is not finite
     */
    public Builder add(String name, LeadScorer scorer, double weight) {
      requireNonNull(name, "name");
      requireNonNull(scorer, "scorer");
      checkArgument(!name.isBlank(), "component name must not be blank: '%s'", name);
      checkArgument(
          Double.isFinite(weight), "weight of component '%s' must be finite: %s", name, weight);
      checkArgument(!scorers.containsKey(name), "two components are named '%s'", name);
      scorers.put(name, scorer);
      weights.put(name, weight);
      return this;
    }

    /**
     * Builds the sum.
     *
     * @throws IllegalStateException if no component was added
     */
    public WeightedScorer build() {
      checkState(!scorers.isEmpty(), "a weighted scorer needs at least one component");
      return new WeightedScorer(this);
    }
  }
}
