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

  private final boolean stay;

  TransitionResult(Lead lead, String targetStageId, RuleDecision decision) {
    this(lead, targetStageId, decision, false);
  }

  private TransitionResult(Lead lead, String targetStageId, RuleDecision decision, boolean stay) {
    this.lead = lead;
    this.targetStageId = targetStageId;
    this.decision = decision;
    this.stay = stay;
  }

  static TransitionResult stay(Lead lead) {
    return new TransitionResult(lead, lead.currentStageId(), RuleDecision.allow(), true);
  }

  /** Returns whether the move was made (a stay in the current stage is accepted too). */
  public boolean isAccepted() {
    return decision.isAllowed();
  }

  /**
   * Returns whether the lead was asked to stay in the stage it is in: accepted, with the lead and
   * its history unchanged.
   */
  public boolean isStay() {
    return stay;
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
    if (stay) {
      return "accepted: " + lead.id() + " stays in '" + lead.currentStageId() + "'";
    }
    return isAccepted()
        ? "accepted: " + lead.id() + " now in '" + lead.currentStageId() + "'"
        : "rejected: " + lead.id() + " → '" + targetStageId + "' " + decision.violations();
  }
}
