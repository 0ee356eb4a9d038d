package dev.funnel.scoring;

import com.google.common.base.MoreObjects;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One tenth of the evaluated leads, by score: decile 1 holds the highest scores.
 *
 * <p>Immutable and thread-safe.
 */
public final class DecileRow {
  private final int decile;
  private final int leads;
  private final int won;
  private final double lowestScore;
  private final double highestScore;
  private final double conversion;
  private final double lift;

  DecileRow(
      int decile,
      int leads,
      int won,
      double lowestScore,
      double highestScore,
      double conversion,
      double lift) {
    this.decile = decile;
    this.leads = leads;
    this.won = won;
    this.lowestScore = lowestScore;
    this.highestScore = highestScore;
    this.conversion = conversion;
    this.lift = lift;
  }

  /** Returns 1 to 10. */
  public int decile() {
    return decile;
  }

  /** Returns how many leads fall in it. */
  public int leads() {
    return leads;
  }

  /** Returns how many of them were won. */
  public int won() {
    return won;
  }

  /** Returns the lowest score in the decile. */
  public double lowestScore() {
    return lowestScore;
  }

  /** Returns the highest score in the decile. */
  public double highestScore() {
    return highestScore;
  }

  /** Returns {@code won / leads}. */
  public double conversion() {
    return conversion;
  }

  /**
   * Returns the decile's conversion divided by the conversion of all evaluated leads: 2 means twice
   * as likely to be won as a lead picked at random .
   */
  public double lift() {
    return lift;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof DecileRow other)) {
      return false;
    }
    return decile == other.decile
        && leads == other.leads
        && won == other.won
        && Double.compare(lowestScore, other.lowestScore) == 0
        && Double.compare(highestScore, other.highestScore) == 0
        && Double.compare(conversion, other.conversion) == 0
        && Double.compare(lift, other.lift) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(decile, leads, won, lowestScore, highestScore, conversion, lift);
  }

  @Override
  public String toString() {
    return MoreObjects.toStringHelper(this)
        .add("decile", decile)
        .add("leads", leads)
        .add("won", won)
        .add("lowestScore", lowestScore)
        .add("highestScore", highestScore)
        .add("conversion", conversion)
        .add("lift", lift)
        .toString();
  }
}
