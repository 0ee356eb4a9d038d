package dev.funnel.events;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Aggregates a stream of grouped batches (sorted by subject, then time, across the whole stream) in
 * constant memory: only the subject in progress is kept between batches, so inputs of any size fit
 * a small heap. Get one from {@link Aggregation#stream()}.
 *
 * <pre>{@code
 * GroupedStream stream = funnel.aggregation().stream();
 * for (EventBatch batch : batches) {
 *   stream.add(batch);
 * }
 * FunnelResult result = stream.finish();
 * }</pre>
 *
 * <p>A subject may run on from one batch into the next, but its events with equal timestamps must
 * be in one batch, so that they can be put in chain order.
 *
 * <p>A batch that breaks the order, or holds a bad code or timestamp, is rejected and the stream is
 * left as it was before it (a per-subject listener may already have been told of subjects the batch
 * finished). Not thread-safe.
 */
public final class GroupedStream {
  private final WindowFunnel funnel;
  private final Scan scan;
  private final boolean withTimes;
  private boolean finished;

  GroupedStream(WindowFunnel funnel, Scan scan, boolean withTimes) {
    this.funnel = funnel;
    this.scan = scan;
    this.withTimes = withTimes;
  }

  /**
   * Aggregates the next batch.
   *
   * @throws IllegalArgumentException if the batch is not grouped, breaks the order (also across
   *     batches), or holds a bad code or timestamp; the stream is unchanged then
   * @throws IllegalStateException if the stream is finished
   */
  public void add(EventBatch batch) {
    requireNonNull(batch, "batch");
    checkState(!finished, "the stream is finished");
    checkArgument(
        batch.layout() == EventBatch.Layout.GROUPED,
        "a grouped stream takes GROUPED batches, not %s",
        batch.layout());
    if (batch.size() > 0 && scan.continuesTie(batch.subjects()[0], batch.timestamps()[0])) {
      throw new IllegalArgumentException(
          String.format(
              "subject %s has events at %s at the end of one batch and the start of the next;"
                  + " keep a subject's events with equal timestamps in one batch",
              batch.subjects()[0], batch.timestamps()[0]));
    }
    Scan.Checkpoint checkpoint = scan.checkpoint();
    try {
      scan.grouped(batch.subjects(), batch.timestamps(), batch.codes(), 0, batch.size());
    } catch (IllegalArgumentException e) {
      checkpoint.restore();
      throw e;
    }
  }

  /**
   * Returns the result of every batch added.
   *
   * @throws IllegalStateException if the stream is already finished
   */
  public FunnelResult finish() {
    checkState(!finished, "the stream is finished");
    finished = true;
    scan.complete();
    return Aggregation.result(funnel, List.of(scan), withTimes);
  }
}
