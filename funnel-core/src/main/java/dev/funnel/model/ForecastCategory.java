package dev.funnel.model;

/**
 * The forecast bucket a stage's deals roll up into, in the manner of CRM forecasting: from the
 * safest ({@link #CLOSED}) to the least certain ({@link #PIPELINE}), with {@link #OMITTED} for
 * deals that do not count at all.
 *
 * <p>Roll-ups are cumulative in declaration order: "commit" includes closed deals, "best case"
 * includes commit, and "pipeline" includes best case.
 *
 * <p>Fixed: no value will be added.
 */
public enum ForecastCategory {
  /** Won: the revenue is booked. */
  CLOSED,
  /** The seller commits to closing it in the period. */
  COMMIT,
  /** Could close in the period if things go well. */
  BEST_CASE,
  /** Open and real, but not expected to close in the period. */
  PIPELINE,
  /** Lost or otherwise left out of the forecast. */
  OMITTED
}
