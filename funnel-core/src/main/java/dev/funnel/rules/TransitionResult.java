package dev.funnel.rules;

import com.google.common.collect.ImmutableList;
import dev.funnel.model.Lead;
import java.util.Locale;

/**
 * What {@link TransitionEngine#move} returns: the moved lead, or the unchanged lead with every
 * reason the move was refused; a move decided on a version of the lead it no longer has is refused
 * as a {@linkplain #isConflict() conflict}, before any rule is asked.
 *
 * <p>Immutable and thread-safe.
 */
public final class TransitionResult {
  private final Lead lead;
  private final String targetStageId;
  private final RuleDecision decision;

  private final boolean stay;
  private final boolean conflict;

  /** The rule named in a conflict's violation. */
  static final String EXPECTED_VERSION = "expected-version";

  TransitionResult(Lead lead, String targetStageId, RuleDecision decision) {
    this(lead, targetStageId, decision, false, false);
  }

  private TransitionResult(
      Lead lead, String targetStageId, RuleDecision decision, boolean stay, boolean conflict) {
    this.lead = lead;
    this.targetStageId = targetStageId;
    this.decision = decision;
    this.stay = stay;
    this.conflict = conflict;
  }

  static TransitionResult stay(Lead lead) {
    return new TransitionResult(lead, lead.currentStageId(), RuleDecision.allow(), true, false);
  }

  static TransitionResult conflict(Lead lead, String targetStageId, long expectedVersion) {
    String message =
        String.format(
            Locale.ROOT,
            "the move was decided on version %d of lead '%s', which is at version %d now (in '%s'"
                + " since %s): read it again and decide again",
            expectedVersion,
            lead.id(),
            lead.version(),
            lead.currentStageId(),
            lead.currentVisit().entered());
    return new TransitionResult(
        lead, targetStageId, RuleDecision.deny(EXPECTED_VERSION, message), false, true);
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

  /**
   * Returns whether the move was refused because the lead had moved since the version the move was
   * decided on; {@link #violations()} then holds one violation of rule {@code expected-version}.
   */
  public boolean isConflict() {
    return conflict;
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
    if (conflict) {
      return "conflict: " + lead.id() + " → '" + targetStageId + "' " + decision.violations();
    }
    return isAccepted()
        ? "accepted: " + lead.id() + " now in '" + lead.currentStageId() + "'"
        : "rejected: " + lead.id() + " → '" + targetStageId + "' " + decision.violations();
  }
}
