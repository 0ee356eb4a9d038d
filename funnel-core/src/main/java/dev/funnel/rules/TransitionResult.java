package dev.funnel.rules;

import com.google.common.collect.ImmutableList;
import dev.funnel.model.Lead;

/**
 * What {@link TransitionEngine#move} returns: the moved lead, or the unchanged lead with every
 * reason the move was refused.
 *
 * <p>Immutable and thread-safe.
 */
public final class TransitionResult {
  private final Lead lead;
  private final String targetStageId;
  private final RuleDecision decision;

  TransitionResult(Lead lead, String targetStageId, RuleDecision decision) {
    this.lead = lead;
    this.targetStageId = targetStageId;
    this.decision = decision;
  }

  /** Returns whether the move was made. */
  public boolean isAccepted() {
    return decision.isAllowed();
  }

  /** Returns the lead after the move, or the lead as it was if the move was refused. */
  public Lead lead() {
    return lead;
  }

  /** Returns every reason the move was refused; empty if it was accepted. */
  public ImmutableList<Violation> violations() {
    return ImmutableList.copyOf(decision.violations());
  }

  /**
   * Returns the moved lead.
   *
   * @throws TransitionRejectedException if the move was refused; it carries every reason
   */
  public Lead leadOrThrow() {
    if (!isAccepted()) {
      throw new TransitionRejectedException(
          lead.id(), lead.currentStageId(), targetStageId, violations());
    }
    return lead;
  }

  @Override
  public String toString() {
    return isAccepted()
        ? "accepted: " + lead.id() + " now in '" + lead.currentStageId() + "'"
        : "rejected: " + lead.id() + " → '" + targetStageId + "' " + decision.violations();
  }
}
