/**
 * The event aggregation hot path: raw event logs (who did what, when) turned into window funnels at
 * memory speed, in one thread, many threads, or as mergeable partial states.
 *
 * <p>Configuration ({@link dev.funnel.events.WindowFunnel}), batches and results are immutable and
 * thread-safe. Aggregators and trackers are mutable and meant for one thread at a time.
 */
@NullMarked
package dev.funnel.events;

import org.jspecify.annotations.NullMarked;
