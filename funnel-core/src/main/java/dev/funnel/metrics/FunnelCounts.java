package dev.funnel.metrics;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.primitives.ImmutableLongArray;
import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.Stage;
import dev.funnel.model.StageKind;
import dev.funnel.model.StageVisit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How many subjects reached each step of a funnel, at least: the input of every conversion
 * report. A subject that reached a later step counts for every earlier one, so the counts never
 * rise down the funnel.
 *
 * <p>Counts merge like Caffeine's {@code CacheStats}: {@link #plus} adds two counts over the same
 * steps, and {@link #empty} is its identity, so partitions of the data can be counted separately.
 *
 * <pre>{@code
 * FunnelCounts counts = FunnelCounts.of(
 *     List.of("target", "interested", "enquiry", "price comparison", "purchase"),
 *     100, 70, 40, 20, 10);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class FunnelCounts {
  private final ImmutableList<String> steps;
  private final ImmutableLongArray reached;

  private FunnelCounts(ImmutableList<String> steps, ImmutableLongArray reached) {
    this.steps = steps;
    this.reached = reached;
  }

  /**
   * Returns counts given as numbers, one per step, top first.
   *
   * @throws IllegalArgumentException if the step names are empty, blank or repeated, the number
   *     of counts differs from the number of steps, a count is negative, or a count is larger
   *     than the one before it (more subjects cannot reach a step than reached the step above)
   */
  public static FunnelCounts of(List<String> steps, long... reached) {
    ImmutableList<String> names = checkSteps(steps);
    requireNonNull(reached, "reached");
    checkArgument(
        reached.length == names.size(),
        "%s counts given for %s steps %s",
        reached.length,
        names.size(),
        names);
    for (int i = 0; i < reached.length; i++) {
      checkArgument(
          reached[i] >= 0, "count of step '%s' must not be negative: %s", names.get(i), reached[i]);
      if (i > 0) {
        checkArgument(
            reached[i] <= reached[i - 1],
            "count of step '%s' (%s) is larger than that of '%s' (%s); counts cannot rise down"
                + " the funnel",
            names.get(i),
            reached[i],
            names.get(i - 1),
            reached[i - 1]);
      }
    }
    return new FunnelCounts(names, ImmutableLongArray.copyOf(reached));
  }

  /** Returns zero counts over the steps: the identity of {@link #plus}. */
  public static FunnelCounts empty(List<String> steps) {
    ImmutableList<String> names = checkSteps(steps);
    return new FunnelCounts(names, ImmutableLongArray.copyOf(new long[names.size()]));
  }

  /**
   * Counts leads over a funnel's steps: its stages that are not lost, in order. A lead counts for
   * the furthest such stage it ever entered and every stage before it, so a skipped stage counts
   * as passed and a lead that was lost counts up to where it got.
   *
   * @throws IllegalArgumentException if a lead's history names a stage the funnel does not have
   */
  public static FunnelCounts fromLeads(Funnel funnel, Iterable<Lead> leads) {
    requireNonNull(funnel, "funnel");
    requireNonNull(leads, "leads");
    ImmutableList<String> names = steps(funnel);
    Map<String, Integer> stepIndex = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      stepIndex.put(names.get(i), i);
    }
    long[] furthest = new long[names.size()];
    for (Lead lead : leads) {
      int max = -1;
      for (StageVisit visit : lead.history()) {
        Stage stage = funnel.stage(visit.stageId());
        if (stage.kind() != StageKind.LOST) {
          max = Math.max(max, stepIndex.get(stage.id()));
        }
      }
      if (max >= 0) {
        furthest[max]++;
      }
    }
    long[] reached = new long[names.size()];
    long running = 0;
    for (int i = names.size() - 1; i >= 0; i--) {
      running += furthest[i];
      reached[i] = running;
    }
    return new FunnelCounts(names, ImmutableLongArray.copyOf(reached));
  }

  /** Returns the steps a funnel's stages give for counting: every stage that is not lost. */
  public static ImmutableList<String> steps(Funnel funnel) {
    return funnel.stages().stream()
        .filter(s -> s.kind() != StageKind.LOST)
        .map(Stage::id)
        .collect(ImmutableList.toImmutableList());
  }

  private static ImmutableList<String> checkSteps(List<String> steps) {
    ImmutableList<String> names = ImmutableList.copyOf(requireNonNull(steps, "steps"));
    checkArgument(!names.isEmpty(), "a funnel needs at least one step");
    names.forEach(n -> checkArgument(!n.isBlank(), "step name must not be blank: '%s'", n));
    checkArgument(
        ImmutableSet.copyOf(names).size() == names.size(), "step names repeat: %s", names);
    return names;
  }

  /** Returns the step names, top first. */
  public ImmutableList<String> steps() {
    return steps;
  }

  /** Returns the number of steps. */
  public int size() {
    return steps.size();
  }

  /** Returns how many reached step {@code index} (0 is the top), at least. */
  public long reached(int index) {
    return reached.get(index);
  }

  /**
   * Returns how many reached the named step, at least.
   *
   * @throws IllegalArgumentException if there is no such step; the message lists the steps
   */
  public long reached(String step) {
    return reached.get(indexOf(step));
  }

  /** Returns every count, top first. */
  public ImmutableLongArray reachedCounts() {
    return reached;
  }

  /**
   * Returns how many stopped at step {@code index}: they reached it and went no further (they are
   * in it now, or were lost from it).
   */
  public long stoppedAt(int index) {
    long next = index + 1 < reached.length() ? reached.get(index + 1) : 0;
    return reached.get(index) - next;
  }

  /**
   * Returns the index of the named step.
   *
   * @throws IllegalArgumentException if there is no such step; the message lists the steps
   */
  public int indexOf(String step) {
    int index = steps.indexOf(requireNonNull(step, "step"));
    checkArgument(index >= 0, "unknown step '%s'; known steps: %s", step, steps);
    return index;
  }

  /**
   * Returns the sum of these counts and {@code other}'s, step by step.
   *
   * @throws IllegalArgumentException if the steps differ
   * @throws ArithmeticException if a sum overflows a long
   */
  public FunnelCounts plus(FunnelCounts other) {
    requireNonNull(other, "other");
    checkArgument(
        steps.equals(other.steps), "cannot add counts over different steps: %s and %s", steps, other.steps);
    long[] sum = new long[steps.size()];
    for (int i = 0; i < sum.length; i++) {
      sum[i] = Math.addExact(reached.get(i), other.reached.get(i));
    }
    return new FunnelCounts(steps, ImmutableLongArray.copyOf(sum));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FunnelCounts other
        && steps.equals(other.steps)
        && reached.equals(other.reached);
  }

  @Override
  public int hashCode() {
    return steps.hashCode() * 31 + reached.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("FunnelCounts[");
    for (int i = 0; i < steps.size(); i++) {
      text.append(i == 0 ? "" : " → ").append(steps.get(i)).append(' ').append(reached.get(i));
    }
    return text.append(']').toString();
  }
}
