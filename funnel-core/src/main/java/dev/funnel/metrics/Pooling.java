package dev.funnel.metrics;

/** Whether a two-proportion z-test pools the two rates for its standard error. */
public enum Pooling {
  /**
   * One rate for both under "no difference": {@code √(p(1 − p)(1/nA + 1/nB))}, the textbook test
   * and R's {@code prop.test(correct = FALSE)}.
   */
  POOLED,
  /**
   * Each variant its own rate: {@code √(pA(1 − pA)/nA + pB(1 − pB)/nB)}, the Wald test, as
   * experimentation platforms report it.
   */
  UNPOOLED
}
