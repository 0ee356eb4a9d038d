package dev.funnel.forecast;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.Stage;
import dev.funnel.model.StageKind;
import dev.funnel.model.StageVisit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.jspecify.annotations.Nullable;

/**
 * A forecast learned from how leads actually moved: an absorbing Markov chain whose open stages are
 * transient and whose won and lost stages absorb, with transition probabilities estimated from the
 * observed moves, regressions included.
 *
 * <p>From the fundamental matrix N = (I − Q)⁻¹ it gives, for each open stage, the probability of
 * ending won, the expected number of moves until the deal closes, and the expected time to close
 * (each stage's mean observed dwell, weighted by the expected visits N).
 *
 * <p>An open stage has no forecast (empty values) when the data cannot support one: it was never
 * left, or no observed path leads from it to won or lost. A move into such a stage is censored for
 * the stage it came from: it is left out of that stage's probabilities, as if the deal were still
 * there, so one deal sitting in a stage nobody has left yet does not take away the forecast of
 * every stage above it. Moves out of a won or lost stage (reopenings) are ignored: outcomes absorb.
 *
 * <p>Building costs O(moves + s³) for s open stages. Immutable and thread-safe.
 */
public final class MarkovForecast {
  private final ImmutableMap<String, StageForecast> stages;
  private final ImmutableMap<String, ImmutableMap<String, Double>> transitions;

  private MarkovForecast(
      ImmutableMap<String, StageForecast> stages,
      ImmutableMap<String, ImmutableMap<String, Double>> transitions) {
    this.stages = stages;
    this.transitions = transitions;
  }

  /**
   * Learns the chain from the leads' histories, with the time in each stage from completed visits
   * only (use {@link #fromLeads(Funnel, Iterable, Instant)} to count the time of visits still going
   * too).
   *
   * @throws IllegalArgumentException if the funnel has no won stage, or a lead names an unknown
   *     stage
   */
  public static MarkovForecast fromLeads(Funnel funnel, Iterable<Lead> leads) {
    return learn(funnel, leads, null);
  }

  /**
   * Learns the chain from the leads' histories as of {@code asOf}: a lead's current visit of an
   * open stage counts as time in that stage up to {@code asOf}, censored (the deal has been there
   * at least that long). With the chain's own assumption of a constant chance of leaving per unit
   * of time, the mean time in a stage is then its total observed time, completed and ongoing,
   * divided by the moves out of it (the exponential model's maximum-likelihood estimate); leaving
   * the ongoing visits out would make slow stages look fast.
   *
   * @throws IllegalArgumentException if the funnel has no won stage, a lead names an unknown stage,
   *     or a lead entered its current stage after {@code asOf}
   */
  public static MarkovForecast fromLeads(Funnel funnel, Iterable<Lead> leads, Instant asOf) {
    return learn(funnel, leads, requireNonNull(asOf, "asOf"));
  }

