/**
 * Readers of event logs from files into funnel-core's {@link dev.funnel.events.EventBatch}es and
 * aggregations: times in the forms real exports write them ({@link dev.funnel.io.TimeFormat}),
 * column mapping, every bad row reported.
 */
@NullMarked
package dev.funnel.io;

import org.jspecify.annotations.NullMarked;
