package dev.funnel.metrics;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The scale on which a survival curve's pointwise confidence interval is built, as R's {@code
 * survfit(conf.type = …)}: with σ² Greenwood's variance of log S and z the normal quantile of the
 * confidence, the interval is symmetric in S, in log S, or in log(−log S).
 */
public enum BandTransform {
  /** {@code S ± z·σ·S}, clipped to [0, 1]: R's {@code "plain"}. */
  PLAIN {
    @Override
    double limit(double s, double sigma, double signedZ) {
      return Math.min(Math.max(s + signedZ * sigma * s, 0), 1);
    }
  },
  /** {@code S·exp(±z·σ)}, the upper limit at most 1: R's default, {@code "log"}. */
  LOG {
    @Override
    double limit(double s, double sigma, double signedZ) {
      return Math.min(s * Math.exp(signedZ * sigma), 1);
    }
  },
  /**
   * {@code exp(−exp(log(−log S) ± z·σ/log S))}, always inside (0, 1): R's {@code "log-log"}, the
   * Kalbfleisch–Prentice interval.
   */
  LOG_LOG {
    @Override
    double limit(double s, double sigma, double signedZ) {
      return Math.exp(-Math.exp(Math.log(-Math.log(s)) + signedZ * sigma / Math.log(s)));
    }
  };

  /** The limit for 0 &lt; S &lt; 1: the upper one for a positive z, the lower for a negative. */
  abstract double limit(double s, double sigma, double signedZ);

  static double z(double confidence) {
    checkArgument(
        confidence > 0 && confidence < 1,
        "confidence must be strictly between 0 and 1: %s",
        confidence);
    return Proportion.zFor(confidence);
  }
}
