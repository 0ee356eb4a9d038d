package dev.funnel.events;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * A window funnel over objects rather than integer codes: each step is a predicate, such as
 * {@code e -> e.type().equals("checkout") && e.amount() > 100}. It encodes each object as the set
 * of predicates it matches and runs the same {@link WindowFunnel} kernels, with the same policies.
 *
 * <pre>{@code
 * ObjectFunnel<Event> funnel = ObjectFunnel.builder(Event::userId, Event::epochMillis)
 *     .step(e -> e.type().equals("view"))
 *     .step(e -> e.type().equals("checkout") && e.amount() > 100)
 *     .window(Duration.ofDays(1).toMillis())
 *     .build();
 * FunnelResult result = funnel.aggregate(events);
 * }</pre>
 *
 * <p>Convenient rather than fastest: every predicate is tested on every object, and the objects
 * are copied into arrays. At most {@value #MAX_PREDICATES} predicates (steps and exclusions
 * together). Immutable and thread-safe if the functions and predicates are.
 */
public final class ObjectFunnel<E> {
  /** The most step and exclusion predicates together. */
  public static final int MAX_PREDICATES = 12;

  private final ToLongFunction<E> subject;
  private final ToLongFunction<E> timestamp;
  private final ImmutableList<Predicate<E>> steps;
  private final ImmutableList<Predicate<E>> exclusions;
  private final WindowFunnel funnel;

  private ObjectFunnel(Builder<E> builder, WindowFunnel funnel) {
    this.subject = builder.subject;
    this.timestamp = builder.timestamp;
    this.steps = ImmutableList.copyOf(builder.steps);
    this.exclusions = ImmutableList.copyOf(builder.exclusions);
    this.funnel = funnel;
  }

  /** Starts a funnel over objects whose subject id and timestamp the functions give. */
  public static <E> Builder<E> builder(ToLongFunction<E> subject, ToLongFunction<E> timestamp) {
    return new Builder<>(subject, timestamp);
  }

  /** Returns the integer-code funnel the objects are encoded for. */
  public WindowFunnel funnel() {
    return funnel;
  }

  /**
   * Encodes the objects, in the order given, as an arbitrary-order batch.
   *
   * @throws IllegalArgumentException if an object matches both a step and an exclusion
   */
  public EventBatch toBatch(Collection<E> events) {
    requireNonNull(events, "events");
    long[] subjects = new long[events.size()];
    long[] times = new long[events.size()];
    int[] codes = new int[events.size()];
    int i = 0;
    for (E event : events) {
      subjects[i] = subject.applyAsLong(event);
      times[i] = timestamp.applyAsLong(event);
      codes[i] = encode(event, i);
      i++;
    }
    return EventBatch.arbitrary(subjects, times, codes);
  }

  private int encode(E event, int index) {
    int code = 0;
    for (int s = 0; s < steps.size(); s++) {
      if (steps.get(s).test(event)) {
        code |= 1 << s;
      }
    }
    for (int x = 0; x < exclusions.size(); x++) {
      if (exclusions.get(x).test(event)) {
        checkArgument(
            code == 0,
            "the object at index %s matches both a step and exclusion %s: %s",
            index,
            x + 1,
            event);
        code |= 1 << (steps.size() + x);
      }
    }
    return code;
  }

  /**
   * Aggregates the objects, in any order.
   *
   * @throws IllegalArgumentException if an object matches both a step and an exclusion, or has
   *     a negative timestamp
   */
  public FunnelResult aggregate(Collection<E> events) {
    return funnel.aggregate(toBatch(events));
  }

  /** Collects a funnel over objects. Not thread-safe. */
  public static final class Builder<E> {
    private final ToLongFunction<E> subject;
    private final ToLongFunction<E> timestamp;
    private final List<Predicate<E>> steps = new ArrayList<>();
    private final List<Predicate<E>> exclusions = new ArrayList<>();
    private final List<int[]> exclusionSteps = new ArrayList<>();
    private final WindowFunnel.Builder codes = WindowFunnel.builder();

