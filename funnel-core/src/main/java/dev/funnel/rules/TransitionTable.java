package dev.funnel.rules;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSetMultimap;
import com.google.common.collect.LinkedHashMultimap;
import com.google.common.collect.SetMultimap;
import dev.funnel.model.Funnel;
import dev.funnel.model.Stage;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An explicit table of the allowed moves: from each stage, the stages a lead may go to. Any move
 * not in the table is refused. The closest cousin is Resilience4j's table of allowed circuit
 * breaker state transitions.
 *
 * <pre>{@code
 * TransitionTable table = TransitionTable.builder(funnel)
 *     .allow("new", "contacted", "lost")
 *     .allow("contacted", "new", "won", "lost")   // back to "new" is a legal regression
 *     .build();
 * }</pre>
 *
 * <p>Stage ids are checked against the funnel when the table is built. Immutable and thread-safe.
 */
public final class TransitionTable implements TransitionRule {
  private final ImmutableSetMultimap<String, String> allowed;

  private TransitionTable(ImmutableSetMultimap<String, String> allowed) {
    this.allowed = allowed;
  }

  /** Starts an empty table (which allows nothing) for the given funnel. */
  public static Builder builder(Funnel funnel) {
    return new Builder(funnel);
  }

  /** Returns whether the table allows a move from {@code fromStageId} to {@code toStageId}. */
  public boolean allows(String fromStageId, String toStageId) {
    return allowed.containsEntry(
        requireNonNull(fromStageId, "fromStageId"), requireNonNull(toStageId, "toStageId"));
  }

  /** Returns every allowed move, as a map from each stage to its allowed targets. */
  public ImmutableSetMultimap<String, String> allowedMoves() {
    return allowed;
  }

  /** Returns {@code transitionTable(allowedMoves=…)}. */
  @Override
  public Optional<RuleDefinition> definition() {
    return Optional.of(RuleDefinition.of("transitionTable", "allowedMoves", allowed));
  }

  /** Two tables are equal when they allow the same moves. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof TransitionTable other && allowed.equals(other.allowed);
  }

  @Override
  public int hashCode() {
    return allowed.hashCode();
  }

  @Override
  public String toString() {
    return "TransitionTable" + allowed;
  }

  @Override
  public RuleDecision evaluate(Transition transition) {
    String from = transition.from().id();
    String to = transition.to().id();
    if (allows(from, to)) {
      return RuleDecision.allow();
    }
    return RuleDecision.deny(
        "allowed transitions",
        "'"
            + from
            + "' → '"
            + to
            + "' is not in the table; from '"
            + from
            + "' the table allows "
            + allowed.get(from));
  }

  /** Collects the allowed moves. Not thread-safe. */
  public static final class Builder {
    private final Funnel funnel;
    private final SetMultimap<String, String> allowed = LinkedHashMultimap.create();

    private Builder(Funnel funnel) {
      this.funnel = requireNonNull(funnel, "funnel");
    }

    /**
     * Allows moves from one stage to each of the targets.
     *
     * @throws IllegalArgumentException if a stage is unknown (the message lists the known ones) or
     *     a target is the source itself; nothing is added then
     */
    public Builder allow(String fromStageId, String... toStageIds) {
      requireNonNull(toStageIds, "toStageIds");
      Stage from = funnel.stage(fromStageId);
      for (String to : toStageIds) {
        if (funnel.stage(to).equals(from)) {
          throw new IllegalArgumentException(
              "a stage cannot move to itself: '" + fromStageId + "'");
        }
      }
      for (String to : toStageIds) {
        allowed.put(fromStageId, to);
      }
      return this;
    }

    /** Allows moves from every open stage to {@code toStageId}, such as "lost from anywhere". */
    public Builder allowFromEveryOpenStage(String toStageId) {
      Stage to = funnel.stage(toStageId);
      for (Stage from : funnel.openStages()) {
        if (!from.equals(to)) {
          allowed.put(from.id(), to.id());
        }
      }
      return this;
    }

    /** Returns the table. */
    public TransitionTable build() {
      return new TransitionTable(ImmutableSetMultimap.copyOf(allowed));
    }
  }
}
