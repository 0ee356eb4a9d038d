package dev.funnel.events;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntUnaryOperator;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * A window funnel over objects rather than integer codes: each step is a predicate, such as {@code
 * e -> e.type().equals("checkout") && e.amount() > 100}. It encodes each object as the set of
 * predicates it matches and runs the same {@link WindowFunnel} kernels, with the same policies.
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
 * <p>Convenient rather than fastest: every predicate is tested on every object, and the objects are
 * copied into arrays. At most {@value #MAX_PREDICATES} predicates (steps and exclusions together).
 * Up to {@link #maxEncodedPredicates()} predicates every set of them has a code of its own, fixed
 * in {@link #funnel()}; beyond, codes are given per call of {@link #aggregate} to the sets the
 * objects actually match, with a funnel of the same policies built for them, so {@link #funnel()}
 * and {@link #toBatch} are not available. Immutable and thread-safe if the functions and predicates
 * are.
 */
public final class ObjectFunnel<E> {
  /**
   * The most step and exclusion predicates together: 32, as ClickHouse allows conditions. Fixed:
   * predicates are bits of an int.
   */
  public static final int MAX_PREDICATES = 32;

  private static final int MAX_ENCODED_PREDICATES = 12;

  /**
   * Returns the most predicates for which every set of them is a code of {@link #funnel()}: 12
   * today, an implementation choice that may change.
   */
  public static int maxEncodedPredicates() {
    return MAX_ENCODED_PREDICATES;
  }

  private final ToLongFunction<E> subject;
  private final ToLongFunction<E> timestamp;
  private final ImmutableList<Predicate<E>> steps;
  private final ImmutableList<Predicate<E>> exclusions;
  private final ImmutableList<int[]> exclusionSteps;
  private final ImmutableList<Consumer<WindowFunnel.Builder>> settings;
  private final @Nullable WindowFunnel funnel;

  private ObjectFunnel(Builder<E> builder, @Nullable WindowFunnel funnel) {
    this.subject = builder.subject;
    this.timestamp = builder.timestamp;
    this.steps = ImmutableList.copyOf(builder.steps);
    this.exclusions = ImmutableList.copyOf(builder.exclusions);
    this.exclusionSteps = ImmutableList.copyOf(builder.exclusionSteps);
    this.settings = ImmutableList.copyOf(builder.settings);
    this.funnel = funnel;
  }

  /** Starts a funnel over objects whose subject id and timestamp the functions give. */
  public static <E> Builder<E> builder(ToLongFunction<E> subject, ToLongFunction<E> timestamp) {
    return new Builder<>(subject, timestamp);
  }

  /**
   * Returns the integer-code funnel the objects are encoded for.
   *
   * @throws IllegalStateException with more than {@link #maxEncodedPredicates()} predicates, where
   *     codes are given per batch
   */
  public WindowFunnel funnel() {
    checkState(
        funnel != null,
        "with %s predicates (more than %s) the codes are given per batch: use aggregate",
        steps.size() + exclusions.size(),
        MAX_ENCODED_PREDICATES);
    return funnel;
  }

  /**
   * Encodes the objects, in the order given, as an arbitrary-order batch of {@link #funnel()}.
   *
   * @throws IllegalArgumentException if an object matches both a step and an exclusion
   * @throws IllegalStateException with more than {@link #maxEncodedPredicates()} predicates
   */
  public EventBatch toBatch(Collection<E> events) {
    funnel();
    return encode(events, set -> set);
  }

  /** Encodes the objects as a batch whose code for a set of predicates is {@code code(set)}. */
  private EventBatch encode(Collection<E> events, IntUnaryOperator code) {
    requireNonNull(events, "events");
    long[] subjects = new long[events.size()];
    long[] times = new long[events.size()];
    int[] codes = new int[events.size()];
    int i = 0;
    for (E event : events) {
      subjects[i] = subject.applyAsLong(event);
      times[i] = timestamp.applyAsLong(event);
      codes[i] = code.applyAsInt(encode(event, i));
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
   * @throws IllegalArgumentException if an object matches both a step and an exclusion, or has a
   *     negative timestamp
   */
  public FunnelResult aggregate(Collection<E> events) {
    if (funnel != null) {
      return funnel.aggregate(toBatch(events));
    }
    // Codes for the sets of predicates the objects match, after one code per single predicate so
    // that every step and exclusion has a code even if no object matches it.
    Map<Integer, Integer> codeOf = new LinkedHashMap<>();
    for (int p = 0; p < steps.size() + exclusions.size(); p++) {
      codeOf.put(1 << p, codeOf.size());
    }
    EventBatch batch = encode(events, set -> codeOf.computeIfAbsent(set, added -> codeOf.size()));
    return codesFor(codeOf).aggregate(batch);
  }

  /** The funnel whose code {@code codeOf.get(set)} is the set of predicates {@code set}. */
  private WindowFunnel codesFor(Map<Integer, Integer> codeOf) {
    WindowFunnel.Builder builder = WindowFunnel.builder().eventCodes(codeOf.size());
    settings.forEach(setting -> setting.accept(builder));
    for (int s = 0; s < steps.size(); s++) {
      int bit = 1 << s;
      builder.step(
          codeOf.entrySet().stream()
              .filter(e -> (e.getKey() & bit) != 0)
              .mapToInt(Map.Entry::getValue)
              .toArray());
    }
    for (int x = 0; x < exclusions.size(); x++) {
      int bit = 1 << (steps.size() + x);
      int[] range = exclusionSteps.get(x);
      builder.exclude(
          Exclusion.between(
              range[0],
              range[1],
              codeOf.entrySet().stream()
                  .filter(e -> e.getKey() == bit)
                  .mapToInt(Map.Entry::getValue)
                  .toArray()));
    }
    return builder.build();
  }

  /** Collects a funnel over objects. Not thread-safe. */
  public static final class Builder<E> {
    private final ToLongFunction<E> subject;
    private final ToLongFunction<E> timestamp;
    private final List<Predicate<E>> steps = new ArrayList<>();
    private final List<Predicate<E>> exclusions = new ArrayList<>();
    private final List<int[]> exclusionSteps = new ArrayList<>();
    // Each setting is applied to the code funnel's builder now (so that a bad value fails here)
    // and kept, to be applied again to the funnels built per batch beyond 12 predicates.
    private final List<Consumer<WindowFunnel.Builder>> settings = new ArrayList<>();
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
      return set(b -> b.window(window));
    }

    /** Sets the window anchor; see {@link WindowAnchor}. */
    public Builder<E> windowAnchor(WindowAnchor anchor) {
      return set(b -> b.windowAnchor(anchor));
    }

    /** Sets the step order; see {@link StepOrder}. */
    public Builder<E> order(StepOrder order) {
      return set(b -> b.order(order));
    }

    /** Sets the repeat policy; see {@link RepeatPolicy}. */
    public Builder<E> repeats(RepeatPolicy repeats) {
      return set(b -> b.repeats(repeats));
    }

    /** Sets the tie policy; see {@link TiePolicy}. */
    public Builder<E> ties(TiePolicy ties) {
      return set(b -> b.ties(ties));
    }

    /** Limits the time between consecutive steps; see {@link WindowFunnel.Builder#maxGap}. */
    public Builder<E> maxGap(long gap) {
      return set(b -> b.maxGap(gap));
    }

    /** Sets an engine dialect; see {@link WindowFunnel.Builder#dialect}. */
    public Builder<E> dialect(Dialect dialect) {
      requireNonNull(dialect, "dialect");
      return set(b -> b.dialect(dialect));
    }

    private Builder<E> set(Consumer<WindowFunnel.Builder> setting) {
      setting.accept(codes);
      settings.add(setting);
      return this;
    }

    /**
     * Returns the funnel.
     *
     * @throws IllegalStateException if there is no step or no window, an exclusion names a step the
     *     funnel does not have, or the settings conflict (a dialect with a policy)
     */
    public ObjectFunnel<E> build() {
      checkState(!steps.isEmpty(), "a funnel needs at least one step");
      int predicates = steps.size() + exclusions.size();
      if (predicates > MAX_ENCODED_PREDICATES) {
        ObjectFunnel<E> perBatch = new ObjectFunnel<>(this, null);
        // Build the funnel of single predicates once, so that a bad definition fails here.
        Map<Integer, Integer> single = new LinkedHashMap<>();
        for (int p = 0; p < predicates; p++) {
          single.put(1 << p, p);
        }
        perBatch.codesFor(single);
        return perBatch;
      }
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
            Exclusion.between(
                range[0], range[1], matching.stream().mapToInt(Integer::intValue).toArray()));
      }
      return new ObjectFunnel<>(this, codes.build());
    }
  }
}
