/**
 * Planning and forecasting: forward projection through stage rates, backward planning from a
 * target, the weighted pipeline with forecast categories, a Markov forecast learned from stage
 * histories, and goal tracking.
 *
 * <p>Every result type is an immutable value and thread-safe; builders are for one thread.
 */
@NullMarked
package dev.funnel.forecast;

import org.jspecify.annotations.NullMarked;
