package dev.funnel.model;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.base.MoreObjects;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/**
 * One stage of a {@link Funnel}: an id that is unique in its funnel, a display name, its position
 * in the funnel, whether it is open or a terminal outcome, and the planning metadata that forecasts
 * use.
 *
 * <p>Stages are created through {@link Funnel.Builder}, which assigns {@link #order()} from the
 * position in the funnel: {@code Funnel.builder("sales").stage(Stage.open("lead").name("New
 * lead").winProbability(0.1))}.
 *
 * <p>Immutable and thread-safe. Equal when every field is equal.
 */
public final class Stage {
  private final String id;
  private final String name;
  private final int order;
  private final StageKind kind;
  private final OptionalDouble winProbability;
  private final Optional<ForecastCategory> forecastCategory;
  private final String guidance;
  private final boolean optional;

  /**
   * Validates every field; only {@link Builder#build(int)} calls it, so that the order always is
   * the stage's position in its funnel.
   *
   * @throws IllegalArgumentException if the id or name is blank, the id starts or ends with blanks,
   *     the win probability outside [0, 1] or in conflict with the kind, the forecast category in
   *     conflict with the kind (won is {@code CLOSED}, lost {@code OMITTED}, open anything but
   *     {@code CLOSED}), or a won or lost stage is optional
   */
  private Stage(
      String id,
      String name,
      int order,
      StageKind kind,
      OptionalDouble winProbability,
      Optional<ForecastCategory> forecastCategory,
      String guidance,
      boolean optional) {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(kind, "kind");
    requireNonNull(winProbability, "winProbability");
    requireNonNull(forecastCategory, "forecastCategory");
    requireNonNull(guidance, "guidance");
    checkArgument(!id.isBlank(), "stage id must not be blank: '%s'", id);
    // ' won' and 'won' would be two stages that every reader takes for one.
    checkArgument(id.strip().equals(id), "stage id must not start or end with blanks: '%s'", id);
    checkArgument(!name.isBlank(), "stage name must not be blank for stage '%s'", id);
    checkArgument(order >= 0, "stage order must not be negative: %s", order);
    checkArgument(
        !optional || kind == StageKind.OPEN, "only open stages can be optional, not '%s'", id);
    forecastCategory.ifPresent(
        category ->
            checkArgument(
                kind == StageKind.WON
                    ? category == ForecastCategory.CLOSED
                    : kind == StageKind.LOST
                        ? category == ForecastCategory.OMITTED
                        : category != ForecastCategory.CLOSED,
                "forecast category %s does not fit the %s stage '%s': won stages are CLOSED, lost"
                    + " ones OMITTED, and open ones anything but CLOSED",
                category,
                kind,
                id));
    if (winProbability.isPresent()) {
      double p = winProbability.getAsDouble();
      checkArgument(
          p >= 0.0 && p <= 1.0, "win probability must be in [0, 1] for stage '%s': %s", id, p);
      checkArgument(
          kind != StageKind.WON || p == 1.0,
          "a won stage has win probability 1, stage '%s' was given %s",
          id,
          p);
      checkArgument(
          kind != StageKind.LOST || p == 0.0,
          "a lost stage has win probability 0, stage '%s' was given %s",
          id,
          p);
    }
    this.id = id;
    this.name = name;
    this.order = order;
    this.kind = kind;
    this.winProbability = winProbability;
    this.forecastCategory = forecastCategory;
    this.guidance = guidance;
    this.optional = optional;
  }

  /** Returns the stage's id: unique within its funnel, and what leads and rules refer to. */
  public String id() {
    return id;
  }

  /** Returns the name people read. */
  public String name() {
    return name;
  }

  /** Returns the zero-based position in the funnel; later stages have larger orders. */
  public int order() {
    return order;
  }

  /** Returns whether the stage is open, won or lost. */
  public StageKind kind() {
    return kind;
  }

  /**
   * Returns the default probability that a deal in this stage is won, in [0, 1], if one was set: a
   * won stage always has 1 and a lost stage always 0.
   */
  public OptionalDouble winProbability() {
    return winProbability;
  }

