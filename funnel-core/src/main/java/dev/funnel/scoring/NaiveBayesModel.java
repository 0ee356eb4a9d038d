package dev.funnel.scoring;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A win probability learned from closed leads by naive Bayes, in the manner of Odoo's predictive
 * lead scoring.
 *
 * <p><b>Learning.</b> Every closed lead counts once for each {@link Feature} it has a value for, as
 * won or as lost. The stage is a feature of its own: a won lead counts as won in every open stage,
 * a lost lead as lost in the last open stage it reached and in every earlier one (so a later stage,
 * which fewer lost leads reach, raises the probability).
 *
 * <p><b>Scoring.</b> For an open lead with won/lost counts {@code W}/{@code L} in its team, the
 * log-odds of winning are {@code log(W / L)} plus, for each feature value {@code v}, {@code log(P(v
 * | won) / P(v | lost))} with pseudo-count smoothing {@code α} (default 0.1): {@code P(v | won) =
 * (won(v) + α) / (W_f + α·K_f)}, where {@code W_f} counts the won leads with a value for the
 * feature and {@code K_f} its distinct values. For the stage, {@code P(reached s | won) = (won(s) +
 * α) / (W + 2α)}. Values seen in fewer than {@link Builder#minimumSupport} closed leads, and values
 * never seen, contribute nothing. The log-odds are limited to ±ln(9999), so a probability is always
 * between 0.01 % and 99.99 % (as in Odoo), never exactly 0 or 1; the limit shows in the explanation
 * when it applies.
 *
 * <p><b>Teams.</b> With {@link Builder#team}, each team has its own counts, and a lead is scored
 * with its team's counts when the team has both won and lost history; otherwise, and for leads
 * without a team, with the counts of all teams together.
 *
 * <p><b>Updates.</b> {@link #with(Lead)} returns the model with one more closed lead, without
 * retraining: call it when a lead closes.
 *
 * <p>Immutable and thread-safe.
 */
public final class NaiveBayesModel implements LeadScorer {
  private final Funnel funnel;
  private final ImmutableList<Feature> features;
  private final Function<Lead, Optional<String>> team;
  private final double smoothing;
  private final int minimumSupport;
  private final Tally all;
  private final ImmutableMap<String, Tally> teams;
  // The settings again, for the models that with() derives from this one.
  private final Builder settings;

  private NaiveBayesModel(Builder b, Tally all, ImmutableMap<String, Tally> teams) {
    this.funnel = b.funnel;
    this.features = ImmutableList.copyOf(b.features);
    this.team = b.team;
    this.smoothing = b.smoothing;
    this.minimumSupport = b.minimumSupport;
    this.all = all;
    this.teams = teams;
    this.settings = b;
  }

  /** Starts a model over the stages of {@code funnel}. */
  public static Builder builder(Funnel funnel) {
    return new Builder(funnel);
  }

  /**
   * Returns this model with one more closed lead counted.
   *
   * @throws IllegalArgumentException if the lead is still open or in a stage the funnel does not
   *     have
   */
  public NaiveBayesModel with(Lead closedLead) {
    ClosedLead closed = ClosedLead.of(funnel, closedLead);
    Tally newAll = all.copy();
    newAll.add(closed, features);
    Map<String, Tally> newTeams = new LinkedHashMap<>(teams);
    Optional<String> teamName = teamOf(closedLead);
    if (teamName.isPresent()) {
      Tally tally =
          teams.containsKey(teamName.get()) ? teams.get(teamName.get()).copy() : new Tally(funnel);
      tally.add(closed, features);
      newTeams.put(teamName.get(), tally);
    }
    return new NaiveBayesModel(settings, newAll, ImmutableMap.copyOf(newTeams));
  }

  /**
   * Returns the probability that the open lead is won, explained in log-odds per factor.
   *
   * @throws IllegalArgumentException if the lead is won or lost already, or in a stage the funnel
   *     does not have
   */
  @Override
  public Score score(Lead lead, Instant now) {
    requireNonNull(now, "now");
    Stage stage = funnel.stage(lead.currentStageId());
    checkArgument(
        !stage.isTerminal(),
        "lead '%s' is closed (%s in '%s'); win probabilities are for open leads",
        lead.id(),
        stage.kind(),
        stage.id());
    Optional<String> teamName = teamOf(lead);
    Tally tally = teamName.map(teams::get).filter(Tally::hasBothOutcomes).orElse(all);
    String prior =
        tally == all ? "prior (all teams)" : "prior (team '" + teamName.orElseThrow() + "')";
    List<Contribution> contributions = new ArrayList<>();
    contributions.add(
        new Contribution(
            String.format(Locale.ROOT, "%s: %d won, %d lost", prior, tally.won, tally.lost),
            Math.log((double) tally.won / tally.lost)));
    int s = stage.order();
    double stageWon = (tally.stageWon[s] + smoothing) / (tally.won + 2 * smoothing);
    double stageLost = (tally.stageLost[s] + smoothing) / (tally.lost + 2 * smoothing);
    contributions.add(new Contribution("stage = " + stage.name(), Math.log(stageWon / stageLost)));
    for (Feature feature : features) {
      Optional<String> value = feature.valueOf(lead);
      if (value.isEmpty()) {
        continue;
      }
      FeatureTally f = tally.features.get(feature.name());
      if (f == null) {
        continue;
      }
      long[] counts = f.values.get(value.get());
      if (counts == null || counts[0] + counts[1] < minimumSupport) {
        continue;
      }
      int k = f.values.size();
      double won = (counts[0] + smoothing) / (f.won + smoothing * k);
      double lost = (counts[1] + smoothing) / (f.lost + smoothing * k);
      contributions.add(
          new Contribution(feature.name() + " = " + value.get(), Math.log(won / lost)));
    }
    return Score.limitedProbability(contributions);
  }

  /** Returns the funnel whose stages the model counts. */
  public Funnel funnel() {
    return funnel;
  }

  /** Returns the features the model learns from, in order. */
  public ImmutableList<Feature> features() {
    return features;
  }

  /** Returns the function that gives a lead's team, if the model was given one. */
  public Optional<Function<Lead, Optional<String>>> team() {
    return team == NO_TEAM ? Optional.empty() : Optional.of(team);
  }

  /** Returns the pseudo-count added to every count. */
  public double smoothing() {
    return smoothing;
  }

  /** Returns the closed leads a feature value needs to count. */
  public int minimumSupport() {
    return minimumSupport;
  }

  /** Returns what the model learned from all teams together: enough to rebuild it. */
  public Counts counts() {
    return new Counts(funnel, all.copy());
  }

  /** Returns what the model learned from each team with history of its own. */
  public ImmutableMap<String, Counts> teamCounts() {
    ImmutableMap.Builder<String, Counts> counts = ImmutableMap.builder();
    teams.forEach((name, tally) -> counts.put(name, new Counts(funnel, tally.copy())));
    return counts.buildOrThrow();
  }

  /**
   * Two models are equal when their funnels, features, team functions (the same object), settings
   * and counts are: equal models score every lead alike.
   */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof NaiveBayesModel other
        && funnel.equals(other.funnel)
        && features.equals(other.features)
        && team == other.team
        && Double.compare(smoothing, other.smoothing) == 0
        && minimumSupport == other.minimumSupport
        && sameCounts(all, other.all)
        && teams.keySet().equals(other.teams.keySet())
        && teams.entrySet().stream()
            .allMatch(t -> sameCounts(t.getValue(), requireNonNull(other.teams.get(t.getKey()))));
  }

  /** Compares two tallies without copying them, as {@link Counts#equals} does. */
  private boolean sameCounts(Tally mine, Tally theirs) {
    return new Counts(funnel, mine).equals(new Counts(funnel, theirs));
  }

  @Override
  public int hashCode() {
    return Objects.hash(funnel, features, smoothing, minimumSupport, all.won, all.lost);
  }

  /** Returns the number of won and lost leads learned from, all teams together. */
  public long closedLeads() {
    return all.won + all.lost;
  }

  /** Returns the teams with history of their own. */
  public ImmutableList<String> teams() {
    return teams.keySet().asList();
  }

  private Optional<String> teamOf(Lead lead) {
    return requireNonNull(team.apply(lead), "team function returned null");
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "NaiveBayesModel[%d won, %d lost, features %s, teams %s]",
        all.won,
        all.lost,
        features,
        teams.keySet());
  }

  /**
   * What a model learned from closed leads, of one team or of all: how many were won and lost, how
   * many reached each stage, and how many had each value of each feature. A model stored as its
   * counts and settings and rebuilt by {@link Builder#restore} scores as the trained one does.
   * Immutable and thread-safe.
   */
  public static final class Counts {
    private final Funnel funnel;
    private final Tally tally;

    private Counts(Funnel funnel, Tally tally) {
      this.funnel = funnel;
      this.tally = tally;
    }

    /** Starts counts over the stages of {@code funnel}, all zero. */
    public static CountsBuilder builder(Funnel funnel) {
      return new CountsBuilder(requireNonNull(funnel, "funnel"));
    }

    /** Returns how many closed leads were won. */
    public long won() {
      return tally.won;
    }

    /** Returns how many closed leads were lost. */
    public long lost() {
      return tally.lost;
    }

    /**
     * Returns how many won leads count as having reached the open stage (every won lead does).
     *
     * @throws IllegalArgumentException if the funnel has no such open stage
     */
    public long wonIn(String stageId) {
      return tally.stageWon[openStage(funnel, stageId)];
    }

    /**
     * Returns how many lost leads reached the open stage before they were lost.
     *
     * @throws IllegalArgumentException if the funnel has no such open stage
     */
    public long lostIn(String stageId) {
      return tally.stageLost[openStage(funnel, stageId)];
    }

    /** Returns the features for which some closed lead had a value, in no particular order. */
    public ImmutableSet<String> features() {
      return ImmutableSet.copyOf(tally.features.keySet());
    }

    /** Returns how many won leads had a value of the feature. */
    public long won(String feature) {
      return featureTally(feature).won;
    }

    /** Returns how many lost leads had a value of the feature. */
    public long lost(String feature) {
      return featureTally(feature).lost;
    }

    /** Returns the values of the feature seen in closed leads, in no particular order. */
    public ImmutableSet<String> values(String feature) {
      return ImmutableSet.copyOf(featureTally(feature).values.keySet());
    }

    /** Returns how many won leads had this value of the feature. */
    public long won(String feature, String value) {
      return valueCounts(feature, value)[0];
    }

    /** Returns how many lost leads had this value of the feature. */
    public long lost(String feature, String value) {
      return valueCounts(feature, value)[1];
    }

    private FeatureTally featureTally(String feature) {
      FeatureTally f = tally.features.get(requireNonNull(feature, "feature"));
      checkArgument(f != null, "no counts of feature '%s'; there are %s", feature, features());
      return f;
    }

    private long[] valueCounts(String feature, String value) {
      requireNonNull(value, "value");
      long[] counts = featureTally(feature).values.get(value);
      checkArgument(counts != null, "no counts of '%s' = '%s'", feature, value);
      return counts;
    }

    /** Counts are equal when they count the same stages and every number is equal. */
    @Override
    public boolean equals(@Nullable Object o) {
      if (!(o instanceof Counts other)) {
        return false;
      }
      if (!funnel.stageIds().equals(other.funnel.stageIds())
          || tally.won != other.tally.won
          || tally.lost != other.tally.lost
          || !Arrays.equals(tally.stageWon, other.tally.stageWon)
          || !Arrays.equals(tally.stageLost, other.tally.stageLost)
          || !tally.features.keySet().equals(other.tally.features.keySet())) {
        return false;
      }
      for (Map.Entry<String, FeatureTally> f : tally.features.entrySet()) {
        FeatureTally mine = f.getValue();
        FeatureTally theirs = requireNonNull(other.tally.features.get(f.getKey()));
        if (mine.won != theirs.won
            || mine.lost != theirs.lost
            || !mine.values.keySet().equals(theirs.values.keySet())) {
          return false;
        }
        for (Map.Entry<String, long[]> v : mine.values.entrySet()) {
          if (!Arrays.equals(v.getValue(), theirs.values.get(v.getKey()))) {
            return false;
          }
        }
      }
      return true;
    }

    @Override
    public int hashCode() {
      return Objects.hash(tally.won, tally.lost, Arrays.hashCode(tally.stageWon));
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT, "Counts[%d won, %d lost, features %s]", tally.won, tally.lost, features());
    }
  }

  /**
   * Collects counts, as read back from storage. Every count must be between 0 and the total it is
   * part of. Not thread-safe.
   */
  public static final class CountsBuilder {
    private final Funnel funnel;
    private final Tally tally;

    private CountsBuilder(Funnel funnel) {
      this.funnel = funnel;
      this.tally = new Tally(funnel);
    }

    /**
     * Sets how many closed leads were won and lost.
     *
     * @throws IllegalArgumentException if a count is negative
     */
    public CountsBuilder outcomes(long won, long lost) {
      checkCounts("outcomes", won, lost, Long.MAX_VALUE, Long.MAX_VALUE);
      tally.won = won;
      tally.lost = lost;
      return this;
    }

    /**
     * Sets how many won and lost leads reached the open stage.
     *
     * @throws IllegalArgumentException if the funnel has no such open stage, or a count is negative
     *     or above its total
     */
    public CountsBuilder stage(String stageId, long won, long lost) {
      int s = openStage(funnel, stageId);
      checkCounts("stage '" + stageId + "'", won, lost, tally.won, tally.lost);
      tally.stageWon[s] = won;
      tally.stageLost[s] = lost;
      return this;
    }

    /**
     * Sets how many won and lost leads had a value of the feature.
     *
     * @throws IllegalArgumentException if a count is negative or above its total
     */
    public CountsBuilder feature(String feature, long won, long lost) {
      requireNonNull(feature, "feature");
      checkCounts("feature '" + feature + "'", won, lost, tally.won, tally.lost);
      FeatureTally f = tally.features.computeIfAbsent(feature, n -> new FeatureTally());
      f.won = won;
      f.lost = lost;
      return this;
    }

    /**
     * Sets how many won and lost leads had this value of the feature, whose totals were set.
     *
     * @throws IllegalArgumentException if the feature's totals were not set, or a count is negative
     *     or above its total
     */
    public CountsBuilder value(String feature, String value, long won, long lost) {
      requireNonNull(feature, "feature");
      requireNonNull(value, "value");
      FeatureTally f = tally.features.get(feature);
      checkArgument(f != null, "set the totals of feature '%s' before its values", feature);
      checkCounts("'" + feature + "' = '" + value + "'", won, lost, f.won, f.lost);
      f.values.put(value, new long[] {won, lost});
      return this;
    }

    private static void checkCounts(String what, long won, long lost, long maxWon, long maxLost) {
      checkArgument(
          won >= 0 && lost >= 0,
          "counts of %s must not be negative: %s won, %s lost",
          what,
          won,
          lost);
      checkArgument(
          won <= maxWon && lost <= maxLost,
          "counts of %s (%s won, %s lost) exceed the totals (%s won, %s lost)",
          what,
          won,
          lost,
          maxWon,
          maxLost);
    }

    /** Returns the counts. */
    public Counts build() {
      return new Counts(funnel, tally.copy());
    }
  }

  private static int openStage(Funnel funnel, String stageId) {
    Stage stage = funnel.stage(stageId);
    checkArgument(
        !stage.isTerminal(),
        "'%s' is %s; counts are kept for open stages only: %s",
        stageId,
        stage.kind(),
        funnel.openStages().stream().map(Stage::id).toList());
    return stage.order();
  }

  /** Won and lost counts per value of one feature. */
  private static final class FeatureTally {
    long won;
    long lost;
    final Map<String, long[]> values = new HashMap<>();

    FeatureTally copy() {
      FeatureTally c = new FeatureTally();
      c.won = won;
      c.lost = lost;
      values.forEach((v, counts) -> c.values.put(v, counts.clone()));
      return c;
    }
  }

  /** The counts of one team, or of all. Mutated only while a model is being made. */
  private static final class Tally {
    long won;
    long lost;
    final long[] stageWon;
    final long[] stageLost;
    // Only open stages are counted: won and lost leads are never scored.
    final boolean[] open;
    final Map<String, FeatureTally> features = new HashMap<>();

    Tally(Funnel funnel) {
      this.stageWon = new long[funnel.size()];
      this.stageLost = new long[funnel.size()];
      this.open = new boolean[funnel.size()];
      for (Stage stage : funnel.stages()) {
        open[stage.order()] = !stage.isTerminal();
      }
    }

    private Tally(Tally other) {
      this.open = other.open;
      this.won = other.won;
      this.lost = other.lost;
      this.stageWon = other.stageWon.clone();
      this.stageLost = other.stageLost.clone();
      other.features.forEach((name, f) -> features.put(name, f.copy()));
    }

    Tally copy() {
      return new Tally(this);
    }

    boolean hasBothOutcomes() {
      return won > 0 && lost > 0;
    }

    void add(ClosedLead closed, List<Feature> features) {
      int outcome = closed.won() ? 0 : 1;
      if (closed.won()) {
        won++;
        for (int s = 0; s < stageWon.length; s++) {
          if (open[s]) {
            stageWon[s]++;
          }
        }
      } else {
        lost++;
        int reached = closed.lastOpenStage().map(Stage::order).orElse(-1);
        for (int s = 0; s <= reached; s++) {
          stageLost[s]++;
        }
      }
      for (Feature feature : features) {
        Optional<String> value = feature.valueOf(closed.lead());
        if (value.isPresent()) {
          FeatureTally f = this.features.computeIfAbsent(feature.name(), n -> new FeatureTally());
          if (closed.won()) {
            f.won++;
          } else {
            f.lost++;
          }
          f.values.computeIfAbsent(value.get(), v -> new long[2])[outcome]++;
        }
      }
    }
  }

  private static Optional<String> noTeam(Lead lead) {
    return Optional.empty();
  }

  // One object, so that team() can tell that none was given.
  private static final Function<Lead, Optional<String>> NO_TEAM = NaiveBayesModel::noTeam;

  /** Collects the model's settings, then trains it. Not thread-safe. */
  public static final class Builder {
    private final Funnel funnel;
    private final List<Feature> features = new ArrayList<>();
    private Function<Lead, Optional<String>> team = NO_TEAM;
    private double smoothing = 0.1;
    private int minimumSupport = 1;

    private Builder(Funnel funnel) {
      this.funnel = requireNonNull(funnel, "funnel");
    }

    /**
     * Adds a feature to learn from.
     *
     * @throws IllegalArgumentException if a feature of that name was added before
     */
    public Builder feature(Feature feature) {
      requireNonNull(feature, "feature");
      checkArgument(
          features.stream().noneMatch(f -> f.name().equals(feature.name())),
          "two features are named '%s'",
          feature.name());
      features.add(feature);
      return this;
    }

    /** Learns one model per team, the team given by {@code team}; by default there are none. */
    public Builder team(Function<Lead, Optional<String>> team) {
      this.team = requireNonNull(team, "team");
      return this;
    }

    /**
     * Sets the pseudo-count added to every count, 0.1 by default, as in Odoo.
     *
     * @throws IllegalArgumentException if it is not positive and finite
     */
    public Builder smoothing(double pseudoCount) {
      checkArgument(
          pseudoCount > 0 && Double.isFinite(pseudoCount),
          "smoothing pseudo-count must be positive and finite: %s",
          pseudoCount);
      this.smoothing = pseudoCount;
      return this;
    }

    /**
     * Ignores feature values seen in fewer than {@code closedLeads} closed leads (1 by default), so
     * that a rare value cannot swing a probability on a handful of cases.
     *
     * @throws IllegalArgumentException if it is below 1
     */
    public Builder minimumSupport(int closedLeads) {
      checkArgument(closedLeads >= 1, "minimum support must be at least 1: %s", closedLeads);
      this.minimumSupport = closedLeads;
      return this;
    }

    /**
     * Trains the model on closed leads.
     *
     * @throws IllegalArgumentException if a lead is still open, the leads are all won or all lost
     *     (the counts are given: one outcome cannot teach a probability), or an attribute feature
     *     reads an attribute none of the leads has (named)
     */
    public NaiveBayesModel train(Collection<Lead> closedLeads) {
      Tally all = new Tally(funnel);
      Map<String, Tally> teams = new LinkedHashMap<>();
      Set<String> seen = new HashSet<>();
      for (Lead lead : closedLeads) {
        ClosedLead closed = ClosedLead.of(funnel, lead, seen);
        all.add(closed, features);
        Optional<String> name = requireNonNull(team.apply(lead), "team function returned null");
        name.ifPresent(n -> teams.computeIfAbsent(n, k -> new Tally(funnel)).add(closed, features));
      }
      ClosedLead.requireBothOutcomes("training", all.won, all.lost);
      for (Feature feature : features) {
        if (feature.attribute().isPresent()) {
          checkArgument(
              all.features.containsKey(feature.name()),
              "feature '%s' reads attribute '%s', which none of the %s training leads has",
              feature.name(),
              feature.attribute().get(),
              closedLeads.size());
        }
      }
      return new NaiveBayesModel(copy(), all, ImmutableMap.copyOf(teams));
    }

    /**
     * Returns the model of these settings that learned {@code counts} from all teams and {@code
     * teamCounts} from each team: a model stored as its {@link #counts()} and {@link #teamCounts()}
     * and rebuilt with the same settings scores every lead as it did.
     *
     * @throws IllegalArgumentException if the counts are over another funnel's stages, have only
     *     one outcome, count a feature this builder does not have, or a team's counts exceed those
     *     of all teams
     */
    public NaiveBayesModel restore(Counts counts, Map<String, Counts> teamCounts) {
      requireNonNull(counts, "counts");
      requireNonNull(teamCounts, "teamCounts");
      ClosedLead.requireBothOutcomes("the counts", counts.won(), counts.lost());
      Set<String> names = new HashSet<>();
      features.forEach(f -> names.add(f.name()));
      Map<String, Tally> teams = new LinkedHashMap<>();
      for (Map.Entry<String, Counts> team : teamCounts.entrySet()) {
        teams.put(requireNonNull(team.getKey(), "team"), checked(team.getValue(), names, counts));
      }
      Tally all = checked(counts, names, counts);
      return new NaiveBayesModel(copy(), all, ImmutableMap.copyOf(teams));
    }

    private Tally checked(Counts counts, Set<String> names, Counts all) {
      checkArgument(
          counts.funnel.stageIds().equals(funnel.stageIds()),
          "the counts are over the stages %s, the model over %s",
          counts.funnel.stageIds(),
          funnel.stageIds());
      for (String feature : counts.features()) {
        checkArgument(
            names.contains(feature),
            "the counts have feature '%s', which the model does not; its features: %s",
            feature,
            names);
      }
      checkArgument(
          counts.won() <= all.won() && counts.lost() <= all.lost(),
          "a team's counts (%s won, %s lost) exceed those of all teams (%s won, %s lost)",
          counts.won(),
          counts.lost(),
          all.won(),
          all.lost());
      return counts.tally.copy();
    }

    private Builder copy() {
      Builder b = new Builder(funnel);
      b.features.addAll(features);
      b.team = team;
      b.smoothing = smoothing;
      b.minimumSupport = minimumSupport;
      return b;
    }
  }
}
