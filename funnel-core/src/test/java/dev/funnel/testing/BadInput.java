package dev.funnel.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** The assertion of DESIGN.md §3 that the bad-input tests share. */
public final class BadInput {
  private BadInput() {}

  /**
   * Asserts that {@code call} is refused with an IllegalArgumentException of exactly {@code
   * message}.
   */
  public static void refused(ThrowingCallable call, String message) {
    assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }
}
