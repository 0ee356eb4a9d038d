package dev.funnel.store;

/**
 * Thrown when a {@link LeadStore} cannot reach or use its storage (a lost connection, a full disk,
 * a schema that is missing). What the call was doing is not partly done: a move either landed whole
 * or not at all, and the caller may read the lead again to know which.
 */
public final class LeadStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message that says what the store was doing, and its cause. */
  public LeadStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
