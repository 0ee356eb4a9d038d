package dev.funnel.events;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.checkIndex;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import com.google.common.primitives.ImmutableIntArray;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * A funnel over raw events: steps 1..k, each matching a set of integer event codes, and a window.
 * For one subject (user, lead, account), the <b>level</b> is the largest L such that events e1..eL
 * exist matching steps 1..L, in order, with {@code t(eL) − t(e1) ≤ window} (inclusive). Counted
 * over subjects, "reached step j" is the number of subjects with level ≥ j.
 *
 * <pre>{@code
 * WindowFunnel funnel = WindowFunnel.builder()
 *     .eventCodes(6)                 // codes are 0..5
 *     .step(VIEW).step(CART).step(CHECKOUT).step(PAY)
 *     .window(Duration.ofDays(1).toMillis())
 *     .build();
 * FunnelResult result = funnel.aggregate(EventBatch.grouped(subjects, timestamps, codes));
 * result.counts().reachedAtLeast(4);  // subjects that paid within a day of viewing
 * }</pre>
 *
 * <p>The defaults agree with ClickHouse's {@code windowFunnel(window)} for steps whose code sets
 * are disjoint and timestamps that do not tie (to reproduce ClickHouse, Doris or duckdb-behavioral
 * exactly, in every mode and odd case, set a {@link Dialect}): {@link WindowAnchor#LATEST_ENTRY},
 * {@link StepOrder#SEQUENTIAL}, {@link RepeatPolicy#IGNORE}, {@link TiePolicy#ALLOW_EQUAL}, no gap
 * limit, no exclusions. Each policy's Javadoc has a worked example. Rules that always hold:
 *
 * <ul>
 *   <li>A subject's events are put in <b>chain order</b>: by timestamp, then by the lowest step the
 *       event matches, then by input position. Chains follow that order, which is why equal
 *       timestamps chain in step order whatever the input order.
 *   <li>One event fills at most one step of a chain: with steps A → A → B, two A events are needed.
 *   <li>An event may match several steps; events that match no step and no exclusion are ignored.
 * </ul>
 *
 * <p>Timestamps are non-negative longs in any unit (epoch milliseconds, say); the window and gap
 * are in the same unit. At most {@value #MAX_STEPS} steps and {@value #MAX_EXCLUSIONS} exclusions.
 *
 * <p>Immutable and thread-safe.
 */
public final class WindowFunnel implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * The most steps a funnel can have: 32, as ClickHouse, Doris and duckdb-behavioral allow. Fixed:
   * steps are bits of an int, in memory and in serialized states.
   */
  public static final int MAX_STEPS = 32;

  /**
   * The most steps {@link Builder#stepSets} declares: 16, since it declares {@code 2^steps} codes.
   */
  public static final int MAX_STEP_SETS = 16;

  /** The most exclusions a funnel can have. Fixed: exclusions are bits of an int. */
  public static final int MAX_EXCLUSIONS = 32;

  private final int codeCount;
  private final ImmutableList<ImmutableIntArray> stepCodes;
  private final long window;
  private final WindowAnchor anchor;
  private final StepOrder order;
  private final RepeatPolicy repeats;
  private final TiePolicy ties;
  private final OptionalLong maxGap;
  private final ImmutableList<Exclusion> exclusions;
  private final @Nullable Dialect dialect;
  private final int[] stepMaskByCode;
  private final int[] exclusionMaskByCode;
  private final int[] rankByCode;
  private final int @Nullable [] slotByCode;

  private WindowFunnel(Builder builder) {
    this.codeCount = builder.codeCount;
    this.stepCodes = ImmutableList.copyOf(builder.steps);
    this.window = builder.window;
    this.anchor = builder.anchor;
    this.order = builder.order;
    this.repeats = builder.repeats;
    this.ties = builder.ties;
    this.maxGap = builder.maxGap;
    this.exclusions = ImmutableList.copyOf(builder.exclusions);
    this.dialect = builder.dialect;
    this.stepMaskByCode = new int[codeCount];
    this.exclusionMaskByCode = new int[codeCount];
    this.rankByCode = new int[codeCount];
    for (int step = 0; step < stepCodes.size(); step++) {
      int bit = 1 << step;
      stepCodes.get(step).forEach(code -> stepMaskByCode[code] |= bit);
    }
    for (int e = 0; e < exclusions.size(); e++) {
      int bit = 1 << e;
      exclusions.get(e).codes().forEach(code -> exclusionMaskByCode[code] |= bit);
    }
    if (dialect != null && dialect.seesEveryRow()) {
      // Rows that satisfy no condition end chains in this dialect, so they must reach its kernel:
      // a mark of their own makes every layout, state and stream keep them, as it keeps
      // exclusion events.
      for (int code = 0; code < codeCount; code++) {
        if (stepMaskByCode[code] == 0) {
          exclusionMaskByCode[code] = 1;
        }
      }
    }
    this.slotByCode = singleStepSlots();
    for (int code = 0; code < codeCount; code++) {
      // Chain order within equal timestamps: lowest step first, exclusion-only events after.
      rankByCode[code] =
          stepMaskByCode[code] != 0
              ? Integer.numberOfTrailingZeros(stepMaskByCode[code])
              : stepCodes.size();
    }
  }

  /** Starts a funnel definition. */
  // Java serialization, for engines that ship a funnel to their workers (Spark's closures): the
  // definition alone crosses, through the builder again on the other side, so that a funnel read
  // back is validated and equal to the one written.
  private Object writeReplace() {
    return new Definition(this);
  }

  private void readObject(ObjectInputStream in) throws InvalidObjectException {
    throw new InvalidObjectException("a WindowFunnel is read through its definition");
  }

  private static final class Definition implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int codeCount;
    private final int[][] steps;
    private final long window;
    private final WindowAnchor anchor;
    private final StepOrder order;
    private final RepeatPolicy repeats;
    private final TiePolicy ties;
    private final long maxGap; // -1 for none
    private final int[][] exclusions; // codes, then from step and to step
    private final @Nullable Dialect dialect;

    Definition(WindowFunnel funnel) {
      codeCount = funnel.codeCount;
      steps = funnel.stepCodes.stream().map(ImmutableIntArray::toArray).toArray(int[][]::new);
      window = funnel.window;
      anchor = funnel.anchor;
      order = funnel.order;
      repeats = funnel.repeats;
      ties = funnel.ties;
      maxGap = funnel.maxGap.orElse(-1);
      exclusions =
          funnel.exclusions.stream()
              .map(
                  e ->
                      ImmutableIntArray.builder()
                          .addAll(e.codes())
                          .add(e.fromStep())
                          .add(e.toStep())
                          .build()
                          .toArray())
              .toArray(int[][]::new);
      dialect = funnel.dialect;
    }

    private Object readResolve() {
      Builder builder = builder().eventCodes(codeCount);
      for (int[] step : steps) {
        builder.step(step);
      }
      builder.window(window).windowAnchor(anchor).order(order).repeats(repeats).ties(ties);
      if (maxGap >= 0) {
        builder.maxGap(maxGap);
      }
      for (int[] e : exclusions) {
        builder.exclude(
            Exclusion.between(e[e.length - 2], e[e.length - 1], Arrays.copyOf(e, e.length - 2)));
      }
      if (dialect != null) {
        builder.dialect(dialect);
      }
      return builder.build();
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns whether the other funnel has the same definition: the same event codes, steps, window,
   * policies, gap, exclusions and dialect. States of equal funnels merge, whichever process built
   * them.
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof WindowFunnel other
        && codeCount == other.codeCount
        && window == other.window
        && stepCodes.equals(other.stepCodes)
        && anchor == other.anchor
        && order == other.order
        && repeats == other.repeats
        && ties == other.ties
        && maxGap.equals(other.maxGap)
        && exclusions.equals(other.exclusions)
        && Objects.equals(dialect, other.dialect);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        codeCount, stepCodes, window, anchor, order, repeats, ties, maxGap, exclusions, dialect);
  }

  /** Returns the definition, every setting named. */
  @Override
  public String toString() {
    return "WindowFunnel[codes="
        + codeCount
        + ", steps="
        + stepCodes
        + ", window="
        + window
        + ", anchor="
        + anchor
        + ", order="
        + order
        + ", repeats="
        + repeats
        + ", ties="
        + ties
        + ", maxGap="
        + (maxGap.isPresent() ? Long.toString(maxGap.getAsLong()) : "none")
        + ", exclusions="
        + exclusions
        + ", dialect="
        + (dialect == null ? "none" : dialect)
        + "]";
  }

  /**
   * A 64-bit fingerprint of the definition, written into serialized states so that a state is never
   * read for another funnel. Built from the settings' values and names, not from Java hash codes,
   * so that it is the same in every process and JVM.
   */
  long fingerprint() {
    Hasher hasher = Hashing.murmur3_128().newHasher();
    hasher.putInt(codeCount).putInt(stepCodes.size());
    for (ImmutableIntArray codes : stepCodes) {
      hasher.putInt(codes.length());
      codes.forEach(hasher::putInt);
    }
    hasher.putLong(window);
    for (Enum<?> policy : List.of(anchor, order, repeats, ties)) {
      hasher.putString(policy.name(), StandardCharsets.UTF_8);
    }
    hasher.putBoolean(maxGap.isPresent()).putLong(maxGap.orElse(0));
    hasher.putInt(exclusions.size());
    for (Exclusion exclusion : exclusions) {
      hasher
          .putInt(exclusion.fromStep())
          .putInt(exclusion.toStep())
          .putInt(exclusion.codes().length());
      exclusion.codes().forEach(hasher::putInt);
    }
    hasher.putString(dialect == null ? "" : dialect.toString(), StandardCharsets.UTF_8);
    return hasher.hash().asLong();
  }

  /** Returns the number of steps. */
  public int steps() {
    return stepCodes.size();
  }

  /** Returns the event codes of each step, step 1 first. */
  public ImmutableList<ImmutableIntArray> stepCodes() {
    return stepCodes;
  }

  /** Returns the number of event codes: valid codes are 0 to {@code eventCodes() − 1}. */
  public int eventCodes() {
    return codeCount;
  }

  /** Returns the window, inclusive, in timestamp units. */
  public long window() {
    return window;
  }

  /** Returns which step-1 event opens the window. */
  public WindowAnchor windowAnchor() {
    return anchor;
  }

  /** Returns whether other events may come between steps. */
  public StepOrder order() {
    return order;
  }

  /** Returns the engine dialect this funnel reproduces, if any; see {@link Dialect}. */
  public Optional<Dialect> dialect() {
    return Optional.ofNullable(dialect);
  }

  /** Returns what repeats of a reached step do. */
  public RepeatPolicy repeats() {
    return repeats;
  }

  /** Returns how equal timestamps may chain. */
  public TiePolicy ties() {
    return ties;
  }

  /** Returns the longest time allowed between consecutive steps, if limited. */
  public OptionalLong maxGap() {
    return maxGap;
  }

  /** Returns the exclusions. */
  public ImmutableList<Exclusion> exclusions() {
    return exclusions;
  }

  // The lookup tables are shared with the scans, which read them once per event; never written.
  int[] stepMasks() {
    return stepMaskByCode;
  }

  /**
   * Returns whether events of {@code code} can change a result: they match a step or an exclusion,
   * or the funnel's dialect ends chains at rows that satisfy no condition. An aggregation that
   * gathers events elsewhere first (a partial state, an engine's buffer) may leave the others out.
   *
   * @throws IndexOutOfBoundsException if the code is outside the declared range
   */
  public boolean isRelevant(int code) {
    checkIndex(code, codeCount);
    return (stepMaskByCode[code] | exclusionMaskByCode[code]) != 0;
  }

  int[] exclusionMasks() {
    return exclusionMaskByCode;
  }

  int rank(int code) {
    return rankByCode[code];
  }

  /**
   * Inserts a code into a group of events with one timestamp, held as codes in chain order (lowest
   * step first, then arrival), which is how every scan and the tracker take ties. Returns the
   * group, grown if it was full.
   */
  int[] addToTieGroup(int[] group, int size, int code) {
    int[] result = size < group.length ? group : Arrays.copyOf(group, Math.max(2, size * 2));
    // Insertion sort: stable, and tie groups are small.
    int rank = rankByCode[code];
    int j = size;
    while (j > 0 && rankByCode[result[j - 1]] > rank) {
      result[j] = result[j - 1];
      j--;
    }
    result[j] = code;
    return result;
  }

  /**
   * Returns, per code, its step (1-based) or {@code steps + 1} for none, when no code belongs to
   * two steps; null otherwise.
   */
  private int @Nullable [] singleStepSlots() {
    int[] slots = new int[codeCount];
    Arrays.fill(slots, stepCodes.size() + 1);
    for (int code = 0; code < codeCount; code++) {
      int mask = stepMaskByCode[code];
      if (Integer.bitCount(mask) > 1) {
        return null;
      }
      if (mask != 0) {
        slots[code] = Integer.numberOfTrailingZeros(mask) + 1;
      }
    }
    return slots;
  }

  /** Returns each code's slot in the branch-free scan; only simple funnels have them. */
  int[] slots() {
    return requireNonNull(slotByCode, "only a simple funnel has slots");
  }

  /**
   * Whether the branch-free scan applies: default policies and no code in two steps, which is the
   * common case and the one worth a loop of its own.
   */
  boolean isSimple() {
    // The branch-free scan keeps levels 1..k as bits 1..k of an int.
    return isFast()
        && stepCodes.size() < Integer.SIZE - 1
        && anchor == WindowAnchor.LATEST_ENTRY
        && repeats == RepeatPolicy.IGNORE
        && slotByCode != null;
  }

  /** Whether the constant-memory kernel computes this funnel's semantics. */
  boolean isFast() {
    return dialect == null
        && order == StepOrder.SEQUENTIAL
        && ties == TiePolicy.ALLOW_EQUAL
        && maxGap.isEmpty()
        && exclusions.isEmpty();
  }

  /** Returns a new kernel of the cheapest kind that computes this funnel's semantics. */
  Kernel newKernel(boolean trackChain) {
    if (dialect != null) {
      return new DialectKernel(this);
    }
    if (isSimple() && !trackChain) {
      return new DefaultPolicyKernel(this);
    }
    return isFast() ? new FastKernel(this, trackChain) : new GeneralKernel(this, trackChain);
  }

  /**
   * Evaluates one subject's events, given in any order: returns its level and the timestamps of the
   * chain that reached it (the first chain, in chain order, to reach that level; among those ending
   * at the same event, the one with the latest start).
   *
   * @throws IllegalArgumentException if the arrays differ in length, a code is outside the declared
   *     range, or a timestamp is negative
   */
  public SubjectResult evaluate(long[] timestamps, int[] codes) {
    requireNonNull(timestamps, "timestamps");
    requireNonNull(codes, "codes");
    EventBatch batch = EventBatch.arbitrary(new long[timestamps.length], timestamps, codes);
    SubjectResult[] result = new SubjectResult[1];
    aggregation().subjects((subject, found) -> result[0] = found).run(batch);
    return result[0] == null ? SubjectResult.none() : result[0];
  }

  /**
   * Aggregates a batch in one thread: the number of subjects at each level.
   *
   * @throws IllegalArgumentException if a code is outside the declared range, or the batch breaks
   *     the order its layout promised (the message names the index and the values)
   */
  public FunnelResult aggregate(EventBatch batch) {
    return aggregation().run(batch);
  }

  /** Returns a tracker that follows a live event stream and keeps each subject's level current. */
  public FunnelTracker newTracker() {
    return new FunnelTracker(this);
  }

  /**
   * Returns a mergeable partial state of the batch's events, for partitions that split subjects;
   * see {@link FunnelState}. The batch's layout does not matter to the result, but a promised time
   * order is verified.
   *
   * @throws IllegalArgumentException if a code is outside the declared range, a timestamp is
   *     negative, or a time-ordered batch goes back in time
   */
  public FunnelState state(EventBatch batch) {
    return FunnelState.of(this, requireNonNull(batch, "batch"));
  }

  /**
   * Returns an empty accumulator of this funnel's partial states; see {@link
   * FunnelState.Accumulator}.
   */
  public FunnelState.Accumulator stateAccumulator() {
    return new FunnelState.Accumulator(this);
  }

  /** Returns the partial state of no events: the identity of {@link FunnelState#plus}. */
  public FunnelState emptyState() {
    return new FunnelState(this, new long[0], new long[0], new int[0], new long[0]);
  }

  /** Starts an aggregation with options: threads, per-subject results, conversion times. */
  public Aggregation aggregation() {
    return new Aggregation(this);
  }

  /** Collects a funnel definition. Not thread-safe. */
  public static final class Builder {
    private int codeCount = -1;
    private final List<ImmutableIntArray> steps = new ArrayList<>();
    private long window = -1;
    private WindowAnchor anchor = WindowAnchor.LATEST_ENTRY;
    private StepOrder order = StepOrder.SEQUENTIAL;
    private RepeatPolicy repeats = RepeatPolicy.IGNORE;
    private TiePolicy ties = TiePolicy.ALLOW_EQUAL;
    private OptionalLong maxGap = OptionalLong.empty();
    private final List<Exclusion> exclusions = new ArrayList<>();
    private @Nullable Dialect dialect;

    private Builder() {}

    /**
     * Declares the event codes: valid codes are 0 to {@code count − 1}. Codes outside that range in
     * a batch are rejected, not ignored.
     *
     * @throws IllegalArgumentException if the count is not positive
     */
    public Builder eventCodes(int count) {
      checkArgument(count > 0, "the number of event codes must be positive: %s", count);
      this.codeCount = count;
      return this;
    }

    /**
     * Appends a step that any of the given event codes matches.
     *
     * @throws IllegalArgumentException if no code is given, a code is negative, or there would be
     *     more than {@value #MAX_STEPS} steps
     */
    public Builder step(int... codes) {
      requireNonNull(codes, "codes");
      checkArgument(codes.length > 0, "step %s needs at least one event code", steps.size() + 1);
      for (int code : codes) {
        checkArgument(code >= 0, "event code must not be negative: %s", code);
      }
      checkArgument(
          steps.size() < MAX_STEPS,
          "a funnel has at most %s steps; step %s is one too many",
          MAX_STEPS,
          steps.size() + 1);
      steps.add(ImmutableIntArray.copyOf(codes));
      return this;
    }

    /**
     * Declares {@code 2^steps} event codes, each the set of steps an event matches (bit i for step
     * i + 1), and appends the steps, step i + 1 matching every code with bit i: for events known by
     * the conditions they pass rather than by name (a reader's filters, an engine's condition
     * arrays). An event that matches no step has code 0.
     *
     * @throws IllegalArgumentException if {@code steps} is not 1 to {@value #MAX_STEP_SETS}, or
     *     steps were appended before
     */
    public Builder stepSets(int steps) {
      checkArgument(
          steps >= 1 && steps <= MAX_STEP_SETS,
          "step sets are for 1 to %s steps, not %s",
          MAX_STEP_SETS,
          steps);
      checkArgument(
          this.steps.isEmpty(),
          "stepSets declares every step; %s were appended before",
          this.steps.size());
      eventCodes(1 << steps);
      for (int i = 0; i < steps; i++) {
        int bit = 1 << i;
        step(IntStream.range(0, 1 << steps).filter(code -> (code & bit) != 0).toArray());
      }
      return this;
    }

    /**
     * Sets the window, inclusive, in timestamp units. A window of 0 asks for every step at the time
     * of the first, as ClickHouse allows.
     *
     * @throws IllegalArgumentException if the window is negative
     */
    public Builder window(long window) {
      checkArgument(window >= 0, "window must not be negative: %s", window);
      this.window = window;
      return this;
    }

    /** Sets which step-1 event opens the window ({@link WindowAnchor#LATEST_ENTRY} by default). */
    public Builder windowAnchor(WindowAnchor anchor) {
      this.anchor = requireNonNull(anchor, "anchor");
      return this;
    }

    /**
     * Sets whether other events may come between steps ({@link StepOrder#SEQUENTIAL} by default).
     */
    public Builder order(StepOrder order) {
      this.order = requireNonNull(order, "order");
      return this;
    }

    /** Sets what repeats of a reached step do ({@link RepeatPolicy#IGNORE} by default). */
    public Builder repeats(RepeatPolicy repeats) {
      this.repeats = requireNonNull(repeats, "repeats");
      return this;
    }

    /** Sets how equal timestamps may chain ({@link TiePolicy#ALLOW_EQUAL} by default). */
    public Builder ties(TiePolicy ties) {
      this.ties = requireNonNull(ties, "ties");
      return this;
    }

    /**
     * Limits the time between consecutive steps of a chain, inclusive. Worked example, steps A → B
     * → C, window 100, gap 10: events A@0, B@5, C@20 reach level 2 (C is 15 after B).
     *
     * @throws IllegalArgumentException if the gap is negative
     */
    public Builder maxGap(long gap) {
      checkArgument(gap >= 0, "max gap must not be negative: %s", gap);
      this.maxGap = OptionalLong.of(gap);
      return this;
    }

    /**
     * Adds an exclusion; see {@link Exclusion}.
     *
     * @throws IllegalArgumentException if there would be more than {@value #MAX_EXCLUSIONS}
     */
    public Builder exclude(Exclusion exclusion) {
      requireNonNull(exclusion, "exclusion");
      checkArgument(
          exclusions.size() < MAX_EXCLUSIONS, "a funnel has at most %s exclusions", MAX_EXCLUSIONS);
      exclusions.add(exclusion);
      return this;
    }

    /**
     * Makes the funnel reproduce another engine's semantics, which replace every policy of the
     * library's own; see {@link Dialect}. Example: {@code
     * dialect(Dialect.clickHouse("strict_order", "allow_reentry"))}.
     */
    public Builder dialect(Dialect dialect) {
      this.dialect = requireNonNull(dialect, "dialect");
      return this;
    }

    /**
     * Returns the funnel.
     *
     * @throws IllegalStateException if the event codes, the window or the steps are missing, a code
     *     is outside the declared range, an exclusion names a step the funnel does not have, a code
     *     is both a step's and an exclusion's, or a dialect is set together with a policy, a gap or
     *     an exclusion of the library's own (the dialect sets them all)
     */
    public WindowFunnel build() {
      checkState(codeCount > 0, "declare the event codes with eventCodes(count)");
      checkState(!steps.isEmpty(), "a funnel needs at least one step");
      checkState(window >= 0, "set the window with window(length)");
      if (dialect != null) {
        List<String> conflicts = new ArrayList<>();
        if (anchor != WindowAnchor.LATEST_ENTRY) {
          conflicts.add("windowAnchor " + anchor);
        }
        if (order != StepOrder.SEQUENTIAL) {
          conflicts.add("order " + order);
        }
        if (repeats != RepeatPolicy.IGNORE) {
          conflicts.add("repeats " + repeats);
        }
        if (ties != TiePolicy.ALLOW_EQUAL) {
          conflicts.add("ties " + ties);
        }
        maxGap.ifPresent(gap -> conflicts.add("maxGap " + gap));
        if (!exclusions.isEmpty()) {
          conflicts.add(exclusions.size() + " exclusions");
        }
        checkState(
            conflicts.isEmpty(),
            "the dialect %s sets every policy; it cannot be combined with %s",
            dialect,
            conflicts);
      }
      boolean[] stepCode = new boolean[codeCount];
      for (int s = 0; s < steps.size(); s++) {
        for (int i = 0; i < steps.get(s).length(); i++) {
          int code = steps.get(s).get(i);
          checkState(
              code < codeCount,
              "step %s uses event code %s, outside the declared range [0, %s)",
              s + 1,
              code,
              codeCount);
          stepCode[code] = true;
        }
      }
      for (Exclusion exclusion : exclusions) {
        checkState(
            exclusion.toStep() <= steps.size(),
            "exclusion up to step %s, but the funnel has %s steps",
            exclusion.toStep(),
            steps.size());
        exclusion
            .codes()
            .forEach(
                code -> {
                  checkState(
                      code < codeCount,
                      "exclusion uses event code %s, outside the declared range [0, %s)",
                      code,
                      codeCount);
                  checkState(
                      !stepCode[code],
                      "event code %s is both a step's and an exclusion's; use distinct codes",
                      code);
                });
      }
      return new WindowFunnel(this);
    }
  }
}