  private static MarkovForecast learn(Funnel funnel, Iterable<Lead> leads, @Nullable Instant asOf) {
    requireNonNull(funnel, "funnel");
    requireNonNull(leads, "leads");
    checkArgument(
        funnel.stages().stream().anyMatch(s -> s.kind() == StageKind.WON),
        "funnel '%s' has no won stage; a win probability needs one",
        funnel.name());
    List<Stage> all = funnel.stages();
    int n = all.size();
    long[][] counts = new long[n][n];
    long[] exits = new long[n];
    double[] dwellMillis = new double[n];
    for (Lead lead : leads) {
      List<StageVisit> history = lead.history();
      for (StageVisit visit : history) {
        funnel.stage(visit.stageId()); // every visit's stage must be known, even a lone one
      }
      for (int v = 0; v + 1 < history.size(); v++) {
        Stage from = funnel.stage(history.get(v).stageId());
        Stage to = funnel.stage(history.get(v + 1).stageId());
        if (from.isTerminal()) {
          continue;
        }
        counts[from.order()][to.order()]++;
        exits[from.order()]++;
        dwellMillis[from.order()] +=
            Duration.between(history.get(v).entered(), history.get(v + 1).entered()).toMillis();
      }
      StageVisit current = history.get(history.size() - 1);
      Stage currentStage = funnel.stage(current.stageId());
      if (asOf != null && !currentStage.isTerminal()) {
        checkArgument(
            !current.entered().isAfter(asOf),
            "lead '%s' entered '%s' at %s, after the forecast's time %s",
            lead.id(),
            current.stageId(),
            current.entered(),
            asOf);
        dwellMillis[currentStage.order()] += Duration.between(current.entered(), asOf).toMillis();
      }
    }
    boolean[] known = reachesAnOutcome(all, counts, exits);
    List<Integer> transientStages = new ArrayList<>();
    int[] position = new int[n];
    for (Stage stage : all) {
      position[stage.order()] = known[stage.order()] ? transientStages.size() : -1;
      if (known[stage.order()]) {
        transientStages.add(stage.order());
      }
    }
    // A move into an open stage with no forecast (never left, or never on a path to an outcome)
    // is censored: where that deal goes is not known yet, so it is left out of the probabilities
    // of the stage it came from, as if it were still there. Every stage kept has a move to an
    // outcome or to another kept stage, so each keeps at least one move.
    long[] knownExits = new long[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (all.get(j).isTerminal() || known[j]) {
          knownExits[i] += counts[i][j];
        }
      }
    }
    int m = transientStages.size();
    double[][] identityMinusQ = new double[m][m];
    double[][] absorbed = new double[m][2]; // columns: won, mean dwell
    for (int a = 0; a < m; a++) {
      int i = transientStages.get(a);
      identityMinusQ[a][a] = 1;
      for (int j = 0; j < n; j++) {
        int b = position[j];
        if (counts[i][j] == 0 || (b < 0 && !all.get(j).isTerminal())) {
          continue;
        }
        double p = (double) counts[i][j] / knownExits[i];
        if (b >= 0) {
          identityMinusQ[a][b] -= p;
        } else if (all.get(j).kind() == StageKind.WON) {
          absorbed[a][0] += p;
        }
      }
      absorbed[a][1] = dwellMillis[i] / exits[i];
    }
    double[][] fundamental =
        m == 0
            ? new double[0][0]
            : new LUDecomposition(MatrixUtils.createRealMatrix(identityMinusQ))
                .getSolver()
                .getInverse()
                .getData();
    ImmutableMap.Builder<String, StageForecast> forecasts = ImmutableMap.builder();
    for (Stage stage : all) {
      int i = stage.order();
      int a = position[i];
      if (stage.isTerminal()) {
        double win = stage.kind() == StageKind.WON ? 1 : 0;
        forecasts.put(
            stage.id(),
            new StageForecast(
                stage.id(),
                OptionalDouble.of(win),
                OptionalDouble.of(0),
                Optional.of(Duration.ZERO),
                0));
        continue;
      }
      if (a < 0) {
        forecasts.put(
            stage.id(),
            new StageForecast(
                stage.id(),
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                Optional.empty(),
                exits[i]));
        continue;
      }
      double moves = 0;
      for (double visits : fundamental[a]) {
        moves += visits;
      }
      forecasts.put(
          stage.id(),
          new StageForecast(
              stage.id(),
              OptionalDouble.of(Math.max(0, Math.min(1, product(fundamental[a], absorbed, 0)))),
              OptionalDouble.of(moves),
              Optional.of(Duration.ofMillis(Math.round(product(fundamental[a], absorbed, 1)))),
              knownExits[i]));
    }
    return new MarkovForecast(forecasts.buildOrThrow(), transitionTable(all, counts, exits));
  }

  /** Marks open stages that were left and from which some observed path reaches won or lost. */
  private static boolean[] reachesAnOutcome(List<Stage> all, long[][] counts, long[] exits) {
    int n = all.size();
    boolean[] reaches = new boolean[n];
    Deque<Integer> queue = new ArrayDeque<>();
    for (Stage stage : all) {
      if (stage.isTerminal()) {
        queue.add(stage.order());
      }
    }
    boolean[] seen = new boolean[n];
    while (!queue.isEmpty()) {
      int j = queue.poll();
      for (int i = 0; i < n; i++) {
        if (!seen[i] && !all.get(i).isTerminal() && counts[i][j] > 0) {
          seen[i] = true;
          reaches[i] = exits[i] > 0;
          queue.add(i);
        }
      }
    }
    return reaches;
  }

  private static double product(double[] row, double[][] columns, int column) {
    double sum = 0;
    for (int b = 0; b < row.length; b++) {
      sum += row[b] * columns[b][column];
    }
    return sum;
  }

  private static ImmutableMap<String, ImmutableMap<String, Double>> transitionTable(
      List<Stage> all, long[][] counts, long[] exits) {
    ImmutableMap.Builder<String, ImmutableMap<String, Double>> table = ImmutableMap.builder();
    for (Stage from : all) {
      ImmutableMap.Builder<String, Double> row = ImmutableMap.builder();
      for (Stage to : all) {
        long count = counts[from.order()][to.order()];
        if (count > 0) {
          row.put(to.id(), (double) count / exits[from.order()]);
        }
      }
      table.put(from.id(), row.buildOrThrow());
    }
    return table.buildOrThrow();
  }

  /** Returns the forecast of every stage, in funnel order. */
  public ImmutableList<StageForecast> stages() {
    return stages.values().asList();
  }

  /**
   * Returns the forecast of one stage.
   *
   * @throws IllegalArgumentException if there is no such stage; the message lists the stages
   */
  public StageForecast stage(String stageId) {
    StageForecast forecast = stages.get(requireNonNull(stageId, "stageId"));
    checkArgument(
        forecast != null, "unknown stage '%s'; known stages: %s", stageId, stages.keySet());
    return forecast;
  }

  /**
   * Returns the observed probabilities of moving from a stage to each stage it was left for.
   *
   * @throws IllegalArgumentException if there is no such stage
   */
  public ImmutableMap<String, Double> transitionsFrom(String stageId) {
    stage(stageId);
    return transitions.getOrDefault(stageId, ImmutableMap.of());
  }

  /**
   * The forecast for deals in one stage.
   *
   * @param stageId the stage
   * @param winProbability the probability of ending in a won stage (1 for won, 0 for lost)
   * @param expectedMoves the expected number of moves until won or lost
   * @param expectedTimeToClose the expected time until won or lost
   * @param observedExits how many moves out of the stage the estimate rests on (censored moves,
   *     into stages without a forecast, left out)
   */
  public record StageForecast(
      String stageId,
      OptionalDouble winProbability,
      OptionalDouble expectedMoves,
      Optional<Duration> expectedTimeToClose,
      long observedExits) {
    /** Validates that no component is null. */
    public StageForecast {
      requireNonNull(stageId, "stageId");
      requireNonNull(winProbability, "winProbability");
      requireNonNull(expectedMoves, "expectedMoves");
      requireNonNull(expectedTimeToClose, "expectedTimeToClose");
    }
  }

  @Override
  public String toString() {
    return "MarkovForecast" + stages.values();
  }
}
