package dev.funnel.rules;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableListMultimap;
import com.google.common.collect.ListMultimap;
import com.google.common.collect.MultimapBuilder;
import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.Stage;
import dev.funnel.model.StageKind;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the rules of one funnel to proposed moves: a move that every applicable rule allows
 * returns the lead with its history extended; a refused move returns the lead unchanged with every
 * reason.
 *
 * <pre>{@code
 * TransitionEngine engine = TransitionEngine.builder(funnel)
 *     .rule(TransitionRules.terminalLock())
 *     .rule(TransitionRules.maxForwardSteps(1))
 *     .ruleInto("approved", TransitionRules.entryCriteria(hasBudget, hasTeam, hasTimeline))
 *     .clock(clock)
 *     .build();
 * TransitionResult result = engine.move(lead, "approved", "budget confirmed");
 * }</pre>
 *
 * <p>Staying is legal ("if the goal of a stage is not reached, the customer stays where it is"): a
 * move to the stage the lead is already in is accepted as a no-op, without consulting the rules
 * (they govern leaving and entering stages), and {@link TransitionResult#isStay()} says so; the
 * lead and its history are unchanged. A move into a lost stage records its reason as the lead's
 * lost reason. The reason reaches the rules as {@link Transition#reason()}, so that a rule can
 * require one ({@link TransitionRules#reasonRequired()}, {@link TransitionRules#lostReasonOneOf}).
 *
 * <p>Programming errors are exceptions, not refusals: an unknown stage id (the message lists the
 * known ones), a lead whose current stage is not in this funnel, a lead with a lost reason that is
 * not in a lost stage, or a time before the lead entered its current stage throws {@link
 * IllegalArgumentException}; a rule that returns null instead of a decision throws {@link
 * IllegalStateException} naming the rule. Rejected or failed moves change nothing: leads are
 * immutable.
 *
 * <p>Immutable and thread-safe, provided the rules are. Time comes from the caller or from the
 * engine's {@link Clock}, never from the wall clock directly.
 */
public final class TransitionEngine {
  private static final Logger logger = LoggerFactory.getLogger(TransitionEngine.class);

  private final Funnel funnel;
  private final ImmutableList<TransitionRule> rules;
  private final ImmutableListMultimap<String, TransitionRule> rulesInto;
  private final Clock clock;

  private TransitionEngine(Builder builder) {
    this.funnel = builder.funnel;
    this.rules = ImmutableList.copyOf(builder.rules);
    this.rulesInto = ImmutableListMultimap.copyOf(builder.rulesInto);
    this.clock = builder.clock;
  }

  /** Starts an engine for the funnel, with no rules and the UTC system clock. */
  public static Builder builder(Funnel funnel) {
    return new Builder(funnel);
  }

  /** Returns the funnel this engine governs. */
  public Funnel funnel() {
    return funnel;
  }

  /** Returns the rules that judge every move, in the order they were added. */
  public ImmutableList<TransitionRule> rules() {
    return rules;
  }

  /** Returns the rules that judge the moves into each stage, by stage id, in the order added. */
  public ImmutableListMultimap<String, TransitionRule> rulesInto() {
    return rulesInto;
  }

  /**
   * Two engines are equal when their funnels, their rules and their rules into each stage are, in
   * the same order; the clock is not compared. Built-in rules are equal when made alike ({@link
   * TransitionRule#definition()}), others only to themselves.
   */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof TransitionEngine other
        && funnel.equals(other.funnel)
        && rules.equals(other.rules)
        && rulesInto.equals(other.rulesInto);
  }

  @Override
  public int hashCode() {
    return Objects.hash(funnel, rules, rulesInto);
  }

  @Override
  public String toString() {
    return "TransitionEngine["
        + funnel.name()
        + ", rules="
        + rules
        + ", rulesInto="
        + rulesInto
        + "]";
  }

  /**
   * Returns whether the lead may move to the stage at {@code at}, with every reason it may not.
   * Nothing is changed.
   *
   * @throws IllegalArgumentException if a stage is unknown or {@code at} is before the lead entered
   *     its current stage
   */
  public RuleDecision check(Lead lead, String toStageId, Instant at) {
    return check(lead, toStageId, at, "");
  }

  /**
   * Returns whether the lead may move to the stage at {@code at} for {@code reason}, with every
   * reason it may not. Nothing is changed.
   *
   * @throws IllegalArgumentException as {@link #check(Lead, String, Instant)}
   */
  public RuleDecision check(Lead lead, String toStageId, Instant at, String reason) {
    return decide(transition(lead, toStageId, at, reason));
  }

  /**
   * Moves the lead to the stage now, by the engine's clock.
   *
   * @throws IllegalArgumentException as {@link #move(Lead, String, Instant, String)}
   */
  public TransitionResult move(Lead lead, String toStageId, String reason) {
    return move(lead, toStageId, clock.instant(), reason);
  }

  /**
   * Moves the lead to the stage at {@code at} if the rules allow it.
   *
   * @param reason why the lead moves; recorded in its history, and as its lost reason when the
   *     target is a lost stage
   * @throws IllegalArgumentException if a stage is unknown or {@code at} is before the lead entered
   *     its current stage
   */
  public TransitionResult move(Lead lead, String toStageId, Instant at, String reason) {
    Transition transition = transition(lead, toStageId, at, reason);
    if (transition.from().equals(transition.to())) {
      return TransitionResult.stay(lead);
    }
    RuleDecision decision = decide(transition);
    if (!decision.isAllowed()) {
      logger.debug(
          "refused move of lead {} from {} to {}: {}",
          lead.id(),
          transition.from().id(),
          toStageId,
          decision.violations());
      return new TransitionResult(lead, toStageId, decision);
    }
    Lead moved = lead.withStageChange(toStageId, at, reason);
    if (transition.to().kind() == StageKind.LOST) {
      moved = moved.withLostReason(reason);
    }
    return new TransitionResult(moved, toStageId, decision);
  }

  /**
   * Moves the lead to the stage now, by the engine's clock, if it is still at {@code
   * expectedVersion}.
   *
   * @throws IllegalArgumentException as {@link #move(Lead, long, String, Instant, String)}
   */
  public TransitionResult move(Lead lead, long expectedVersion, String toStageId, String reason) {
    return move(lead, expectedVersion, toStageId, clock.instant(), reason);
  }

  /**
   * Moves the lead to the stage at {@code at} if it is still at {@code expectedVersion} (its {@link
   * Lead#version()} when the move was decided) and the rules allow it: compare and set. A lead at
   * another version is refused as a {@linkplain TransitionResult#isConflict() conflict} without
   * asking the rules, and nothing changes; a stay is a conflict too when stale.
   *
   * <p>The lead passed must be the lead as it is now. Leads are immutable, so in memory the check
   * and the replacement are made atomic by whatever holds the current leads; with a {@code
   * ConcurrentMap<String, Lead>}:
   *
   * <pre>{@code
   * TransitionResult[] result = new TransitionResult[1];
   * leads.computeIfPresent(id, (key, now) -> {
   *   result[0] = engine.move(now, seenVersion, "lost", at, "no budget");
   *   return result[0].lead();
   * });
   * }</pre>
   *
   * <p>Of two moves decided on the same version, one is accepted and the other is a conflict.
   *
   * @throws IllegalArgumentException as {@link #move(Lead, String, Instant, String)}, and if {@code
   *     expectedVersion} is negative
   */
  public TransitionResult move(
      Lead lead, long expectedVersion, String toStageId, Instant at, String reason) {
    requireNonNull(lead, "lead");
    checkArgument(expectedVersion >= 0, "a version is never negative: %s", expectedVersion);
    if (lead.version() != expectedVersion) {
      // Only what does not depend on the lead's state is checked: the lead has moved since (at a
      // later time, perhaps), and the caller must read it again before anything else is judged.
      requireNonNull(at, "at");
      requireNonNull(reason, "reason");
      funnel.stage(requireNonNull(toStageId, "toStageId"));
      logger.debug(
          "conflicting move of lead {}: at version {}, not {}",
          lead.id(),
          lead.version(),
          expectedVersion);
      return TransitionResult.conflict(lead, toStageId, expectedVersion);
    }
    return move(lead, toStageId, at, reason);
  }

  /**
   * Returns the stages the lead could move to at {@code at}, in funnel order; its current stage,
   * where it may always stay, is not listed.
   *
   * @throws IllegalArgumentException if the lead's stage is unknown or {@code at} is before it
   *     entered it
   */
  public ImmutableList<Stage> allowedTargets(Lead lead, Instant at) {
    ImmutableList.Builder<Stage> targets = ImmutableList.builder();
    for (Stage stage : funnel.stages()) {
      if (!stage.id().equals(lead.currentStageId()) && check(lead, stage.id(), at).isAllowed()) {
        targets.add(stage);
      }
    }
    return targets.build();
  }

  private Transition transition(Lead lead, String toStageId, Instant at, String reason) {
    requireNonNull(lead, "lead");
    requireNonNull(toStageId, "toStageId");
    requireNonNull(at, "at");
    requireNonNull(reason, "reason");
    Stage from = funnel.stage(lead.currentStageId());
    Stage to = funnel.stage(toStageId);
    checkArgument(
        lead.lostReason().isEmpty() || from.kind() == StageKind.LOST,
        "lead '%s' has the lost reason '%s' but is in '%s', which is %s, not lost",
        lead.id(),
        lead.lostReason().orElse(""),
        from.id(),
        from.kind());
    checkArgument(
        !at.isBefore(lead.currentVisit().entered()),
        "move of lead '%s' at %s is before it entered stage '%s' at %s",
        lead.id(),
        at,
        from.id(),
        lead.currentVisit().entered());
    return new Transition(funnel, lead, from, to, at, reason);
  }

  private RuleDecision decide(Transition transition) {
    RuleDecision decision = RuleDecision.allow();
    if (transition.from().equals(transition.to())) {
      return decision;
    }
    for (TransitionRule rule : rules) {
      decision = decision.and(TransitionRules.evaluate(rule, transition));
    }
    for (TransitionRule rule : rulesInto.get(transition.to().id())) {
      decision = decision.and(TransitionRules.evaluate(rule, transition));
    }
    return decision;
  }

  /** Collects the rules of an engine. Not thread-safe; {@link #build()} snapshots it. */
  public static final class Builder {
    private final Funnel funnel;
    private final List<TransitionRule> rules = new ArrayList<>();
    // In the order the stages were first named, so that a written engine lists them so.
    private final ListMultimap<String, TransitionRule> rulesInto =
        MultimapBuilder.linkedHashKeys().arrayListValues().build();
    private Clock clock = Clock.systemUTC();

    private Builder(Funnel funnel) {
      this.funnel = requireNonNull(funnel, "funnel");
    }

    /** Adds a rule that every move must pass. */
    public Builder rule(TransitionRule rule) {
      rules.add(requireNonNull(rule, "rule"));
      return this;
    }

    /**
     * Adds a rule that every move into {@code stageId} must pass, such as that stage's entry
     * criteria.
     *
     * @throws IllegalArgumentException if the stage is unknown; the message lists the known ones
     */
    public Builder ruleInto(String stageId, TransitionRule rule) {
      requireNonNull(rule, "rule");
      funnel.stage(stageId);
      rulesInto.put(stageId, rule);
      return this;
    }

    /** Sets the clock that gives "now" to {@link TransitionEngine#move(Lead, String, String)}. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** Returns the engine. */
    public TransitionEngine build() {
      return new TransitionEngine(this);
    }
  }
}
