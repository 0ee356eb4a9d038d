package dev.funnel.model;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A lead (or deal) and everything the funnel knows about it: typed attributes, value, source,
 * segment, and the history of the stages it has been in.
 *
 * <p>The history is never empty and always contiguous: each visit ends exactly when the next one
 * begins, and only the last one is ongoing. The current stage is the stage of the last visit. Moves
 * that respect the funnel's rules are made with {@code dev.funnel.rules.TransitionEngine}; {@link
 * #withStageChange} records a move without asking any rule.
 *
 * <p>Durations are measured against a {@code now} the caller passes in, never the wall clock, so
 * that results are reproducible. A {@code now} earlier than the current stage's entry is rejected.
 *
 * <p>Immutable and thread-safe. Equal when every field is equal, history included.
 */
public final class Lead {
  private final String id;
  private final Attributes attributes;
  private final BigDecimal value;
  private final Optional<String> source;
  private final Optional<String> segment;
  private final Optional<String> lostReason;
  private final ImmutableList<StageVisit> history;

  private Lead(
      String id,
      Attributes attributes,
      BigDecimal value,
      Optional<String> source,
      Optional<String> segment,
      Optional<String> lostReason,
      List<StageVisit> history) {
    this.id = requireNonNull(id, "id");
    this.attributes = requireNonNull(attributes, "attributes");
    this.value = requireNonNull(value, "value");
    this.source = requireNonNull(source, "source");
    this.segment = requireNonNull(segment, "segment");
    this.lostReason = requireNonNull(lostReason, "lostReason");
    checkArgument(!id.isBlank(), "lead id must not be blank: '%s'", id);
    checkArgument(value.signum() >= 0, "value of lead '%s' must not be negative: %s", id, value);
    this.history = ImmutableList.copyOf(requireNonNull(history, "history"));
    checkArgument(!this.history.isEmpty(), "history of lead '%s' must not be empty", id);
    for (int i = 0; i < this.history.size() - 1; i++) {
      StageVisit visit = this.history.get(i);
      Instant next = this.history.get(i + 1).entered();
      checkArgument(
          visit.exited().equals(Optional.of(next)),
          "history of lead '%s' is not contiguous: visit %s of '%s' exits at %s but the next"
              + " visit enters at %s",
          id,
          i,
          visit.stageId(),
          visit.exited().map(Instant::toString).orElse("(ongoing)"),
          next);
    }
    StageVisit last = this.history.get(this.history.size() - 1);
    checkArgument(
        last.isOngoing(),
        "the last visit of lead '%s' must be ongoing, but it exits at %s",
        id,
        last.exited().orElse(null));
  }

  /** Returns the lead's identity, never blank. */
  public String id() {
    return id;
  }

  /** Returns the typed facts about the lead. */
  public Attributes attributes() {
    return attributes;
  }

  /** Returns the deal value, never negative (zero when unknown). */
  public BigDecimal value() {
    return value;
  }

  /** Returns where the lead came from (trade show, referral...), if known. */
  public Optional<String> source() {
    return source;
  }

  /** Returns the segment the lead belongs to (B2B, enterprise...), if known. */
  public Optional<String> segment() {
    return segment;
  }

  /** Returns why the lead was lost; present only after a move into a lost stage. */
  public Optional<String> lostReason() {
    return lostReason;
  }

  /** Returns the stage visits, oldest first; never empty, and only the last one is ongoing. */
  public ImmutableList<StageVisit> history() {
    return history;
  }

  /** Starts a lead with the given id. */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** Returns a builder that starts from this lead, history included. */
  public Builder toBuilder() {
    Builder builder = new Builder(id);
    builder.attributes.putAll(attributes);
    builder.value = value;
    builder.source = source;
    builder.segment = segment;
    builder.lostReason = lostReason;
    builder.history = history;
    return builder;
  }

  /**
   * Returns how many stage changes the lead's history records: 0 before its first move, one more
   * with each. A move decided on one version is stale once the lead has another; {@link
   * dev.funnel.rules.TransitionEngine#move(Lead, long, String, java.time.Instant, String)} refuses
   * it. Derived from the history, so a lead stored and read back keeps its version.
   */
  public long version() {
    return history.size() - 1L;
  }

