/**
 * Measuring funnels: counts, conversion with confidence intervals, bottlenecks, time to convert,
 * sales cycle (with Kaplan–Meier for open deals), segments and costs, A/B comparisons, cohorts,
 * retention and churn.
 *
 * <p>Every result type is an immutable value and thread-safe. Rates on zero entrants are "no data"
 * (an empty {@link java.util.OptionalDouble}), never a division by zero.
 */
@NullMarked
package dev.funnel.metrics;

import org.jspecify.annotations.NullMarked;
