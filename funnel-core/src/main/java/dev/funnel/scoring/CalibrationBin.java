package dev.funnel.scoring;

import com.google.common.base.MoreObjects;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One bin of a calibration table: leads whose predicted win probability fell in {@code [from, to)}
 * (the last bin includes 1), what was predicted on average, and what happened. A calibrated model
 * has {@code meanPredicted ≈ observedRate} in every bin.
 *
 * <p>Immutable and thread-safe.
 */
public final class CalibrationBin {
  private final double from;
  private final double to;
  private final int leads;
  private final double meanPredicted;
  private final double observedRate;

  CalibrationBin(double from, double to, int leads, double meanPredicted, double observedRate) {
    this.from = from;
    this.to = to;
    this.leads = leads;
    this.meanPredicted = meanPredicted;
    this.observedRate = observedRate;
  }

  /** Returns the lowest probability of the bin. */
  public double from() {
    return from;
  }

  /** Returns the end of the bin. */
  public double to() {
    return to;
  }

  /** Returns how many leads fall in it. */
  public int leads() {
    return leads;
  }

  /** Returns their mean predicted probability. */
  public double meanPredicted() {
    return meanPredicted;
  }

  /** Returns the share of them that was won. */
  public double observedRate() {
    return observedRate;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof CalibrationBin other)) {
      return false;
    }
    return Double.compare(from, other.from) == 0
        && Double.compare(to, other.to) == 0
        && leads == other.leads
        && Double.compare(meanPredicted, other.meanPredicted) == 0
        && Double.compare(observedRate, other.observedRate) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(from, to, leads, meanPredicted, observedRate);
  }

  @Override
  public String toString() {
    return MoreObjects.toStringHelper(this)
        .add("from", from)
        .add("to", to)
        .add("leads", leads)
        .add("meanPredicted", meanPredicted)
        .add("observedRate", observedRate)
        .toString();
  }
}
