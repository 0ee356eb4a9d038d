package dev.funnel.scoring;

import static com.google.common.base.Preconditions.checkArgument;

import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.Stage;
import dev.funnel.model.StageKind;
import dev.funnel.model.StageVisit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A won or lost lead as learning and evaluation see it: its outcome, when it closed, the last open
 * stage it reached, and the lead as it stood just before it closed.
 */
record ClosedLead(
    Lead lead, boolean won, Instant closedAt, Optional<Stage> lastOpenStage, int lastOpenVisit) {

  /**
   * Reads a closed lead.
   *
   * @throws IllegalArgumentException if the lead is still open, naming it and its stage
   */
  static ClosedLead of(Funnel funnel, Lead lead) {
    return of(funnel, lead, null);
  }

  /**
   * Reads a closed lead whose id must not be in {@code seen} (training on a lead twice would count
   * its outcome twice), and adds the id.
   *
   * @throws IllegalArgumentException if the lead is still open, or its id was seen
   */
  static ClosedLead of(Funnel funnel, Lead lead, @Nullable Set<String> seen) {
    checkArgument(
        seen == null || seen.add(lead.id()),
        "lead '%s' is given twice; each closed lead counts once",
        lead.id());
    Stage current = funnel.stage(lead.currentStageId());
    checkArgument(
        current.isTerminal(),
        "lead '%s' is still open in stage '%s'; only won or lost leads have an outcome",
        lead.id(),
        current.id());
    Optional<Stage> lastOpen = Optional.empty();
    int lastOpenVisit = -1;
    for (int i = 0; i < lead.history().size(); i++) {
      Stage stage = funnel.stage(lead.history().get(i).stageId());
      if (!stage.isTerminal()) {
        lastOpen = Optional.of(stage);
        lastOpenVisit = i;
      }
    }
    return new ClosedLead(
        lead,
        current.kind() == StageKind.WON,
        lead.currentVisit().entered(),
        lastOpen,
        lastOpenVisit);
  }

  /**
   * Fails unless both outcomes are present: one outcome can neither teach a probability nor rank
   * won against lost.
   */
  static void requireBothOutcomes(String purpose, long won, long lost) {
    checkArgument(
        won > 0 && lost > 0,
        "%s needs both won and lost leads, but got %s won and %s lost",
        purpose,
        won,
        lost);
  }

  /**
   * The lead as it stood just before it closed: its history up to its last open visit, which is
   * ongoing again. A lead that was never in an open stage stands in the funnel's entry stage since
   * it was created.
   */
  Lead beforeClosing(Funnel funnel) {
    List<StageVisit> history = new ArrayList<>();
    if (lastOpenVisit < 0) {
      history.add(StageVisit.ongoing(funnel.entryStage().id(), lead.createdAt(), "before closing"));
    } else {
      history.addAll(lead.history().subList(0, lastOpenVisit));
      StageVisit visit = lead.history().get(lastOpenVisit);
      history.add(StageVisit.ongoing(visit.stageId(), visit.entered(), visit.reason()));
    }
    // Built afresh rather than from toBuilder(), so that the lost reason is not carried over.
    Lead.Builder before =
        Lead.builder(lead.id()).attributes(lead.attributes()).value(lead.value()).history(history);
    lead.source().ifPresent(before::source);
    lead.segment().ifPresent(before::segment);
    return before.build();
  }
}
