package dev.funnel.model;

/**
 * The type of one lead attribute value; see {@link Attributes}. *
 *
 * <p>More values may be added in later versions: code that switches over this enum should have a
 * default branch.
 */
public enum AttributeType {
  /** A string, such as an industry or a job title. */
  TEXT,
  /** A finite number, such as a head count or a budget. */
  NUMBER,
  /** A yes/no fact, such as "has a budget". */
  BOOLEAN,
  /** A point in time, such as the decision date the buyer gave. */
  TIME
}
