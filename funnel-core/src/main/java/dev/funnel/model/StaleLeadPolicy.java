package dev.funnel.model;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The longest a lead may stay in each stage before it counts as stale ("deal rotting"), and the
 * query that finds the stale leads.
 *
 * <pre>{@code
 * StaleLeadPolicy policy = StaleLeadPolicy.builder(funnel)
 *     .maxTimeIn("proposal", Duration.ofDays(14))
 *     .build();
 * List<StaleLead> overdue = policy.staleLeads(leads, now);  // most overdue first
 * }</pre>
 *
 * <p>A lead is stale when its current dwell is strictly longer than the limit of its current stage;
 * stages without a limit never go stale. Immutable and thread-safe.
 */
public final class StaleLeadPolicy {
  private final Funnel funnel;
  private final ImmutableMap<String, Duration> limits;

  private StaleLeadPolicy(Funnel funnel, ImmutableMap<String, Duration> limits) {
    this.funnel = funnel;
    this.limits = limits;
  }

  /** Starts a policy for the given funnel, with no limits. */
  public static Builder builder(Funnel funnel) {
    return new Builder(funnel);
  }

  /** Returns the limit of each stage that has one. */
  public ImmutableMap<String, Duration> limits() {
    return limits;
  }

  /**
   * Returns the lead's staleness at {@code now}, or empty if it is within its stage's limit.
   *
   * @throws IllegalArgumentException if the lead's current stage is not in the funnel, or {@code
   *     now} is before the lead entered it
   */
  public Optional<StaleLead> check(Lead lead, Instant now) {
    requireNonNull(lead, "lead");
    Stage stage = funnel.stage(lead.currentStageId());
    Duration dwell = lead.currentDwell(now);
    Duration limit = limits.get(stage.id());
    if (limit == null || dwell.compareTo(limit) <= 0) {
      return Optional.empty();
    }
    return Optional.of(new StaleLead(lead, stage, dwell, limit));
  }

  /**
   * Returns the stale leads among {@code leads} at {@code now}, most overdue first.
   *
   * @throws IllegalArgumentException as {@link #check} does, for the first lead that fails; no
   *     partial result is returned
   */
  public ImmutableList<StaleLead> staleLeads(Iterable<Lead> leads, Instant now) {
    requireNonNull(leads, "leads");
    requireNonNull(now, "now");
    ImmutableList.Builder<StaleLead> stale = ImmutableList.builder();
    for (Lead lead : leads) {
      check(lead, now).ifPresent(stale::add);
    }
    return ImmutableList.sortedCopyOf(
        Comparator.comparing(StaleLead::overdueBy).reversed(), stale.build());
  }

  /** Collects the per-stage limits. Not thread-safe. */
  public static final class Builder {
    private final Funnel funnel;
    private final Map<String, Duration> limits = new LinkedHashMap<>();

    private Builder(Funnel funnel) {
      this.funnel = requireNonNull(funnel, "funnel");
    }

    /**
     * Sets the longest a lead may stay in the stage.
     *
     * @throws IllegalArgumentException if the stage is unknown or the limit is not positive
     */
    public Builder maxTimeIn(String stageId, Duration limit) {
      requireNonNull(limit, "limit");
      funnel.stage(stageId);
      checkArgument(
          limit.compareTo(Duration.ZERO) > 0,
          "time limit for stage '%s' must be positive: %s",
          stageId,
          limit);
      limits.put(stageId, limit);
      return this;
    }

    /** Returns the policy. */
    public StaleLeadPolicy build() {
      return new StaleLeadPolicy(funnel, ImmutableMap.copyOf(limits));
    }
  }
}
