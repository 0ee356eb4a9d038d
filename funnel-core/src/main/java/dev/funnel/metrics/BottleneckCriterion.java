package dev.funnel.metrics;

/**
 * How {@link ConversionReport#bottleneck} chooses the step that holds the funnel back. *
 *
 * <p>More values may be added in later versions: code that switches over this enum should have a
 * default branch.
 */
public enum BottleneckCriterion {
  /**
   * The step with the lowest conversion from the step before: where the largest share is lost. This
   * is the "loss ratio at each stage" the sales literature means by a bottleneck.
   */
  LOWEST_STEP_RATE,
  /** The step that loses the most subjects, counted, from the step before. */
  LARGEST_ABSOLUTE_LOSS,
  /**
   * The step whose subjects stay longest in it, by median time in stage. Needs a report built from
   * lead histories ({@link ConversionReport#fromLeads}).
   */
  LONGEST_MEDIAN_TIME
}
