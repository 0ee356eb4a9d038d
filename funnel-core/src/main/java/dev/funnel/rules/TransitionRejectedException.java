package dev.funnel.rules;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown by {@link TransitionResult#leadOrThrow()} when the rules refused a move. The message and
 * {@link #violations()} list every reason.
 */
public final class TransitionRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String leadId;
  private final String fromStageId;
  private final String toStageId;
  private final ImmutableList<Violation> violations;

  /** Creates the exception for a refused move of lead {@code leadId}. */
  public TransitionRejectedException(
      String leadId, String fromStageId, String toStageId, List<Violation> violations) {
    super(
        String.format(
            "move of lead '%s' from '%s' to '%s' was refused: %s",
            requireNonNull(leadId, "leadId"),
            requireNonNull(fromStageId, "fromStageId"),
            requireNonNull(toStageId, "toStageId"),
            violations.stream().map(Violation::toString).collect(Collectors.joining("; "))));
    this.leadId = leadId;
    this.fromStageId = fromStageId;
    this.toStageId = toStageId;
    this.violations = ImmutableList.copyOf(violations);
  }

  /** Returns the id of the lead that did not move. */
  public String leadId() {
    return leadId;
  }

  /** Returns the stage the lead is still in. */
  public String fromStageId() {
    return fromStageId;
  }

  /** Returns the stage it was refused. */
  public String toStageId() {
    return toStageId;
  }

  /** Returns every reason the move was refused. */
  public ImmutableList<Violation> violations() {
    return violations;
  }
}