    private Builder(ToLongFunction<E> subject, ToLongFunction<E> timestamp) {
      this.subject = requireNonNull(subject, "subject");
      this.timestamp = requireNonNull(timestamp, "timestamp");
    }

    /**
     * Appends a step that objects matching {@code predicate} fill.
     *
     * @throws IllegalArgumentException if there would be more than {@value #MAX_PREDICATES}
     *     predicates
     */
    public Builder<E> step(Predicate<E> predicate) {
      requireNonNull(predicate, "predicate");
      checkArgument(
          steps.size() + exclusions.size() < MAX_PREDICATES,
          "an object funnel has at most %s predicates",
          MAX_PREDICATES);
      steps.add(predicate);
      return this;
    }

    /**
     * Adds an exclusion: objects matching {@code predicate} between steps {@code fromStep} and
     * {@code toStep} disqualify a chain, as {@link Exclusion} describes.
     *
     * @throws IllegalArgumentException if the steps are not 1 ≤ fromStep &lt; toStep, or there
     *     would be more than {@value #MAX_PREDICATES} predicates
     */
    public Builder<E> exclude(Predicate<E> predicate, int fromStep, int toStep) {
      requireNonNull(predicate, "predicate");
      checkArgument(
          fromStep >= 1 && toStep > fromStep,
          "an exclusion needs 1 ≤ fromStep < toStep, got %s and %s",
          fromStep,
          toStep);
      checkArgument(
          steps.size() + exclusions.size() < MAX_PREDICATES,
          "an object funnel has at most %s predicates",
          MAX_PREDICATES);
      exclusions.add(predicate);
      exclusionSteps.add(new int[] {fromStep, toStep});
      return this;
    }

    /** Sets the window; see {@link WindowFunnel.Builder#window}. */
    public Builder<E> window(long window) {
      codes.window(window);
      return this;
    }

    /** Sets the window anchor; see {@link WindowAnchor}. */
    public Builder<E> windowAnchor(WindowAnchor anchor) {
      codes.windowAnchor(anchor);
      return this;
    }

    /** Sets the step order; see {@link StepOrder}. */
    public Builder<E> order(StepOrder order) {
      codes.order(order);
      return this;
    }

    /** Sets the repeat policy; see {@link RepeatPolicy}. */
    public Builder<E> repeats(RepeatPolicy repeats) {
      codes.repeats(repeats);
      return this;
    }

    /** Sets the tie policy; see {@link TiePolicy}. */
    public Builder<E> ties(TiePolicy ties) {
      codes.ties(ties);
      return this;
    }

    /** Limits the time between consecutive steps; see {@link WindowFunnel.Builder#maxGap}. */
    public Builder<E> maxGap(long gap) {
      codes.maxGap(gap);
      return this;
    }

    /**
     * Returns the funnel.
     *
     * @throws IllegalStateException if there is no step or no window, or an exclusion names a
     *     step the funnel does not have
     */
    public ObjectFunnel<E> build() {
      checkState(!steps.isEmpty(), "a funnel needs at least one step");
      int predicates = steps.size() + exclusions.size();
      int codeCount = 1 << predicates;
      codes.eventCodes(codeCount);
      // Code = the bit set of the predicates an object matches; a step matches every code that
      // has its bit and no exclusion bit.
      int stepBits = (1 << steps.size()) - 1;
      for (int s = 0; s < steps.size(); s++) {
        List<Integer> matching = new ArrayList<>();
        for (int code = 1; code <= stepBits; code++) {
          if ((code & (1 << s)) != 0) {
            matching.add(code);
          }
        }
        codes.step(matching.stream().mapToInt(Integer::intValue).toArray());
      }
      for (int x = 0; x < exclusions.size(); x++) {
        int bit = 1 << (steps.size() + x);
        List<Integer> matching = new ArrayList<>();
        for (int code = bit; code < codeCount; code++) {
          if ((code & bit) != 0 && (code & stepBits) == 0) {
            matching.add(code);
          }
        }
        int[] range = exclusionSteps.get(x);
        codes.exclude(
            Exclusion.between(range[0], range[1], matching.stream().mapToInt(Integer::intValue).toArray()));
      }
      return new ObjectFunnel<>(this, codes.build());
    }
  }
}
