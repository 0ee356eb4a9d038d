package dev.funnel.metrics;

/**
 * Which departure from "no difference" a test looks for, as R's {@code alternative}: either
 * direction, B below A, or B above A.
 */
public enum Alternative {
  /** A difference in either direction: R's {@code "two.sided"}. */
  TWO_SIDED,
  /** B converts less than A (the odds ratio below 1): R's {@code "less"}. */
  LESS,
  /** B converts more than A (the odds ratio above 1): R's {@code "greater"}. */
  GREATER
}
