package dev.funnel.scoring;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an {@link EngagementTracker} remembers, lead by lead, as values: enough to make a tracker
 * that continues exactly where this one stood ({@link EngagementTracker#restore}), in another
 * process or after a restart, without replaying any activity.
 *
 * <p>Per lead it holds the time of its latest activity, its activities if the tracker keeps them,
 * and for each rule the lead has matched a {@link RuleMemory}. Immutable and thread-safe.
 */
public final class TrackerSnapshot {
  private final EngagementScoring scoring;
  private final boolean keepsHistory;
  private final ImmutableMap<String, LeadMemory> leads;

  private TrackerSnapshot(
      EngagementScoring scoring, boolean keepsHistory, ImmutableMap<String, LeadMemory> leads) {
    this.scoring = scoring;
    this.keepsHistory = keepsHistory;
    this.leads = leads;
  }

  /** Starts a snapshot of a tracker of {@code scoring}, with or without the activities kept. */
  public static Builder builder(EngagementScoring scoring, boolean keepsHistory) {
    return new Builder(requireNonNull(scoring, "scoring"), keepsHistory);
  }

  /** Returns the configuration the tracker applies. */
  public EngagementScoring scoring() {
    return scoring;
  }

  /** Returns whether the tracker keeps every lead's activities. */
  public boolean keepsHistory() {
    return keepsHistory;
  }

  /** Returns what the tracker remembers of each lead, by lead id. */
  public ImmutableMap<String, LeadMemory> leads() {
    return leads;
  }

  /** Two snapshots are equal when their configurations and every memory are. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof TrackerSnapshot other
        && scoring.equals(other.scoring)
        && keepsHistory == other.keepsHistory
        && leads.equals(other.leads);
  }

  @Override
  public int hashCode() {
    return Objects.hash(scoring, keepsHistory, leads);
  }

  @Override
  public String toString() {
    return "TrackerSnapshot[" + leads.size() + " leads, keepsHistory=" + keepsHistory + "]";
  }

  /**
   * What a tracker remembers of one lead: its latest activity's time, its activities (empty unless
   * the tracker keeps them), and a memory for each rule it matched, by rule name.
   */
  public static final class LeadMemory {
    private final Instant latest;
    private final ImmutableList<Activity> history;
    private final ImmutableMap<String, RuleMemory> rules;

    private LeadMemory(
        Instant latest, ImmutableList<Activity> history, ImmutableMap<String, RuleMemory> rules) {
      this.latest = latest;
      this.history = history;
      this.rules = rules;
    }

    /**
     * Returns a lead's memory.
     *
     * @throws IllegalArgumentException if a rule's latest time is after the lead's latest
     */
    public static LeadMemory of(
        Instant latest, Collection<Activity> history, Map<String, RuleMemory> rules) {
      requireNonNull(latest, "latest");
      rules.forEach(
          (name, memory) ->
              checkArgument(
                  !memory.latest().isAfter(latest),
                  "rule '%s' last matched at %s, after the lead's latest activity at %s",
                  name,
                  memory.latest(),
                  latest));
      return new LeadMemory(latest, ImmutableList.copyOf(history), ImmutableMap.copyOf(rules));
    }

    /** Returns the time of the lead's latest activity. */
    public Instant latest() {
      return latest;
    }

    /** Returns the lead's activities in the order recorded; empty unless the tracker keeps them. */
    public ImmutableList<Activity> history() {
      return history;
    }

    /** Returns the memory of each rule the lead matched, by rule name. */
    public ImmutableMap<String, RuleMemory> rules() {
      return rules;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof LeadMemory other
          && latest.equals(other.latest)
          && history.equals(other.history)
          && rules.equals(other.rules);
    }

    @Override
    public int hashCode() {
      return Objects.hash(latest, history, rules);
    }

    @Override
    public String toString() {
      return "LeadMemory[latest=" + latest + ", rules=" + rules + "]";
    }
  }

  /**
   * What one rule remembers of one lead: the latest time it matched; for a repeatable rule without
   * a window, its running sum of points as of {@code reference} (the decay's clock reading, in
   * half-lives or periods since the epoch; 0 without decay); for a repeatable rule with a window,
   * the times that can still fall inside it.
   */
  public static final class RuleMemory {
    private final Instant latest;
    private final double sum;
    private final double reference;
    private final ImmutableList<Instant> times;

    private RuleMemory(Instant latest, double sum, double reference, ImmutableList<Instant> times) {
      this.latest = latest;
      this.sum = sum;
      this.reference = reference;
      this.times = times;
    }

    /**
     * Returns a rule's memory.
     *
     * @throws IllegalArgumentException if the sum or the reference is not finite, or a time is
     *     after {@code latest}
     */
    public static RuleMemory of(Instant latest, double sum, double reference, List<Instant> times) {
      requireNonNull(latest, "latest");
      checkArgument(Double.isFinite(sum), "a rule's sum must be finite: %s", sum);
      checkArgument(Double.isFinite(reference), "a rule's reference must be finite: %s", reference);
      for (Instant time : times) {
        checkArgument(
            !time.isAfter(latest), "time %s is after the rule's latest match at %s", time, latest);
      }
      return new RuleMemory(latest, sum, reference, ImmutableList.copyOf(times));
    }

    /** Returns the latest time the rule matched an activity of the lead. */
    public Instant latest() {
      return latest;
    }

    /** Returns the running sum of a repeatable rule without a window; 0 for others. */
    public double sum() {
      return sum;
    }

    /** Returns the decay clock reading the sum is as of; 0 for others. */
    public double reference() {
      return reference;
    }

    /** Returns the times a repeatable rule with a window still counts, oldest first. */
    public ImmutableList<Instant> times() {
      return times;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof RuleMemory other
          && latest.equals(other.latest)
          && Double.compare(sum, other.sum) == 0
          && Double.compare(reference, other.reference) == 0
          && times.equals(other.times);
    }

    @Override
    public int hashCode() {
      return Objects.hash(latest, sum, reference, times);
    }

    @Override
    public String toString() {
      return "RuleMemory[latest=" + latest + ", sum=" + sum + ", times=" + times.size() + "]";
    }
  }

  /** Collects the memories of the leads. Not thread-safe. */
  public static final class Builder {
    private final EngagementScoring scoring;
    private final boolean keepsHistory;
    private final Map<String, LeadMemory> leads = new LinkedHashMap<>();

    private Builder(EngagementScoring scoring, boolean keepsHistory) {
      this.scoring = scoring;
      this.keepsHistory = keepsHistory;
    }

    /**
     * Adds the memory of a lead.
     *
     * @throws IllegalArgumentException if the lead was added before, a rule is not one of the
     *     configuration's (the message lists them), a rule's memory does not fit the rule (times
     *     for a rule that keeps none), or the memory has activities and the tracker keeps none
     */
    public Builder lead(String leadId, LeadMemory memory) {
      requireNonNull(leadId, "leadId");
      requireNonNull(memory, "memory");
      checkArgument(!leads.containsKey(leadId), "lead '%s' is in the snapshot twice", leadId);
      checkArgument(
          keepsHistory || memory.history().isEmpty(),
          "lead '%s' has activities, but the tracker keeps none",
          leadId);
      memory.rules().forEach((name, rule) -> RuleState.check(rule(leadId, name), rule));
      leads.put(leadId, memory);
      return this;
    }

    private EngagementRule rule(String leadId, String name) {
      for (EngagementRule rule : scoring.rules()) {
        if (rule.name().equals(name)) {
          return rule;
        }
      }
      throw new IllegalArgumentException(
          String.format(
              "lead '%s' has a memory of rule '%s', which the configuration does not have; its"
                  + " rules: %s",
              leadId, name, scoring.rules().stream().map(EngagementRule::name).toList()));
    }

    /** Returns the snapshot. */
    public TrackerSnapshot build() {
      return new TrackerSnapshot(scoring, keepsHistory, ImmutableMap.copyOf(leads));
    }
  }
}