  /** Returns the forecast bucket of deals in this stage, if the funnel forecasts. */
  public Optional<ForecastCategory> forecastCategory() {
    return forecastCategory;
  }

  /** Returns what a seller should do in this stage (may be empty). */
  public String guidance() {
    return guidance;
  }

  /**
   * Returns whether leads may skip this stage; counts then include only the leads that were
   * actually in it, instead of every lead that got past it.
   */
  public boolean optional() {
    return optional;
  }

  /** Returns whether this stage ends the journey (won or lost). */
  public boolean isTerminal() {
    return kind.isTerminal();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Stage other)) {
      return false;
    }
    return id.equals(other.id)
        && name.equals(other.name)
        && order == other.order
        && kind == other.kind
        && winProbability.equals(other.winProbability)
        && forecastCategory.equals(other.forecastCategory)
        && guidance.equals(other.guidance)
        && optional == other.optional;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        id, name, order, kind, winProbability, forecastCategory, guidance, optional);
  }

  @Override
  public String toString() {
    return MoreObjects.toStringHelper(this)
        .add("id", id)
        .add("name", name)
        .add("order", order)
        .add("kind", kind)
        .add("winProbability", winProbability)
        .add("forecastCategory", forecastCategory)
        .add("guidance", guidance)
        .add("optional", optional)
        .toString();
  }

  /** Starts the definition of an open stage with the given id; its name defaults to the id. */
  public static Builder open(String id) {
    return new Builder(id, StageKind.OPEN);
  }

  /**
   * Starts the definition of a won outcome; its win probability is 1 and its forecast category
   * {@link ForecastCategory#CLOSED}.
   */
  public static Builder won(String id) {
    return new Builder(id, StageKind.WON)
        .winProbability(1.0)
        .forecastCategory(ForecastCategory.CLOSED);
  }

  /**
   * Starts the definition of a lost outcome; its win probability is 0 and its forecast category
   * {@link ForecastCategory#OMITTED}.
   */
  public static Builder lost(String id) {
    return new Builder(id, StageKind.LOST)
        .winProbability(0.0)
        .forecastCategory(ForecastCategory.OMITTED);
  }

  /**
   * The definition of a stage before it takes its place in a funnel. Pass it to {@link
   * Funnel.Builder#stage(Builder)}, which validates it and assigns its order at that moment.
   *
   * <p>Not thread-safe; meant to be used inline.
   */
  public static final class Builder {
    private final String id;
    private final StageKind kind;
    private String name;
    private OptionalDouble winProbability = OptionalDouble.empty();
    private Optional<ForecastCategory> forecastCategory = Optional.empty();
    private String guidance = "";
    private boolean optional;

    private Builder(String id, StageKind kind) {
      this.id = requireNonNull(id, "id");
      this.kind = kind;
      this.name = id;
    }

    /** Sets the display name (the id is used when none is given). */
    public Builder name(String name) {
      this.name = requireNonNull(name, "name");
      return this;
    }

    /** Sets the default probability, in [0, 1], that a deal in this stage is won. */
    public Builder winProbability(double probability) {
      this.winProbability = OptionalDouble.of(probability);
      return this;
    }

    /** Sets the forecast bucket of deals in this stage. */
    public Builder forecastCategory(ForecastCategory category) {
      this.forecastCategory = Optional.of(requireNonNull(category, "category"));
      return this;
    }

    /** Sets what a seller should do in this stage: its goal, its exit criteria, its checklist. */
    public Builder guidance(String guidance) {
      this.guidance = requireNonNull(guidance, "guidance");
      return this;
    }

    /**
     * Marks the stage as one leads may skip, such as an optional demo. A lead that got past it
     * without entering it is not counted in it, and the conversion into the next stage is measured
     * from the last required stage before it.
     */
    public Builder optional() {
      this.optional = true;
      return this;
    }

    Stage build(int order) {
      return new Stage(id, name, order, kind, winProbability, forecastCategory, guidance, optional);
    }
  }
}
