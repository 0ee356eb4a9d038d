package dev.funnel.scoring;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Engagement scoring: {@link EngagementRule}s over activities, with caps per rule group and an
 * overall cap.
 *
 * <p>A lead's score is, for each rule, its points for the matching activities (after its window,
 * once-only setting and decay); then each capped group's total is lowered to its cap; then the sum
 * to the overall cap. A cap only ever lowers a score, and appears in the explanation as a
 * contribution of its own ("cap of group 'web' (30)": −12), so the contributions still add up.
 *
 * <p>Score activities in one go with {@link #score(Collection, Instant)}, or incrementally as they
 * arrive with a {@link #newTracker() tracker}.
 *
 * <p>Immutable and thread-safe.
 */
public final class EngagementScoring {
  private final ImmutableList<EngagementRule> rules;
  private final ImmutableMap<String, Double> groupCaps;
  private final OptionalDouble overallCap;
  private final ImmutableList<String> groups;
  // Per rule, the index of its group in groups, or -1; per group, its cap (NaN if none) and label.
  private final int[] groupIndex;
  private final double[] caps;
  private final String[] capLabels;

  private EngagementScoring(Builder b) {
    this.rules = ImmutableList.copyOf(b.rules);
    this.groupCaps = ImmutableMap.copyOf(b.groupCaps);
    this.overallCap = b.overallCap;
    Set<String> inOrder = new LinkedHashSet<>();
    rules.forEach(r -> r.group().ifPresent(inOrder::add));
    this.groups = ImmutableList.copyOf(inOrder);
    this.groupIndex = new int[rules.size()];
    for (int i = 0; i < rules.size(); i++) {
      groupIndex[i] = rules.get(i).group().map(groups::indexOf).orElse(-1);
    }
    this.caps = new double[groups.size()];
    this.capLabels = new String[groups.size()];
    for (int g = 0; g < groups.size(); g++) {
      Double cap = groupCaps.get(groups.get(g));
      caps[g] = cap == null ? Double.NaN : cap;
      capLabels[g] = "cap of group '" + groups.get(g) + "' (" + cap + ")";
    }
  }

  /** Starts an empty configuration. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the rules, in the order they were added. */
  public ImmutableList<EngagementRule> rules() {
    return rules;
  }

  /** Returns the cap of each capped group. */
  public ImmutableMap<String, Double> groupCaps() {
    return groupCaps;
  }

  /** Returns the overall cap, if there is one. */
  public OptionalDouble overallCap() {
    return overallCap;
  }

  /**
   * Returns a new, empty tracker that scores leads as their activities arrive, keeping one small
   * state per rule and lead; it cannot score a lead at a time before its latest activity.
   */
  public EngagementTracker newTracker() {
    return new EngagementTracker(this, false);
  }

  /**
   * Returns a new, empty tracker that also keeps every lead's activities, so that it can score a
   * lead as of any time, before later activities too: as of each lead's close, which is what {@link
   * LogisticModel} and {@link Evaluation} ask of their base scorer when the tracker has gone on
   * recording after the close. A score at or after the latest activity costs what the plain
   * tracker's does; one before it replays the lead's activities up to that time.
   */
  public EngagementTracker newTrackerWithHistory() {
    return new EngagementTracker(this, true);
  }

  /**
   * Scores one lead's activities at {@code now}. Activities after {@code now} have not happened yet
   * and are left out.
   */
  public Score score(Collection<Activity> activities, Instant now) {
    requireNonNull(now, "now");
    RuleState[] states = new RuleState[rules.size()];
    for (Activity activity : activities) {
      if (!activity.at().isAfter(now)) {
        record(states, activity);
      }
    }
    return evaluate(states, now);
  }

  /**
   * Records an activity in every rule it matches; states are created on first use. Every rule is
   * asked before any state changes, so a property test that throws leaves the states as they were.
   */
  void record(RuleState[] states, Activity activity) {
    boolean[] matched = new boolean[states.length];
    for (int i = 0; i < states.length; i++) {
      matched[i] = rules.get(i).matches(activity);
    }
    for (int i = 0; i < states.length; i++) {
      if (matched[i]) {
        if (states[i] == null) {
          states[i] = new RuleState(rules.get(i));
        }
        states[i].record(activity.at());
      }
    }
  }

  Score evaluate(RuleState[] states, Instant now) {
    List<Contribution> contributions = new ArrayList<>();
    double[] groupTotals = new double[groups.size()];
    double total = 0;
    for (int i = 0; i < states.length; i++) {
      if (states[i] == null) {
        continue;
      }
      double value = states[i].value(now);
      if (value == 0) {
        continue;
      }
      contributions.add(new Contribution(rules.get(i).name(), value));
      if (groupIndex[i] >= 0) {
        groupTotals[groupIndex[i]] += value;
      } else {
        total += value;
      }
    }
    for (int g = 0; g < groupTotals.length; g++) {
      // A NaN cap (no cap) never compares greater.
      if (groupTotals[g] > caps[g]) {
        contributions.add(new Contribution(capLabels[g], caps[g] - groupTotals[g]));
        groupTotals[g] = caps[g];
      }
      total += groupTotals[g];
    }
    if (overallCap.isPresent() && total > overallCap.getAsDouble()) {
      double cap = overallCap.getAsDouble();
      contributions.add(new Contribution("overall cap (" + cap + ")", cap - total));
      total = cap;
    }
    return Score.points(total, contributions);
  }

  int size() {
    return rules.size();
  }

  /** Two configurations are equal when their rules, in order, and their caps are. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof EngagementScoring other
        && rules.equals(other.rules)
        && groupCaps.equals(other.groupCaps)
        && overallCap.equals(other.overallCap);
  }

  @Override
  public int hashCode() {
    return Objects.hash(rules, groupCaps, overallCap);
  }

  @Override
  public String toString() {
    return "EngagementScoring" + rules;
  }

  /** Collects rules and caps. Not thread-safe. */
  public static final class Builder {
    private final List<EngagementRule> rules = new ArrayList<>();
    private final Map<String, Double> groupCaps = new LinkedHashMap<>();
    private OptionalDouble overallCap = OptionalDouble.empty();

    private Builder() {}

    /** Adds a rule. */
    public Builder rule(EngagementRule rule) {
      rules.add(requireNonNull(rule, "rule"));
      return this;
    }

    /**
     * Caps the total of the rules in {@code group}.
     *
     * @throws IllegalArgumentException if the cap is negative or NaN
     */
    public Builder groupCap(String group, double cap) {
      requireNonNull(group, "group");
      checkArgument(cap >= 0, "cap of group '%s' must not be negative or NaN: %s", group, cap);
      groupCaps.put(group, cap);
      return this;
    }

    /**
     * Caps the whole engagement score.
     *
     * @throws IllegalArgumentException if the cap is negative or NaN
     */
    public Builder overallCap(double cap) {
      checkArgument(cap >= 0, "overall cap must not be negative or NaN: %s", cap);
      this.overallCap = OptionalDouble.of(cap);
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @throws IllegalArgumentException if two rules share a name, or a cap names a group no rule
     *     belongs to (the groups are listed)
     */
    public EngagementScoring build() {
      Set<String> names = new HashSet<>();
      Set<String> groups = new LinkedHashSet<>();
      for (EngagementRule rule : rules) {
        checkArgument(names.add(rule.name()), "two engagement rules are named '%s'", rule.name());
        rule.group().ifPresent(groups::add);
      }
      for (String group : groupCaps.keySet()) {
        checkArgument(
            groups.contains(group),
            "cap for group '%s', but no rule is in it; groups: %s",
            group,
            groups);
      }
      return new EngagementScoring(this);
    }
  }
}
