package dev.funnel.scoring;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * What one rule or factor added to a {@link Score}: points for point scores, log-odds for
 * probabilities. Negative amounts lower the score.
 *
 * <p>Immutable and thread-safe.
 *
 * @param factor the rule or factor, in words a seller understands ("industry = software")
 * @param amount what it added; finite
 */
public record Contribution(String factor, double amount) {

  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if the factor is blank or the amount not finite
   */
  public Contribution {
    requireNonNull(factor, "factor");
    checkArgument(!factor.isBlank(), "contribution factor must not be blank: '%s'", factor);
    checkArgument(
        Double.isFinite(amount), "contribution of '%s' must be finite: %s", factor, amount);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s %+.4g", factor, amount);
  }
}
