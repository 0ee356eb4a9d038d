package dev.funnel.events;

/**
 * Receives each subject's result during an aggregation, when per-subject results are asked for with
 * {@link Aggregation#subjects}. Called once per subject; from several threads at once when the
 * aggregation runs on several, so implementations must then be thread-safe.
 */
@FunctionalInterface
public interface SubjectListener {

  /**
   * Takes one subject's result.
   *
   * @param subject the subject id
   * @param result its level and the chain that reached it
   */
  void accept(long subject, SubjectResult result);
}