  /** Returns the visit of the stage the lead is in now. */
  public StageVisit currentVisit() {
    return history.get(history.size() - 1);
  }

  /** Returns the id of the stage the lead is in now. */
  public String currentStageId() {
    return currentVisit().stageId();
  }

  /** Returns when the lead entered its first stage. */
  public Instant createdAt() {
    return history.get(0).entered();
  }

  /** Returns whether the lead has ever been in the given stage. */
  public boolean hasVisited(String stageId) {
    requireNonNull(stageId, "stageId");
    return history.stream().anyMatch(v -> v.stageId().equals(stageId));
  }

  /**
   * Returns a copy that has moved to {@code stageId} at {@code at}: the current visit ends then and
   * a new one begins. No rule is consulted and the lost reason is cleared; use the transition
   * engine for governed moves.
   *
   * @throws IllegalArgumentException if {@code at} is before the current stage was entered, or the
   *     stage id is blank
   */
  public Lead withStageChange(String stageId, Instant at, String reason) {
    requireNonNull(stageId, "stageId");
    requireNonNull(at, "at");
    requireNonNull(reason, "reason");
    StageVisit current = currentVisit();
    checkArgument(
        !at.isBefore(current.entered()),
        "move of lead '%s' at %s is before it entered stage '%s' at %s",
        id,
        at,
        current.stageId(),
        current.entered());
    ImmutableList<StageVisit> moved =
        ImmutableList.<StageVisit>builderWithExpectedSize(history.size() + 1)
            .addAll(history.subList(0, history.size() - 1))
            .add(current.exitedAt(at))
            .add(StageVisit.ongoing(stageId, at, reason))
            .build();
    return new Lead(id, attributes, value, source, segment, Optional.empty(), moved);
  }

  /** Returns a copy with the given lost reason. */
  public Lead withLostReason(String reason) {
    requireNonNull(reason, "reason");
    return new Lead(id, attributes, value, source, segment, Optional.of(reason), history);
  }

  /** Returns a copy with the given attributes in place of the current ones. */
  public Lead withAttributes(Attributes newAttributes) {
    requireNonNull(newAttributes, "newAttributes");
    return new Lead(id, newAttributes, value, source, segment, lostReason, history);
  }

  /**
   * Returns the time from the lead's creation to {@code now}.
   *
   * @throws IllegalArgumentException if {@code now} is before the current stage was entered
   */
  public Duration age(Instant now) {
    checkNow(now);
    return Duration.between(createdAt(), now);
  }

  /**
   * Returns how long the lead has been in its current stage at {@code now}.
   *
   * @throws IllegalArgumentException if {@code now} is before the current stage was entered
   */
  public Duration currentDwell(Instant now) {
    checkNow(now);
    return currentVisit().duration(now);
  }

  /**
   * Returns the length of the most recent visit to the stage (up to {@code now} if it is the
   * current one), or empty if the lead was never there.
   *
   * @throws IllegalArgumentException if {@code now} is before the current stage was entered
   */
  public Optional<Duration> latestTimeIn(String stageId, Instant now) {
    requireNonNull(stageId, "stageId");
    checkNow(now);
    for (int i = history.size() - 1; i >= 0; i--) {
      if (history.get(i).stageId().equals(stageId)) {
        return Optional.of(history.get(i).duration(now));
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the total time spent in the stage over every visit, up to {@code now}; zero if the lead
   * was never there.
   *
   * @throws IllegalArgumentException if {@code now} is before the current stage was entered
   */
  public Duration cumulativeTimeIn(String stageId, Instant now) {
    return timeInStages(now).getOrDefault(requireNonNull(stageId, "stageId"), Duration.ZERO);
  }

  /**
   * Returns the total time spent in each visited stage, in order of first visit. The durations add
   * up to {@link #age(Instant)}.
   *
   * @throws IllegalArgumentException if {@code now} is before the current stage was entered
   */
  public ImmutableMap<String, Duration> timeInStages(Instant now) {
    checkNow(now);
    Map<String, Duration> totals = new LinkedHashMap<>();
    for (StageVisit visit : history) {
      totals.merge(visit.stageId(), visit.duration(now), Duration::plus);
    }
    return ImmutableMap.copyOf(totals);
  }

  private void checkNow(Instant now) {
    requireNonNull(now, "now");
    checkArgument(
        !now.isBefore(currentVisit().entered()),
        "now %s is before lead '%s' entered its current stage '%s' at %s",
        now,
        id,
        currentStageId(),
        currentVisit().entered());
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Lead other)) {
      return false;
    }
    return id.equals(other.id)
        && attributes.equals(other.attributes)
        && value.equals(other.value)
        && source.equals(other.source)
        && segment.equals(other.segment)
        && lostReason.equals(other.lostReason)
        && history.equals(other.history);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, attributes, value, source, segment, lostReason, history);
  }

