package dev.funnel.scoring;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How well a scorer ranks held-out closed leads: ROC AUC, conversion and lift per score decile,
 * and, for probabilities, a calibration table.
 *
 * <p>Each lead is scored as it stood just before it closed, at its closing time, so that the
 * outcome cannot leak into its score. Split the closed leads with {@link TrainTestSplit} and
 * evaluate on the part the scorer was not trained on.
 *
 * <p>Deciles: leads sorted by score, highest first (equal scores by lead id, so that the table is
 * reproducible), lead {@code i} of {@code n} in decile {@code ⌊10·i/n⌋ + 1}. AUC: the probability
 * that a random won lead outscores a random lost one, ties counting half (the Mann–Whitney
 * statistic).
 *
 * <p>Immutable and thread-safe.
 */
public final class Evaluation {
  private final int leads;
  private final int won;
  private final double auc;
  private final ImmutableList<DecileRow> deciles;
  private final ImmutableList<CalibrationBin> calibration;

  private Evaluation(
      int leads,
      int won,
      double auc,
      ImmutableList<DecileRow> deciles,
      ImmutableList<CalibrationBin> calibration) {
    this.leads = leads;
    this.won = won;
    this.auc = auc;
    this.deciles = deciles;
    this.calibration = calibration;
  }

  private record Scored(String id, double score, boolean won) {}

  /**
   * Evaluates a scorer on closed leads.
   *
   * @throws IllegalArgumentException if there are fewer than 10 leads, a lead is still open, or the
   *     leads are all won or all lost (AUC needs both); or what the scorer throws
   */
  public static Evaluation fromLeads(
      LeadScorer scorer, Funnel funnel, Collection<Lead> closedLeads) {
    requireNonNull(scorer, "scorer");
    requireNonNull(funnel, "funnel");
    checkArgument(
        closedLeads.size() >= 10,
        "evaluation needs at least 10 closed leads, got %s",
        closedLeads.size());
    List<Scored> scored = new ArrayList<>(closedLeads.size());
    boolean probabilities = true;
    Set<String> seen = new HashSet<>();
    for (Lead lead : closedLeads) {
      ClosedLead closed = ClosedLead.of(funnel, lead, seen);
      Score score = scorer.score(closed.beforeClosing(funnel), closed.closedAt());
      probabilities &= score.scale() == ScoreScale.PROBABILITY;
      scored.add(new Scored(lead.id(), score.value(), closed.won()));
    }
    int n = scored.size();
    int won = (int) scored.stream().filter(Scored::won).count();
    ClosedLead.requireBothOutcomes("evaluation", won, n - won);
    scored.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparing(Scored::id));
    return new Evaluation(
        n,
        won,
        auc(scored, won),
        deciles(scored, (double) won / n),
        probabilities ? calibration(scored) : ImmutableList.of());
  }

  /** Mann–Whitney over the leads sorted by descending score, with mid-ranks for ties. */
  private static double auc(List<Scored> descending, int won) {
    int n = descending.size();
    double wonRankSum = 0; // ranks ascending: the lowest score has rank 1
    int i = 0;
    while (i < n) {
      int j = i;
      while (j < n && descending.get(j).score() == descending.get(i).score()) {
        j++;
      }
      // Positions i..j-1 from the top are ranks n-j+1 .. n-i from the bottom.
      double midRank = ((n - j + 1) + (n - i)) / 2.0;
      for (int k = i; k < j; k++) {
        if (descending.get(k).won()) {
          wonRankSum += midRank;
        }
      }
      i = j;
    }
    int lost = n - won;
    return (wonRankSum - won * (won + 1.0) / 2) / ((double) won * lost);
  }

  private static ImmutableList<DecileRow> deciles(List<Scored> descending, double overall) {
    int n = descending.size();
    ImmutableList.Builder<DecileRow> rows = ImmutableList.builder();
    int from = 0;
    for (int decile = 1; decile <= 10; decile++) {
      int to = (int) ((long) n * decile / 10);
      int wonHere = 0;
      for (int i = from; i < to; i++) {
        wonHere += descending.get(i).won() ? 1 : 0;
      }
      int size = to - from;
      double conversion = (double) wonHere / size;
      rows.add(
          new DecileRow(
              decile,
              size,
              wonHere,
              descending.get(to - 1).score(),
              descending.get(from).score(),
              conversion,
              conversion / overall));
      from = to;
    }
    return rows.build();
  }

  private static ImmutableList<CalibrationBin> calibration(List<Scored> scored) {
    int[] count = new int[10];
    int[] wonCount = new int[10];
    double[] predicted = new double[10];
    for (Scored s : scored) {
      int bin = Math.min(9, (int) (s.score() * 10));
      count[bin]++;
      wonCount[bin] += s.won() ? 1 : 0;
      predicted[bin] += s.score();
    }
    ImmutableList.Builder<CalibrationBin> bins = ImmutableList.builder();
    for (int b = 0; b < 10; b++) {
      if (count[b] > 0) {
        bins.add(
            new CalibrationBin(
                b / 10.0,
                (b + 1) / 10.0,
                count[b],
                predicted[b] / count[b],
                (double) wonCount[b] / count[b]));
      }
    }
    return bins.build();
  }

  /** Returns how many closed leads were evaluated. */
  public int leads() {
    return leads;
  }

  /** Returns how many of them were won. */
  public int won() {
    return won;
  }

  /** Returns the ROC AUC: 0.5 is no better than chance, 1 a perfect ranking. */
  public double auc() {
    return auc;
  }

  /** Returns the ten deciles, highest scores first. */
  public ImmutableList<DecileRow> deciles() {
    return deciles;
  }

  /**
   * Returns the calibration table over ten bins of width 0.1, non-empty bins only; empty unless
   * every score was a probability.
   */
  public ImmutableList<CalibrationBin> calibration() {
    return calibration;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "Evaluation[%d leads, %d won, AUC %.3f]", leads, won, auc);
  }
}
