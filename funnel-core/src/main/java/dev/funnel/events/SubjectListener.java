package dev.funnel.events;

import com.google.common.primitives.ImmutableLongArray;

/**
 * Receives each subject's result during an aggregation, when per-subject results are asked for
 * with {@link Aggregation#subjects}. Called once per subject; from several threads at once when
 * the aggregation runs on several, so implementations must then be thread-safe.
 */
@FunctionalInterface
public interface SubjectListener {

  /**
   * Takes one subject's result.
   *
   * @param subject the subject id
   * @param level its level
   * @param chain the timestamps of the chain that reached the level, step 1 first
   */
  void accept(long subject, int level, ImmutableLongArray chain);
}
