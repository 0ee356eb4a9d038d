package dev.funnel.metrics;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * The time someone was a customer: from the sale to the churn, or still a customer.
 *
 * <p>Immutable and thread-safe.
 *
 * @param customerId who
 * @param start when they became a customer
 * @param end when they stopped being one; empty while they still are
 */
public record CustomerSpan(String customerId, Instant start, Optional<Instant> end) {

  /**
   * Validates the span.
   *
   * @throws IllegalArgumentException if the end is before the start
   */
  public CustomerSpan {
    requireNonNull(customerId, "customerId");
    requireNonNull(start, "start");
    requireNonNull(end, "end");
    end.ifPresent(
        e ->
            checkArgument(
                !e.isBefore(start),
                "customer '%s' ends at %s, before starting at %s",
                customerId,
                e,
                start));
  }

  /** Returns the span of a customer who still is one. */
  public static CustomerSpan active(String customerId, Instant start) {
    return new CustomerSpan(customerId, start, Optional.empty());
  }

  /** Returns the span of a customer who churned at {@code end}. */
  public static CustomerSpan churned(String customerId, Instant start, Instant end) {
    return new CustomerSpan(customerId, start, Optional.of(requireNonNull(end, "end")));
  }

  /** Returns whether this is a customer at {@code instant}: started at or before, not yet ended. */
  public boolean isCustomerAt(Instant instant) {
    requireNonNull(instant, "instant");
    return !start.isAfter(instant) && end.map(e -> e.isAfter(instant)).orElse(true);
  }
}