  @Override
  public String toString() {
    return MoreObjects.toStringHelper(this)
        .add("id", id)
        .add("stage", currentStageId())
        .add("value", value)
        .add("source", source.orElse(null))
        .add("segment", segment.orElse(null))
        .add("lostReason", lostReason.orElse(null))
        .add("attributes", attributes)
        .add("history", history)
        .omitNullValues()
        .toString();
  }

  /**
   * Collects a lead's fields. Either {@link #startIn} or {@link #history} must be called before
   * {@link #build()}.
   *
   * <p>Not thread-safe.
   */
  public static final class Builder {
    private final String id;
    private final Attributes.Builder attributes = Attributes.builder();
    private BigDecimal value = BigDecimal.ZERO;
    private Optional<String> source = Optional.empty();
    private Optional<String> segment = Optional.empty();
    private Optional<String> lostReason = Optional.empty();
    private List<StageVisit> history = List.of();

    private Builder(String id) {
      this.id = requireNonNull(id, "id");
    }

    /** Sets a text attribute. */
    public Builder attribute(String name, String value) {
      attributes.put(name, value);
      return this;
    }

    /**
     * Sets a number attribute.
     *
     * @throws IllegalArgumentException if the value is NaN or infinite
     */
    public Builder attribute(String name, double value) {
      attributes.put(name, value);
      return this;
    }

    /** Sets a boolean attribute. */
    public Builder attribute(String name, boolean value) {
      attributes.put(name, value);
      return this;
    }

    /** Sets a time attribute. */
    public Builder attribute(String name, Instant value) {
      attributes.put(name, value);
      return this;
    }

    /** Adds every attribute of {@code other}, replacing values of the same name. */
    public Builder attributes(Attributes other) {
      attributes.putAll(other);
      return this;
    }

    /**
     * Sets the deal value.
     *
     * @throws IllegalArgumentException if the value is negative
     */
    public Builder value(BigDecimal value) {
      requireNonNull(value, "value");
      checkArgument(value.signum() >= 0, "value of lead '%s' must not be negative: %s", id, value);
      this.value = value;
      return this;
    }

    /** Sets where the lead came from. */
    public Builder source(String source) {
      this.source = Optional.of(requireNonNull(source, "source"));
      return this;
    }

    /** Sets the segment the lead belongs to. */
    public Builder segment(String segment) {
      this.segment = Optional.of(requireNonNull(segment, "segment"));
      return this;
    }

    /** Sets why the lead was lost. */
    public Builder lostReason(String lostReason) {
      this.lostReason = Optional.of(requireNonNull(lostReason, "lostReason"));
      return this;
    }

    /** Makes the lead's history a single ongoing visit of {@code stageId} from {@code at}. */
    public Builder startIn(String stageId, Instant at) {
      this.history = List.of(StageVisit.ongoing(stageId, at, "created"));
      return this;
    }

    /**
     * Sets the whole history, for leads loaded from storage; it is validated by {@link #build()}.
     */
    public Builder history(List<StageVisit> history) {
      this.history = ImmutableList.copyOf(requireNonNull(history, "history"));
      return this;
    }

    /**
     * Returns the lead.
     *
     * @throws IllegalStateException if neither a start stage nor a history was given
     * @throws IllegalArgumentException if the history is not contiguous
     */
    public Lead build() {
      checkState(!history.isEmpty(), "lead '%s' needs a start stage (startIn) or a history", id);
      return new Lead(id, attributes.build(), value, source, segment, lostReason, history);
    }
  }
}
