package dev.funnel.scoring;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSet;
import dev.funnel.model.Lead;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * Engagement scores kept up to date as activities arrive: each activity updates the rules it
 * matches, and a score at any {@code now} is computed from what the rules remember, without
 * replaying history. Decay is a function of the time elapsed; a rule with an activation window
 * keeps only the times that can still fall inside it.
 *
 * <p>Memory: per lead, one small state per rule the lead has matched; a repeatable rule with a
 * window also keeps the times of its activities within the window.
 *
 * <p>Activities may arrive out of order. A tracker from {@link EngagementScoring#newTracker()}
 * cannot score a lead at a {@code now} before its latest recorded activity: such a call throws
 * {@link IllegalArgumentException}. One from {@link EngagementScoring#newTrackerWithHistory()}
 * keeps the activities too and scores as of any time, replaying a lead's activities up to a {@code
 * now} before its latest one (so that models can be trained as of each lead's close). A lead with
 * no activities scores 0.
 *
 * <p>Thread-safe: activities of one lead are recorded and scored one at a time (each lead's state
 * has its own lock), those of different leads at once; {@link #leads()} is a snapshot that may miss
 * leads being recorded meanwhile.
 */
public final class EngagementTracker implements LeadScorer {
  private final EngagementScoring scoring;
  private final ConcurrentMap<String, LeadState> leads = new ConcurrentHashMap<>();

  private final boolean keepsHistory;

  private static final class LeadState {
    final RuleState[] rules;
    final @Nullable List<Activity> history;
    @Nullable Instant latest;

    LeadState(int size, boolean keepsHistory) {
      this.rules = new RuleState[size];
      this.history = keepsHistory ? new ArrayList<>() : null;
    }
  }

  EngagementTracker(EngagementScoring scoring, boolean keepsHistory) {
    this.scoring = scoring;
    this.keepsHistory = keepsHistory;
  }

  /**
   * Records one activity of one lead.
   *
   * @throws IllegalArgumentException if a rule cannot read the activity's properties (a property
   *     with another type than the rule expects); nothing is recorded then
   */
  public void record(String leadId, Activity activity) {
    requireNonNull(leadId, "leadId");
    requireNonNull(activity, "activity");
    // compute: a lead seen for the first time is added only once its first activity is recorded,
    // so that an activity a rule cannot read leaves no trace.
    leads.compute(
        leadId,
        (id, found) -> {
          LeadState state = found != null ? found : new LeadState(scoring.size(), keepsHistory);
          synchronized (state) {
            scoring.record(state.rules, activity);
            if (state.history != null) {
              state.history.add(activity);
            }
            if (state.latest == null || activity.at().isAfter(state.latest)) {
              state.latest = activity.at();
            }
          }
          return state;
        });
  }

  /**
   * Scores the lead with this id at {@code now}: only activities at or before {@code now} count.
   *
   * @throws IllegalArgumentException if {@code now} is before the lead's latest activity and this
   *     tracker keeps no history
   */
  public Score score(String leadId, Instant now) {
    requireNonNull(leadId, "leadId");
    requireNonNull(now, "now");
    LeadState state = leads.get(leadId);
    if (state == null) {
      return Score.points(List.of());
    }
    synchronized (state) {
      if (now.isBefore(state.latest)) {
        checkArgument(
            state.history != null,
            "cannot score lead '%s' at %s: it has activities up to %s, and this tracker keeps no"
                + " history (EngagementScoring.newTrackerWithHistory() scores as of any time)",
            leadId,
            now,
            state.latest);
        return scoring.score(state.history, now);
      }
      return scoring.evaluate(state.rules, now);
    }
  }

  /**
   * Scores the lead by its id.
   *
   * @throws IllegalArgumentException if {@code now} is before the lead's latest activity and this
   *     tracker keeps no history
   */
  @Override
  public Score score(Lead lead, Instant now) {
    return score(lead.id(), now);
  }

  /** Returns the ids of the leads with recorded activities. */
  public ImmutableSet<String> leads() {
    return ImmutableSet.copyOf(leads.keySet());
  }

  /** Forgets a lead, once it is closed, say; returns whether it was known. */
  public boolean forget(String leadId) {
    return leads.remove(requireNonNull(leadId, "leadId")) != null;
  }

  /** Returns the configuration this tracker applies. */
  public EngagementScoring scoring() {
    return scoring;
  }

  /**
   * Returns what this tracker remembers, as values that {@link #restore} turns into a tracker that
   * continues exactly as this one would. Each lead's memory is taken under its lock; activities
   * recorded meanwhile for other leads may or may not be in it.
   */
  public TrackerSnapshot snapshot() {
    TrackerSnapshot.Builder snapshot = TrackerSnapshot.builder(scoring, keepsHistory);
    List<String> ids = new ArrayList<>(leads.keySet());
    ids.sort(null);
    for (String id : ids) {
      LeadState state = leads.get(id);
      if (state == null) {
        continue; // forgotten meanwhile
      }
      synchronized (state) {
        Map<String, TrackerSnapshot.RuleMemory> rules = new LinkedHashMap<>();
        for (int i = 0; i < state.rules.length; i++) {
          RuleState rule = state.rules[i];
          if (rule != null) {
            rules.put(scoring.rules().get(i).name(), rule.memory());
          }
        }
        snapshot.lead(
            id,
            TrackerSnapshot.LeadMemory.of(
                requireNonNull(state.latest, "latest"),
                state.history == null ? List.of() : state.history,
                rules));
      }
    }
    return snapshot.build();
  }

  /**
   * Returns a tracker that continues where the one the snapshot was taken of stood: it records and
   * scores every later activity as that tracker would have.
   */
  public static EngagementTracker restore(TrackerSnapshot snapshot) {
    requireNonNull(snapshot, "snapshot");
    EngagementScoring scoring = snapshot.scoring();
    EngagementTracker tracker = new EngagementTracker(scoring, snapshot.keepsHistory());
    snapshot
        .leads()
        .forEach(
            (id, memory) -> {
              LeadState state = new LeadState(scoring.size(), snapshot.keepsHistory());
              state.latest = memory.latest();
              if (state.history != null) {
                state.history.addAll(memory.history());
              }
              for (int i = 0; i < scoring.size(); i++) {
                EngagementRule rule = scoring.rules().get(i);
                TrackerSnapshot.RuleMemory remembered = memory.rules().get(rule.name());
                if (remembered != null) {
                  state.rules[i] = new RuleState(rule, remembered);
                }
              }
              tracker.leads.put(id, state);
            });
    return tracker;
  }
}
