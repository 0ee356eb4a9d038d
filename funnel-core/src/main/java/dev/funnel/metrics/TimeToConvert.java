package dev.funnel.metrics;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.StageVisit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How long leads took to get from one step of a funnel to the next, and from the top to the last
 * step (end to end), measured on each lead's own history.
 *
 * <p>A lead reaches a required step when it first enters that step or any later one (so a skipped
 * step is reached when the lead passes it), and an optional step when it first enters it. The time
 * to a step is the time from reaching the step before it (the nearest required one, see {@link
 * FunnelCounts#baseOf}) to reaching it, over the leads that reached both. Lost stages are not
 * steps.
 *
 * <p>Immutable and thread-safe.
 */
public final class TimeToConvert {
  private final ImmutableList<String> steps;
  private final ImmutableList<DurationStats> toStep;
  private final DurationStats endToEnd;

  private TimeToConvert(
      ImmutableList<String> steps, ImmutableList<DurationStats> toStep, DurationStats endToEnd) {
    this.steps = steps;
    this.toStep = toStep;
    this.endToEnd = endToEnd;
  }

  /**
   * Measures the leads' histories in the funnel.
   *
   * @throws IllegalArgumentException if a lead names a stage the funnel does not have
   */
  public static TimeToConvert fromLeads(Funnel funnel, Iterable<Lead> leads) {
    requireNonNull(funnel, "funnel");
    requireNonNull(leads, "leads");
    ImmutableList<String> steps = FunnelCounts.steps(funnel);
    FunnelCounts shape = FunnelCounts.fromLeads(funnel, List.of());
    Map<String, Integer> stepIndex = new HashMap<>();
    for (int i = 0; i < steps.size(); i++) {
      stepIndex.put(steps.get(i), i);
    }
    List<List<Duration>> perStep = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      perStep.add(new ArrayList<>());
    }
    List<Duration> endToEnd = new ArrayList<>();
    for (Lead lead : leads) {
      Instant[] reachedAt = reachedAt(funnel, shape, stepIndex, lead);
      for (int i = 1; i < steps.size(); i++) {
        Instant base = reachedAt[shape.baseOf(i + 1) - 1];
        if (reachedAt[i] != null && base != null) {
          perStep.get(i).add(Duration.between(base, reachedAt[i]));
        }
      }
      Instant last = reachedAt[steps.size() - 1];
      if (last != null && reachedAt[0] != null) {
        endToEnd.add(Duration.between(reachedAt[0], last));
      }
    }
    return new TimeToConvert(
        steps,
        perStep.stream().map(DurationStats::of).collect(ImmutableList.toImmutableList()),
        DurationStats.of(endToEnd));
  }

  /**
   * Returns, per step index, when the lead reached it: for a required step, its first entry into
   * that step or a later one; for an optional step, its first entry into that step.
   */
  private static Instant[] reachedAt(
      Funnel funnel, FunnelCounts shape, Map<String, Integer> stepIndex, Lead lead) {
    Instant[] reachedAt = new Instant[shape.size()];
    int highest = -1;
    for (StageVisit visit : lead.history()) {
      funnel.stage(visit.stageId());
      Integer index = stepIndex.get(visit.stageId());
      if (index == null) {
        continue;
      }
      if (shape.isOptional(index + 1) && reachedAt[index] == null) {
        reachedAt[index] = visit.entered();
      }
      for (int i = highest + 1; i <= index; i++) {
        if (!shape.isOptional(i + 1)) {
          reachedAt[i] = visit.entered();
        }
      }
      highest = Math.max(highest, index);
    }
    return reachedAt;
  }

  /** Returns the step names, top first. */
  public ImmutableList<String> steps() {
    return steps;
  }

  /**
   * Returns the time from reaching the previous required step to reaching the named one.
   *
   * @throws IllegalArgumentException if there is no such step, or it is the top step (nothing comes
   *     before it)
   */
  public DurationStats toStep(String step) {
    int index = steps.indexOf(requireNonNull(step, "step"));
    if (index < 0) {
      throw new IllegalArgumentException("unknown step '" + step + "'; known steps: " + steps);
    }
    if (index == 0) {
      throw new IllegalArgumentException("'" + step + "' is the top step; no step comes before it");
    }
    return toStep.get(index);
  }

  /**
   * Returns the time from reaching the previous required step to reaching step {@code step}, as
   * {@link dev.funnel.events.ConversionTimes#toStep(int)} does for events: steps are numbered from
   * 1, the top.
   *
   * @throws IllegalArgumentException if {@code step} is not between 2 and the number of steps
   */
  public DurationStats toStep(int step) {
    if (step < 2 || step > steps.size()) {
      throw new IllegalArgumentException(
          "step " + step + " has no time to convert; steps 2 to " + steps.size() + " do");
    }
    return toStep.get(step - 1);
  }

  /** Returns the time from reaching the top step to reaching the last one. */
  public DurationStats endToEnd() {
    return endToEnd;
  }
}
