package dev.funnel.model;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A named, ordered list of stages that follows a buyer from first contact to an outcome.
 *
 * <p>Stages are configuration, never code: any stage list can be expressed, with or without the
 * terminal outcomes won and lost. Build one with {@link #builder(String)}:
 *
 * <pre>{@code
 * Funnel funnel = Funnel.builder("consumer sales")
 *     .stage(Stage.open("relationship").name("Build relationship"))
 *     .stage(Stage.open("screen").name("Screen"))
 *     .stage(Stage.open("quote").name("Quote").winProbability(0.4))
 *     .stage(Stage.won("closed").name("Close"))
 *     .stage(Stage.lost("lost").name("Lost"))
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe. Funnels hold no global state, so any number can be used side by
 * side, even with the same stage ids.
 */
public final class Funnel {
  private final String name;
  private final ImmutableList<Stage> stages;
  private final ImmutableMap<String, Stage> stagesById;

  private Funnel(String name, ImmutableList<Stage> stages) {
    this.name = name;
    this.stages = stages;
    ImmutableMap.Builder<String, Stage> byId = ImmutableMap.builder();
    stages.forEach(stage -> byId.put(stage.id(), stage));
    this.stagesById = byId.buildOrThrow();
  }

  /**
   * Starts a funnel with the given name.
   *
   * @throws IllegalArgumentException if the name is blank
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Returns a funnel of open stages whose names are their ids, in the given order: the short form
   * for funnels such as "awareness, interest, decision, action".
   *
   * @throws IllegalArgumentException if the name or an id is blank, an id repeats, or no id is
   *     given
   */
  public static Funnel of(String name, String... openStageIds) {
    Builder builder = builder(name);
    for (String id : requireNonNull(openStageIds, "openStageIds")) {
      builder.stage(Stage.open(id));
    }
    return builder.build();
  }

  /** Returns the funnel's name. */
  public String name() {
    return name;
  }

  /** Returns every stage, in funnel order. */
  public ImmutableList<Stage> stages() {
    return stages;
  }

  /** Returns the open stages, in funnel order. */
  public ImmutableList<Stage> openStages() {
    return stages.stream().filter(s -> !s.isTerminal()).collect(ImmutableList.toImmutableList());
  }

  /** Returns the first open stage: where new leads enter unless told otherwise. */
  public Stage entryStage() {
    return stages.stream().filter(s -> !s.isTerminal()).findFirst().orElseThrow();
  }

  /** Returns the number of stages. */
  public int size() {
    return stages.size();
  }

  /** Returns the stage ids, in funnel order. */
  public ImmutableList<String> stageIds() {
    return stagesById.keySet().asList();
  }

  /** Returns whether this funnel has a stage with the given id. */
  public boolean contains(String stageId) {
    return stagesById.containsKey(requireNonNull(stageId, "stageId"));
  }

  /** Returns the stage with the given id, or empty if there is none. */
  public Optional<Stage> findStage(String stageId) {
    return Optional.ofNullable(stagesById.get(requireNonNull(stageId, "stageId")));
  }

  /**
   * Checks that every stage of the lead's history is a stage of this funnel, as a store does before
   * it keeps a lead: a lead in a stage the funnel lacks could never be moved or counted.
   *
   * @throws IllegalArgumentException naming the lead and the stage, and listing the funnel's stages
   */
  public void checkStagesOf(Lead lead) {
    requireNonNull(lead, "lead");
    for (StageVisit visit : lead.history()) {
      checkArgument(
          stagesById.containsKey(visit.stageId()),
          "lead '%s' was in stage '%s', which funnel '%s' does not have; its stages are %s",
          lead.id(),
          visit.stageId(),
          name,
          stageIds());
    }
  }

  /**
   * Returns the stage with the given id.
   *
   * @throws IllegalArgumentException if there is no such stage; the message lists the known ids
   */
  public Stage stage(String stageId) {
    Stage stage = stagesById.get(requireNonNull(stageId, "stageId"));
    if (stage == null) {
      throw new IllegalArgumentException(
          String.format(
              "unknown stage '%s' in funnel '%s'; known stages: %s", stageId, name, stageIds()));
    }
    return stage;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Funnel other && name.equals(other.name) && stages.equals(other.stages);
  }

  @Override
  public int hashCode() {
    return 31 * name.hashCode() + stages.hashCode();
  }

  @Override
  public String toString() {
    return "Funnel[" + name + ": " + String.join(" → ", stageIds()) + "]";
  }

  /**
   * Collects the stages of a funnel in order and validates each one as it is added.
   *
   * <p>Not thread-safe. {@link #build()} may be called more than once; each call returns an
   * independent funnel.
   */
  public static final class Builder {
    private final String name;
    private final Map<String, Stage> stages = new LinkedHashMap<>();

    private Builder(String name) {
      requireNonNull(name, "name");
      checkArgument(!name.isBlank(), "funnel name must not be blank: '%s'", name);
      this.name = name;
    }

    /**
     * Appends a stage; its order is its position in this funnel.
     *
     * @throws IllegalArgumentException if a stage with the same id was already added, or the
     *     definition is invalid (blank id or name, probability outside [0, 1])
     */
    public Builder stage(Stage.Builder definition) {
      requireNonNull(definition, "definition");
      Stage stage = definition.build(stages.size());
      checkArgument(
          !stages.containsKey(stage.id()),
          "duplicate stage id '%s' in funnel '%s'",
          stage.id(),
          name);
      stages.put(stage.id(), stage);
      return this;
    }

    /**
     * Returns the funnel.
     *
     * @throws IllegalStateException if no stage was added, every stage is terminal, or the first or
     *     last stage that is not lost is optional
     */
    public Funnel build() {
      checkState(!stages.isEmpty(), "funnel '%s' has no stages", name);
      checkState(
          stages.values().stream().anyMatch(s -> !s.isTerminal()),
          "funnel '%s' needs at least one open stage; it has only %s",
          name,
          stages.keySet());
      // Conversion is measured from the first counted stage to the last, so both must be passed
      // by every lead that is counted at all.
      List<Stage> counted =
          stages.values().stream().filter(s -> s.kind() != StageKind.LOST).toList();
      checkState(
          !counted.get(0).optional(),
          "the first stage of funnel '%s' cannot be optional: '%s'",
          name,
          counted.get(0).id());
      checkState(
          !counted.get(counted.size() - 1).optional(),
          "the last stage of funnel '%s' that is not lost cannot be optional: '%s'",
          name,
          counted.get(counted.size() - 1).id());
      return new Funnel(name, ImmutableList.copyOf(stages.values()));
    }
  }
}
