package dev.funnel.metrics;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableList;
import dev.funnel.events.EventBatch;
import dev.funnel.events.SubjectResult;
import dev.funnel.events.WindowFunnel;
import dev.funnel.model.AttributeType;
import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.StageVisit;
import dev.funnel.scoring.Activity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Why people drop off between two steps, with inference: for every signal seen among those who
 * reached the first step (an event name, a property value such as {@code source = referral}), the
 * odds ratio of going on to the second, its confidence interval, Fisher's exact p-value and that
 * p-value corrected across all signals, with the counts. PostHog's correlation analysis ranks the
 * same odds ratio (with its +1 prior on every cell) under the same guards — a signal seen by fewer
 * than {@code min(25, 2 %)} of the subjects is left out, and totals more lopsided than 1 : 10 are
 * flagged as skewed — but gives no interval and no correction.
 *
 * <p>The odds ratio and its interval (Woolf's, on the log scale) are computed on the counts plus
 * the prior; the p-value on the counts as they are; the correction is Benjamini–Hochberg's unless
 * another is set. Immutable and thread-safe.
 */
public final class CorrelationAnalysis {
  private final long converted;
  private final long droppedOff;
  private final ImmutableList<SignalCorrelation> signals;

  private CorrelationAnalysis(
      long converted, long droppedOff, ImmutableList<SignalCorrelation> signals) {
    this.converted = converted;
    this.droppedOff = droppedOff;
    this.signals = signals;
  }

  /** Starts an analysis with PostHog's guards, 95 % intervals and Benjamini–Hochberg. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Analyses the leads that reached {@code fromStageId} (by their histories): converted if they
   * went on to reach {@code toStageId}; their signals are their source, segment, and text and
   * boolean attributes, each as {@code name = value}.
   *
   * @throws IllegalArgumentException if the funnel lacks a stage, or no lead or every lead
   *     converted
   */
  public static CorrelationAnalysis fromLeads(
      Funnel funnel, Iterable<Lead> leads, String fromStageId, String toStageId) {
    return fromLeads(funnel, leads, Map.of(), fromStageId, toStageId);
  }

  /**
   * Analyses leads as {@link #fromLeads(Funnel, Iterable, String, String)} does, with their
   * activities as signals too: {@code activity = type} for each type of activity a lead had from
   * first entering {@code fromStageId} until first entering {@code toStageId} (or, if it did not
   * convert, ever after), the activities of lead {@code id} being {@code activities.get(id)}.
   *
   * @throws IllegalArgumentException if the funnel lacks a stage, or no lead or every lead
   *     converted
   */
  public static CorrelationAnalysis fromLeads(
      Funnel funnel,
      Iterable<Lead> leads,
      Map<String, ? extends Collection<Activity>> activities,
      String fromStageId,
      String toStageId) {
    requireNonNull(funnel, "funnel");
    requireNonNull(leads, "leads");
    requireNonNull(activities, "activities");
    funnel.stage(fromStageId);
    funnel.stage(toStageId);
    Builder analysis = builder();
    for (Lead lead : leads) {
      Optional<Instant> from = firstEntered(lead, fromStageId);
      if (from.isEmpty()) {
        continue;
      }
      Optional<Instant> to = firstEntered(lead, toStageId);
      Set<String> signals = new LinkedHashSet<>();
      lead.source().ifPresent(s -> signals.add("source = " + s));
      lead.segment().ifPresent(s -> signals.add("segment = " + s));
      for (String name : lead.attributes().names()) {
        AttributeType type = lead.attributes().typeOf(name).orElseThrow();
        if (type == AttributeType.TEXT) {
          signals.add(name + " = " + lead.attributes().text(name).orElseThrow());
        } else if (type == AttributeType.BOOLEAN) {
          signals.add(name + " = " + lead.attributes().bool(name).orElseThrow());
        }
      }
      Collection<Activity> done = activities.get(lead.id());
      for (Activity activity : done == null ? List.<Activity>of() : done) {
        if (!activity.at().isBefore(from.get())
            && (to.isEmpty() || !activity.at().isAfter(to.get()))) {
          signals.add("activity = " + activity.type());
        }
      }
      analysis.subject(to.isPresent(), signals);
    }
    return analysis.build();
  }

  private static Optional<Instant> firstEntered(Lead lead, String stageId) {
    return lead.history().stream()
        .filter(v -> v.stageId().equals(stageId))
        .map(StageVisit::entered)
        .findFirst();
  }

  /**
   * Analyses the subjects of an event log that reached step {@code step} of the window funnel:
   * converted if they reached step {@code step + 1}; their signals are the names of the events,
   * other than the funnel's own step events, that they did from reaching step {@code step} until
   * reaching the next (converted) or until their window closed (dropped off). The events are one
   * subject, timestamp and code per index, in any order; {@code eventNames} names every code.
   *
   * @throws IllegalArgumentException if the arrays differ in length, {@code step} is not a step
   *     with one after it, the names do not cover the funnel's codes, an event is invalid for the
   *     funnel, or no subject or every subject converted
   */
  public static CorrelationAnalysis fromEvents(
      WindowFunnel funnel,
      long[] subjects,
      long[] timestamps,
      int[] codes,
      List<String> eventNames,
      int step) {
    requireNonNull(funnel, "funnel");
    requireNonNull(eventNames, "eventNames");
    checkArgument(
        subjects.length == timestamps.length && timestamps.length == codes.length,
        "%s subjects, %s timestamps and %s codes",
        subjects.length,
        timestamps.length,
        codes.length);
    checkArgument(
        step >= 1 && step < funnel.steps(),
        "step must be between 1 and %s, the step before the last: %s",
        funnel.steps() - 1,
        step);
    checkArgument(
        eventNames.size() == funnel.eventCodes(),
        "%s event names for the funnel's %s codes",
        eventNames.size(),
        funnel.eventCodes());
    Map<Long, SubjectResult> results = new ConcurrentHashMap<>();
    funnel
        .aggregation()
        .subjects(results::put)
        .run(EventBatch.arbitrary(subjects, timestamps, codes));
    Set<Integer> stepCodes = new HashSet<>();
    funnel.stepCodes().forEach(set -> set.forEach(stepCodes::add));
    Map<Long, Set<String>> signals = new HashMap<>();
    for (int i = 0; i < subjects.length; i++) {
      SubjectResult result = results.get(subjects[i]);
      if (result == null || result.level() < step || stepCodes.contains(codes[i])) {
        continue;
      }
      long from = result.chain().get(step - 1);
      long until =
          result.level() > step
              ? result.chain().get(step)
              : result.chain().get(0) + funnel.window();
      if (timestamps[i] >= from && timestamps[i] <= until) {
        signals
            .computeIfAbsent(subjects[i], s -> new LinkedHashSet<>())
            .add(eventNames.get(codes[i]));
      }
    }
    Builder analysis = builder();
    results.forEach(
        (subject, result) -> {
          if (result.level() >= step) {
            analysis.subject(result.level() > step, signals.getOrDefault(subject, Set.of()));
          }
        });
    return analysis.build();
  }

  /** Returns how many subjects went on to the second step. */
  public long converted() {
    return converted;
  }

  /** Returns how many did not. */
  public long droppedOff() {
    return droppedOff;
  }

  /** Returns whether the totals are more lopsided than 1 : 10, PostHog's warning. */
  public boolean isSkewed() {
    return converted > 10 * droppedOff || droppedOff > 10 * converted;
  }

  /** Returns every signal that passed the minimum count, by corrected p-value, smallest first. */
  public ImmutableList<SignalCorrelation> signals() {
    return signals;
  }

  /** Returns up to {@code n} signals with an odds ratio above 1, strongest first. */
  public ImmutableList<SignalCorrelation> positive(int n) {
    return strongest(n, true);
  }

  /** Returns up to {@code n} signals with an odds ratio below 1, strongest first. */
  public ImmutableList<SignalCorrelation> negative(int n) {
    return strongest(n, false);
  }

  private ImmutableList<SignalCorrelation> strongest(int n, boolean positive) {
    checkArgument(n >= 0, "n must not be negative: %s", n);
    Comparator<SignalCorrelation> byRatio =
        Comparator.comparingDouble(SignalCorrelation::oddsRatio);
    return signals.stream()
        .filter(s -> positive ? s.oddsRatio() > 1 : s.oddsRatio() < 1)
        .sorted(positive ? byRatio.reversed() : byRatio)
        .limit(n)
        .collect(ImmutableList.toImmutableList());
  }

  @Override
  public String toString() {
    return MoreObjects.toStringHelper(this)
        .add("converted", converted)
        .add("droppedOff", droppedOff)
        .add("signals", signals.size())
        .toString();
  }

  /** One signal's counts and inference. Immutable. */
  public static final class SignalCorrelation {
    private final String signal;
    private final long convertedWith;
    private final long droppedOffWith;
    private final RatioEstimate oddsRatio;
    private final double pValue;
    private final double adjustedPValue;

    SignalCorrelation(
        String signal,
        long convertedWith,
        long droppedOffWith,
        RatioEstimate oddsRatio,
        double pValue,
        double adjustedPValue) {
      this.signal = signal;
      this.convertedWith = convertedWith;
      this.droppedOffWith = droppedOffWith;
      this.oddsRatio = oddsRatio;
      this.pValue = pValue;
      this.adjustedPValue = adjustedPValue;
    }

    /** Returns the signal: an event name, or a property as {@code name = value}. */
    public String signal() {
      return signal;
    }

    /** Returns how many with the signal converted. */
    public long convertedWith() {
      return convertedWith;
    }

    /** Returns how many with the signal dropped off. */
    public long droppedOffWith() {
      return droppedOffWith;
    }

    /** Returns the odds ratio of converting with the signal against without, with the prior. */
    public double oddsRatio() {
      return oddsRatio.estimate();
    }

    /** Returns the odds ratio with its confidence interval. */
    public RatioEstimate oddsRatioInterval() {
      return oddsRatio;
    }

    /** Returns Fisher's exact two-sided p-value on the counts. */
    public double pValue() {
      return pValue;
    }

    /** Returns the p-value corrected across all signals of the analysis. */
    public double adjustedPValue() {
      return adjustedPValue;
    }

    @Override
    public String toString() {
      return String.format(
          java.util.Locale.ROOT,
          "%s: %d converted, %d dropped off, odds ratio %.3g [%.3g, %.3g], p = %.3g, corrected %.3g",
          signal,
          convertedWith,
          droppedOffWith,
          oddsRatio.estimate(),
          oddsRatio.lower(),
          oddsRatio.upper(),
          pValue,
          adjustedPValue);
    }
  }

  /** Collects subjects and settings. Not thread-safe. */
  public static final class Builder {
    private long converted;
    private long droppedOff;
    private final Map<String, long[]> counts = new TreeMap<>();
    private double confidence = 0.95;
    private long minimumCount = 25;
    private double minimumShare = 0.02;
    private double prior = 1;
    private Correction correction = Correction.BENJAMINI_HOCHBERG;

    private Builder() {}

    /** Adds one subject: whether it converted, and the signals it showed (repeats count once). */
    public Builder subject(boolean convertedSubject, Collection<String> signals) {
      requireNonNull(signals, "signals");
      for (String signal : new LinkedHashSet<>(signals)) {
        long[] c = counts.computeIfAbsent(requireNonNull(signal, "signal"), s -> new long[2]);
        c[convertedSubject ? 0 : 1]++;
      }
      if (convertedSubject) {
        converted++;
      } else {
        droppedOff++;
      }
      return this;
    }

    /**
     * Sets the confidence of the intervals, 0.95 by default.
     *
     * @throws IllegalArgumentException if it is not strictly between 0 and 1
     */
    public Builder confidence(double level) {
      checkArgument(
          level > 0 && level < 1, "confidence must be strictly between 0 and 1: %s", level);
      this.confidence = level;
      return this;
    }

    /**
     * Leaves out signals seen by fewer than {@code min(count, share × subjects)} subjects:
     * PostHog's 25 and 2 % by default.
     *
     * @throws IllegalArgumentException if the count is negative or the share outside [0, 1]
     */
    public Builder minimum(long count, double share) {
      checkArgument(count >= 0, "the minimum count must not be negative: %s", count);
      checkArgument(share >= 0 && share <= 1, "the minimum share must be in [0, 1]: %s", share);
      this.minimumCount = count;
      this.minimumShare = share;
      return this;
    }

    /**
     * Sets the count added to every cell of a signal's table for its odds ratio, 1 by default.
     *
     * @throws IllegalArgumentException if it is negative or not finite
     */
    public Builder prior(double count) {
      checkArgument(count >= 0 && Double.isFinite(count), "the prior must be a count: %s", count);
      this.prior = count;
      return this;
    }

    /** Sets the correction across signals, Benjamini–Hochberg by default. */
    public Builder correction(Correction across) {
      this.correction = requireNonNull(across, "across");
      return this;
    }

    /**
     * Returns the analysis.
     *
     * @throws IllegalArgumentException if no subject converted or none dropped off (there is
     *     nothing to tell apart), or the prior is 0 and a kept signal has an empty cell
     */
    public CorrelationAnalysis build() {
      checkArgument(
          converted > 0 && droppedOff > 0,
          "a correlation needs subjects who converted and who dropped off: %s and %s",
          converted,
          droppedOff);
      double floor = Math.min((double) minimumCount, minimumShare * (converted + droppedOff));
      List<Map.Entry<String, long[]>> kept = new ArrayList<>();
      List<Double> pValues = new ArrayList<>();
      for (Map.Entry<String, long[]> entry : counts.entrySet()) {
        long[] c = entry.getValue();
        if (c[0] + c[1] >= floor) {
          kept.add(entry);
          long without = converted - c[0] + droppedOff - c[1];
          // A signal every subject showed tells nothing apart.
          pValues.add(
              without == 0
                  ? 1.0
                  : Comparisons.fisherExact(
                      converted - c[0], without, c[0], c[0] + c[1], Alternative.TWO_SIDED));
        }
      }
      List<Double> adjusted = correction.adjust(pValues);
      double z = BandTransform.z(confidence);
      List<SignalCorrelation> signals = new ArrayList<>();
      for (int i = 0; i < kept.size(); i++) {
        String signal = kept.get(i).getKey();
        long[] c = kept.get(i).getValue();
        double convertedWith = c[0] + prior;
        double droppedWith = c[1] + prior;
        double convertedWithout = converted - c[0] + prior;
        double droppedWithout = droppedOff - c[1] + prior;
        checkArgument(
            convertedWith > 0 && droppedWith > 0 && convertedWithout > 0 && droppedWithout > 0,
            "signal '%s' has an empty cell and the prior is 0: %s converted and %s dropped off with"
                + " it",
            signal,
            c[0],
            c[1]);
        signals.add(
            new SignalCorrelation(
                signal,
                c[0],
                c[1],
                RatioEstimate.woolf(
                    convertedWith, droppedWith, convertedWithout, droppedWithout, z, confidence),
                pValues.get(i),
                adjusted.get(i)));
      }
      signals.sort(
          Comparator.comparingDouble(SignalCorrelation::adjustedPValue)
              .thenComparing(SignalCorrelation::signal));
      return new CorrelationAnalysis(converted, droppedOff, ImmutableList.copyOf(signals));
    }
  }
}
