package dev.funnel.scoring;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.funnel.model.Attributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * An engagement rule: points for an activity, positive (a demo request) or negative (an
 * unsubscribe).
 *
 * <pre>{@code
 * EngagementRule.builder("visited pricing")
 *     .activity("page_view").where("page", "pricing")
 *     .points(10).repeatable()
 *     .within(Duration.ofDays(30))
 *     .decay(Decay.halfLife(Duration.ofDays(14)))
 *     .group("web")
 *     .build();
 * }</pre>
 *
 * <ul>
 *   <li><b>Repeatable</b> (the default): every matching activity earns the points. <b>Once</b>: the
 *       points are earned at most once, from the most recent matching activity (so decay counts
 *       from the latest time the lead showed that interest).
 *   <li><b>Activation window</b>: only activities within the window before {@code now} count; by
 *       default every activity does.
 *   <li><b>Decay</b>: see {@link Decay}; none by default.
 *   <li><b>Group</b>: rules in a group share the group's cap ({@link
 *       EngagementScoring.Builder#groupCap}).
 * </ul>
 *
 * <p>Immutable; thread-safe if its property predicates are.
 */
public final class EngagementRule {
  private final String name;
  private final String activityType;
  private final Predicate<Attributes> properties;
  private final double points;
  private final boolean once;
  private final Optional<Duration> window;
  private final Decay decay;
  private final Optional<String> group;
  private final ImmutableMap<String, String> conditions;
  private final ImmutableList<Predicate<Attributes>> predicates;

  private EngagementRule(Builder b) {
    this.name = b.name;
    this.activityType = requireNonNull(b.activityType, "activityType");
    List<Predicate<Attributes>> tests = List.copyOf(b.properties);
    this.properties = a -> tests.stream().allMatch(t -> t.test(a));
    this.conditions = ImmutableMap.copyOf(b.conditions);
    this.predicates = ImmutableList.copyOf(b.predicates);
    this.points = b.points;
    this.once = b.once;
    this.window = b.window;
    this.decay = b.decay;
    this.group = b.group;
  }

  /**
   * Starts a rule.
   *
   * @throws IllegalArgumentException if the name is blank
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Returns the rule's name, which explanations show. */
  public String name() {
    return name;
  }

  /** Returns the activity type the rule matches. */
  public String activityType() {
    return activityType;
  }

  /** Returns the points per matching activity, before decay. */
  public double points() {
    return points;
  }

  /** Whether the points are earned at most once. */
  public boolean isOnce() {
    return once;
  }

  /** Returns the activation window, if the rule has one. */
  public Optional<Duration> window() {
    return window;
  }

  /** Returns how the points fade. */
  public Decay decay() {
    return decay;
  }

  /** Returns the cap group the rule belongs to, if any. */
  public Optional<String> group() {
    return group;
  }

  /** Returns whether the activity matches the rule's type and property conditions. */
  /**
   * Returns the property values an activity must have, from {@link Builder#where(String, String)},
   * in the order given.
   */
  public ImmutableMap<String, String> conditions() {
    return conditions;
  }

  /**
   * Returns whether the rule has conditions in code ({@link Builder#where(Predicate)}), which
   * cannot be written down as data.
   */
  public boolean hasPredicates() {
    return !predicates.isEmpty();
  }

  public boolean matches(Activity activity) {
    return activity.type().equals(activityType) && properties.test(activity.properties());
  }

  /**
   * Two rules are equal when every setting and condition is, and their predicates (if any) are the
   * same objects.
   */
  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof EngagementRule other) || predicates.size() != other.predicates.size()) {
      return false;
    }
    for (int i = 0; i < predicates.size(); i++) {
      if (predicates.get(i) != other.predicates.get(i)) {
        return false;
      }
    }
    return name.equals(other.name)
        && activityType.equals(other.activityType)
        && Double.compare(points, other.points) == 0
        && once == other.once
        && window.equals(other.window)
        && decay.equals(other.decay)
        && group.equals(other.group)
        && conditions.equals(other.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, activityType, points, once, window, decay, group, conditions);
  }

  @Override
  public String toString() {
    return name + " (" + points + " points per " + activityType + (once ? ", once" : "") + ")";
  }

  /** Collects a rule's settings. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private @Nullable String activityType;
    private final List<Predicate<Attributes>> properties = new ArrayList<>();
    private final Map<String, String> conditions = new LinkedHashMap<>();
    private final List<Predicate<Attributes>> predicates = new ArrayList<>();
    private double points = Double.NaN;
    private boolean once;
    private Optional<Duration> window = Optional.empty();
    private Decay decay = Decay.none();
    private Optional<String> group = Optional.empty();

    private Builder(String name) {
      requireNonNull(name, "name");
      checkArgument(!name.isBlank(), "engagement rule name must not be blank: '%s'", name);
      this.name = name;
    }

    /**
     * Sets the activity type the rule matches. Required.
     *
     * @throws IllegalArgumentException if the type is blank
     */
    public Builder activity(String type) {
      requireNonNull(type, "type");
      checkArgument(!type.isBlank(), "activity type of rule '%s' must not be blank", name);
      this.activityType = type;
      return this;
    }

    /** Requires the activity's text property to equal {@code value}. */
    public Builder where(String property, String value) {
      requireNonNull(property, "property");
      requireNonNull(value, "value");
      String before = conditions.putIfAbsent(property, value);
      checkArgument(
          before == null || before.equals(value),
          "rule '%s' would need property '%s' to be both '%s' and '%s': it could never match",
          name,
          property,
          before,
          value);
      properties.add(a -> a.text(property).filter(value::equals).isPresent());
      return this;
    }

    public Builder where(Predicate<Attributes> test) {
      properties.add(requireNonNull(test, "test"));
      predicates.add(test);
      return this;
    }

    /**
     * Sets the points per matching activity; negative for activities that signal disinterest.
     * Required.
     *
     * @throws IllegalArgumentException if the points are NaN or infinite
     */
    public Builder points(double points) {
      checkArgument(
          Double.isFinite(points),
          "points of engagement rule '%s' must be finite: %s",
          name,
          points);
      this.points = points;
      return this;
    }

    /** Every matching activity earns the points (the default). */
    public Builder repeatable() {
      this.once = false;
      return this;
    }

    /** The points are earned at most once, from the most recent matching activity. */
    public Builder once() {
      this.once = true;
      return this;
    }

    /**
     * Counts only activities less than {@code window} before {@code now}.
     *
     * @throws IllegalArgumentException if the window is not positive
     */
    public Builder within(Duration window) {
      requireNonNull(window, "window");
      checkArgument(
          window.compareTo(Duration.ZERO) > 0,
          "activation window of rule '%s' must be positive: %s",
          name,
          window);
      this.window = Optional.of(window);
      return this;
    }

    /** Sets how the points fade; {@link Decay#none()} by default. */
    public Builder decay(Decay decay) {
      this.decay = requireNonNull(decay, "decay");
      return this;
    }

    /**
     * Puts the rule in a cap group.
     *
     * @throws IllegalArgumentException if the group name is blank
     */
    public Builder group(String group) {
      requireNonNull(group, "group");
      checkArgument(!group.isBlank(), "group of rule '%s' must not be blank", name);
      this.group = Optional.of(group);
      return this;
    }

    /**
     * Builds the rule.
     *
     * @throws IllegalStateException if the activity type or the points were not set
     */
    public EngagementRule build() {
      checkState(activityType != null, "engagement rule '%s' needs an activity type", name);
      checkState(!Double.isNaN(points), "engagement rule '%s' needs points", name);
      return new EngagementRule(this);
    }
  }
}
