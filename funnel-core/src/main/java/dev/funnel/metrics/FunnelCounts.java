package dev.funnel.metrics;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.primitives.ImmutableLongArray;
import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.Stage;
import dev.funnel.model.StageKind;
import dev.funnel.model.StageVisit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How many subjects reached each step of a funnel: the input of every conversion report.
 *
 * <p>A subject that reached a later step counts for every earlier required step, so required counts
 * never rise down the funnel. An optional step (one leads may skip, such as an optional demo)
 * counts only the subjects that were actually in it; rates around it are measured from the nearest
 * required step before it (its {@linkplain #baseOf base}). Steps are numbered from 1, the top, as
 * everywhere in the library. The first and last steps are always required.
 *
 * <p>Counts merge like Caffeine's {@code CacheStats}: {@link #plus} adds two counts over the same
 * steps, and {@link #empty} is its identity, so partitions of the data can be counted separately.
 *
 * <pre>{@code
 * FunnelCounts counts = FunnelCounts.of(
 *     List.of("target", "interested", "enquiry", "price comparison", "purchase"),
 *     100, 70, 40, 20, 10);
 * FunnelCounts withDemo = FunnelCounts.builder()
 *     .step("lead", 100).optionalStep("demo", 30).step("proposal", 45).step("won", 12)
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class FunnelCounts {
  private final ImmutableList<String> steps;
  private final ImmutableLongArray reached;
  private final BitSet optional;

  private FunnelCounts(ImmutableList<String> steps, ImmutableLongArray reached, BitSet optional) {
    this.steps = steps;
    this.reached = reached;
    this.optional = optional;
  }

  /**
   * Returns counts of required steps given as numbers, top first.
   *
   * @throws IllegalArgumentException if the step names are empty, blank or repeated, the number of
   *     counts differs from the number of steps, a count is negative, or a count is larger than the
   *     one before it (more subjects cannot reach a step than reached the step above)
   */
  public static FunnelCounts of(List<String> steps, long... reached) {
    requireNonNull(steps, "steps");
    requireNonNull(reached, "reached");
    checkArgument(!steps.isEmpty(), "a funnel needs at least one step");
    checkArgument(
        reached.length == steps.size(),
        "%s counts given for %s steps %s",
        reached.length,
        steps.size(),
        steps);
    Builder builder = builder();
    for (int i = 0; i < reached.length; i++) {
      builder.step(requireNonNull(steps.get(i), "step"), reached[i]);
    }
    return builder.build();
  }

  /** Starts counts given step by step, for funnels with optional steps. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns zero counts over required steps: the identity of {@link #plus} for such counts. */
  public static FunnelCounts empty(List<String> steps) {
    return of(steps, new long[requireNonNull(steps, "steps").size()]);
  }

  /** Returns zero counts over the same steps as these, optional ones included. */
  public FunnelCounts emptyLike() {
    return new FunnelCounts(steps, ImmutableLongArray.copyOf(new long[steps.size()]), optional);
  }

  /**
   * Counts leads over a funnel's steps: its stages that are not lost, in order. A lead counts for
   * the furthest such stage it ever entered and every required stage before it (a skipped required
   * stage counts as passed), and for each optional stage it entered; a lead that was lost counts up
   * to where it got.
   *
   * @throws IllegalArgumentException if a lead's history names a stage the funnel does not have
   */
  public static FunnelCounts fromLeads(Funnel funnel, Iterable<Lead> leads) {
    requireNonNull(funnel, "funnel");
    requireNonNull(leads, "leads");
    List<Stage> stepStages = stepStages(funnel);
    int size = stepStages.size();
    Map<String, Integer> stepIndex = new HashMap<>();
    BitSet optional = new BitSet(size);
    for (int i = 0; i < size; i++) {
      stepIndex.put(stepStages.get(i).id(), i);
      optional.set(i, stepStages.get(i).optional());
    }
    long[] furthest = new long[size];
    long[] visitedOptional = new long[size];
    BitSet visited = new BitSet(size);
    for (Lead lead : leads) {
      int max = -1;
      visited.clear();
      for (StageVisit visit : lead.history()) {
        Stage stage = funnel.stage(visit.stageId());
        if (stage.kind() != StageKind.LOST) {
          int index = requireNonNull(stepIndex.get(stage.id())); // every stage but lost ones
          max = Math.max(max, index);
          visited.set(index);
        }
      }
      if (max >= 0) {
        furthest[max]++;
      }
      for (int i = optional.nextSetBit(0); i >= 0; i = optional.nextSetBit(i + 1)) {
        if (visited.get(i)) {
          visitedOptional[i]++;
        }
      }
    }
    long[] reached = new long[size];
    long running = 0;
    for (int i = size - 1; i >= 0; i--) {
      running += furthest[i];
      reached[i] = optional.get(i) ? visitedOptional[i] : running;
    }
    return new FunnelCounts(
        stepStages.stream().map(Stage::id).collect(ImmutableList.toImmutableList()),
        ImmutableLongArray.copyOf(reached),
        optional);
  }

  /** Returns the steps a funnel's stages give for counting: every stage that is not lost. */
  public static ImmutableList<String> steps(Funnel funnel) {
    return stepStages(funnel).stream().map(Stage::id).collect(ImmutableList.toImmutableList());
  }

  private static List<Stage> stepStages(Funnel funnel) {
    return funnel.stages().stream().filter(s -> s.kind() != StageKind.LOST).toList();
  }

  /** Returns the step names, top first. */
  public ImmutableList<String> steps() {
    return steps;
  }

  /** Returns the number of steps. */
  public int size() {
    return steps.size();
  }

  /** Returns whether step {@code step} (1 is the top) may be skipped. */
  public boolean isOptional(int step) {
    return optional.get(index(step));
  }

  /**
   * Returns the number of the step that rates of step {@code step} are measured from: the nearest
   * required step before it, or the step itself at the top (step 1).
   */
  public int baseOf(int step) {
    return baseIndex(index(step)) + 1;
  }

  private int baseIndex(int index) {
    int base = index - 1;
    while (base > 0 && optional.get(base)) {
      base--;
    }
    return Math.max(base, 0);
  }

  /** Returns how many reached step {@code step} (1 is the top). */
  public long reached(int step) {
    return reached.get(index(step));
  }

  /**
   * Returns how many reached the named step.
   *
   * @throws IllegalArgumentException if there is no such step; the message lists the steps
   */
  public long reached(String step) {
    return reached.get(numberOf(step) - 1);
  }

  /** Returns every count, top first (step 1 at position 0). */
  public ImmutableLongArray reachedCounts() {
    return reached;
  }

  /**
   * Returns how many stopped at required step {@code step} (1 is the top): they reached it but not
   * the next required step (they are in it or in an optional step after it, or were lost from
   * there).
   *
   * @throws IllegalArgumentException if the step is optional: those who stop in an optional step
   *     are counted at the required step before it
   */
  public long stoppedAt(int step) {
    int index = index(step);
    checkArgument(
        !optional.get(index),
        "'%s' is optional: leads that stop there are counted at the required step before it",
        steps.get(index));
    int next = index + 1;
    while (next < steps.size() && optional.get(next)) {
      next++;
    }
    return reached.get(index) - (next < steps.size() ? reached.get(next) : 0);
  }

  /**
   * Returns the number of the named step, 1 for the top.
   *
   * @throws IllegalArgumentException if there is no such step; the message lists the steps
   */
  public int numberOf(String step) {
    int index = steps.indexOf(requireNonNull(step, "step"));
    checkArgument(index >= 0, "unknown step '%s'; known steps: %s", step, steps);
    return index + 1;
  }

  private int index(int step) {
    checkArgument(
        step >= 1 && step <= steps.size(), "step %s is outside 1 to %s", step, steps.size());
    return step - 1;
  }

  /** Returns whether {@code other} counts the same steps, with the same ones optional. */
  public boolean hasSameStepsAs(FunnelCounts other) {
    return steps.equals(requireNonNull(other, "other").steps) && optional.equals(other.optional);
  }

  /**
   * Returns the sum of these counts and {@code other}'s, step by step.
   *
   * @throws IllegalArgumentException if the steps, or which of them are optional, differ, or a sum
   *     would exceed {@code Long.MAX_VALUE}
   */
  public FunnelCounts plus(FunnelCounts other) {
    requireNonNull(other, "other");
    checkArgument(
        hasSameStepsAs(other),
        "cannot add counts over different steps: %s and %s",
        this.describeSteps(),
        other.describeSteps());
    long[] sum = new long[steps.size()];
    for (int i = 0; i < sum.length; i++) {
      long a = reached.get(i);
      long b = other.reached.get(i);
      checkArgument(
          a <= Long.MAX_VALUE - b,
          "the counts of step '%s' add up to more than %s: %s + %s",
          steps.get(i),
          Long.MAX_VALUE,
          a,
          b);
      sum[i] = a + b;
    }
    return new FunnelCounts(steps, ImmutableLongArray.copyOf(sum), optional);
  }

  /** Returns these counts less {@code part}'s, a part of them over the same steps: the rest. */
  FunnelCounts minus(FunnelCounts part) {
    checkArgument(hasSameStepsAs(part), "cannot subtract counts over different steps");
    long[] rest = new long[steps.size()];
    for (int i = 0; i < rest.length; i++) {
      rest[i] = reached.get(i) - part.reached.get(i);
      checkArgument(rest[i] >= 0, "step '%s': %s is not part of %s", steps.get(i), part, this);
    }
    return new FunnelCounts(steps, ImmutableLongArray.copyOf(rest), optional);
  }

  private List<String> describeSteps() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      names.add(optional.get(i) ? steps.get(i) + " (optional)" : steps.get(i));
    }
    return names;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FunnelCounts other
        && steps.equals(other.steps)
        && reached.equals(other.reached)
        && optional.equals(other.optional);
  }

  @Override
  public int hashCode() {
    return (steps.hashCode() * 31 + reached.hashCode()) * 31 + optional.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("FunnelCounts[");
    List<String> names = describeSteps();
    for (int i = 0; i < names.size(); i++) {
      text.append(i == 0 ? "" : " → ").append(names.get(i)).append(' ').append(reached.get(i));
    }
    return text.append(']').toString();
  }

  /**
   * Collects counts step by step and validates them as a whole in {@link #build()}. Not
   * thread-safe.
   */
  public static final class Builder {
    private final List<String> steps = new ArrayList<>();
    private final List<Long> counts = new ArrayList<>();
    private final BitSet optional = new BitSet();

    private Builder() {}

    /** Appends a required step: every subject counted below it passed it. */
    public Builder step(String name, long reached) {
      return add(name, reached, false);
    }

    /** Appends an optional step: it counts only the subjects that were actually in it. */
    public Builder optionalStep(String name, long reached) {
      return add(name, reached, true);
    }

    private Builder add(String name, long reached, boolean isOptional) {
      requireNonNull(name, "name");
      checkArgument(!name.isBlank(), "step name must not be blank: '%s'", name);
      checkArgument(!steps.contains(name), "step '%s' is already counted", name);
      checkArgument(reached >= 0, "count of step '%s' must not be negative: %s", name, reached);
      optional.set(steps.size(), isOptional);
      steps.add(name);
      counts.add(reached);
      return this;
    }

    /**
     * Returns the counts.
     *
     * @throws IllegalStateException if there are no steps
     * @throws IllegalArgumentException if the first or last step is optional, or a count is larger
     *     than that of its base step (the nearest required step above it)
     */
    public FunnelCounts build() {
      checkState(!steps.isEmpty(), "a funnel needs at least one step");
      checkArgument(!optional.get(0), "the first step cannot be optional: '%s'", steps.get(0));
      checkArgument(
          !optional.get(steps.size() - 1),
          "the last step cannot be optional: '%s'",
          steps.get(steps.size() - 1));
      FunnelCounts result =
          new FunnelCounts(
              ImmutableList.copyOf(steps),
              ImmutableLongArray.copyOf(counts),
              (BitSet) optional.clone());
      for (int i = 1; i < steps.size(); i++) {
        int base = result.baseIndex(i);
        checkArgument(
            counts.get(i) <= counts.get(base),
            "count of step '%s' (%s) is larger than that of '%s' (%s); counts cannot rise down"
                + " the funnel",
            steps.get(i),
            counts.get(i),
            steps.get(base),
            counts.get(base));
      }
      return result;
    }
  }
}
