package dev.funnel.events;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * How one aggregation splits each of its phases into parts, and where the parts run: on the calling
 * thread and on tasks given to an executor, which take parts as they come. The calling thread takes
 * whatever part no task has started, so a busy, small or single-threaded executor (or one whose
 * thread is the caller) slows an aggregation down but never stalls it, and no part waits for
 * another.
 *
 * <p>Immutable; {@link #run} may be called from any thread, once at a time or concurrently.
 */
final class Parallel {
  private static final Parallel CALLER_ONLY = new Parallel(Runnable::run, 1);

  private final Executor executor;
  private final int parts;

  Parallel(Executor executor, int parts) {
    this.executor = executor;
    this.parts = parts;
  }

  /** Returns one part, on the calling thread. */
  static Parallel callerOnly() {
    return CALLER_ONLY;
  }

  /** Returns how many parts each phase has. */
  int parts() {
    return parts;
  }

  /**
   * Returns the first of {@code n} items that part {@code p} of {@code parts} equal parts takes.
   */
  static int share(int n, int p, int parts) {
    return (int) ((long) n * p / parts);
  }

  /**
   * Runs {@code part} once for each index from 0 to {@link #parts()} − 1. Once all have ended,
   * rethrows the failure of the lowest index, not the one that happened first: parts that cover a
   * batch in order then name the batch's first bad event, whatever the timing. An interrupt of the
   * calling thread does not abandon the parts that tasks run: it returns only once every part has
   * ended, then throws {@link IllegalStateException} with the interrupt status set. A task the
   * executor rejects is not retried; the calling thread takes its parts.
   */
  void run(IntConsumer part) {
    if (parts == 1) {
      part.accept(0);
      return;
    }
    Throwable[] failures = new Throwable[parts];
    AtomicInteger next = new AtomicInteger();
    CountDownLatch ended = new CountDownLatch(parts);
    Runnable takeParts =
        () -> {
          for (int p = next.getAndIncrement(); p < parts; p = next.getAndIncrement()) {
            try {
              part.accept(p);
            } catch (Throwable t) {
              failures[p] = t;
            } finally {
              ended.countDown();
            }
          }
        };
    for (int task = 1; task < parts; task++) {
      try {
        executor.execute(takeParts);
      } catch (RejectedExecutionException e) {
        break;
      }
    }
    takeParts.run();
    // Every part is taken by now; wait for those tasks still run, even when interrupted, so that
    // no part writes shared arrays or calls the user's listener after run() returns.
    boolean interrupted = false;
    while (true) {
      try {
        ended.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while aggregating; every part of the aggregation has ended, no result");
    }
    for (Throwable thrown : failures) {
      if (thrown instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (thrown instanceof Error error) {
        throw error;
      }
      if (thrown != null) {
        throw new IllegalStateException(thrown);
      }
    }
  }
}
