package dev.funnel.testkit;

import static java.util.Objects.requireNonNull;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.Stage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Generators of leads with stage histories and attributes for property tests. A lead starts in the
 * funnel's entry stage at {@link #START} and then makes up to eight moves, each to any stage of the
 * funnel (forward, backward, into won or lost and out again, or staying), hours to days apart: the
 * histories a rule or a report must cope with, not only the ones a rule allows. Attributes: a
 * number {@code employees} (1 to 5,000), a text {@code industry}, a boolean {@code budget}; a value
 * of 0 to 100,000; a source. Shrinks toward a lead that never moved, with the first of every
 * choice.
 */
public final class Leads {
  /** When every generated lead starts: 2026-01-01T00:00:00Z. */
  public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private static final List<String> INDUSTRIES = List.of("retail", "software", "health", "energy");
  private static final List<String> SOURCES = List.of("referral", "web", "trade show", "partner");

  private Leads() {}

  /** One move: to which stage (an index into the funnel's stages), and how many hours later. */
  private record Move(int stage, int hours) {}

  /** What a lead is made of, before it gets its id. */
  private record Draft(
      List<Move> moves, int employees, String industry, boolean budget, int value, String source) {}

  /** Returns leads with the id {@code lead} in the given funnel. */
  public static Gen<Lead> leads(Funnel funnel) {
    requireNonNull(funnel, "funnel");
    return drafts(funnel).map(d -> build(funnel, "lead", d)).describedAs(Leads::describe);
  }

  /**
   * Returns deal books: up to {@code maxLeads} leads with the distinct ids {@code L1}, {@code L2},
   * … in the given funnel, as reports and forecasts take them.
   */
  public static Gen<List<Lead>> dealBooks(Funnel funnel, int maxLeads) {
    requireNonNull(funnel, "funnel");
    return lists()
        .of(drafts(funnel))
        .ofSizeBetween(0, maxLeads)
        .map(
            drafts -> {
              List<Lead> book = new ArrayList<>();
              for (int i = 0; i < drafts.size(); i++) {
                book.add(build(funnel, "L" + (i + 1), drafts.get(i)));
              }
              return List.copyOf(book);
            })
        .describedAs(book -> book.stream().map(Leads::describe).toList().toString());
  }

  private static Gen<Draft> drafts(Funnel funnel) {
    int stages = funnel.stages().size();
    Gen<Move> move = Generate.range(0, stages - 1).zip(Generate.range(1, 24 * 14), Move::new);
    Gen<List<Move>> moves = lists().of(move).ofSizeBetween(0, 8);
    return moves.zip(
        Generate.range(1, 5_000),
        Generate.pick(INDUSTRIES),
        Generate.booleans(),
        Generate.range(0, 100_000)
            .zip(Generate.pick(SOURCES), (value, source) -> new Object[] {value, source}),
        (m, employees, industry, budget, valueAndSource) ->
            new Draft(
                m,
                employees,
                industry,
                budget,
                (Integer) valueAndSource[0],
                (String) valueAndSource[1]));
  }

  private static Lead build(Funnel funnel, String id, Draft draft) {
    Lead lead =
        Lead.builder(id)
            .attribute("employees", draft.employees())
            .attribute("industry", draft.industry())
            .attribute("budget", draft.budget())
            .value(BigDecimal.valueOf(draft.value()))
            .source(draft.source())
            .startIn(funnel.entryStage().id(), START)
            .build();
    Instant at = START;
    for (Move move : draft.moves()) {
      at = at.plus(Duration.ofHours(move.hours()));
      Stage to = funnel.stages().get(move.stage());
      if (!to.id().equals(lead.currentStageId())) {
        lead = lead.withStageChange(to.id(), at, "generated");
      }
    }
    return lead;
  }

  private static String describe(Lead lead) {
    StringBuilder text = new StringBuilder(lead.id()).append(':');
    lead.history()
        .forEach(v -> text.append(' ').append(v.stageId()).append('@').append(v.entered()));
    return text.append(' ').append(lead.attributes()).toString();
  }
}
