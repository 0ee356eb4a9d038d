package dev.funnel.model;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One stage of a {@link Funnel}: an id that is unique in its funnel, a display name, its position
 * in the funnel, whether it is open or a terminal outcome, and the planning metadata that forecasts
 * use.
 *
 * <p>Stages are created through {@link Funnel.Builder}, which assigns {@link #order()} from the
 * position in the funnel: {@code Funnel.builder("sales").stage(Stage.open("lead").name("New
 * lead").winProbability(0.1))}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id unique within its funnel; what leads and rules refer to
 * @param name what people read
 * @param order zero-based position in the funnel; later stages have larger orders
 * @param kind open, won or lost
 * @param winProbability default probability that a deal in this stage is won, in [0, 1]; a won
 *     stage is always 1 and a lost stage always 0
 * @param forecastCategory the forecast bucket of deals in this stage, if the funnel forecasts
 * @param guidance what a seller should do in this stage (may be empty)
 * @param optional whether leads may skip this stage; counts then include only the leads that
 *     were actually in it, instead of every lead that got past it
 */
public record Stage(
    String id,
    String name,
    int order,
    StageKind kind,
    OptionalDouble winProbability,
    Optional<ForecastCategory> forecastCategory,
    String guidance,
    boolean optional) {

  /**
   * Validates every component.
   *
   * @throws IllegalArgumentException if the id or name is blank, the id starts or ends with
   *     blanks, the order negative, the win probability outside [0, 1] or in conflict with the
   *     kind, the forecast category in conflict with the kind (won is {@code CLOSED}, lost {@code
   *     OMITTED}, open anything but {@code CLOSED}), or a won or lost stage is optional
   * @throws NullPointerException if any component is null
   */
  public Stage {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(kind, "kind");
    requireNonNull(winProbability, "winProbability");
    requireNonNull(forecastCategory, "forecastCategory");
    requireNonNull(guidance, "guidance");
    checkArgument(!id.isBlank(), "stage id must not be blank: '%s'", id);
    // ' won' and 'won' would be two stages that every reader takes for one.
    checkArgument(
        id.strip().equals(id), "stage id must not start or end with blanks: '%s'", id);
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
          p >= 0.0 && p <= 1.0,
          "win probability must be in [0, 1] for stage '%s': %s",
          id,
          p);
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
  }

  /** Returns whether this stage ends the journey (won or lost). */
  public boolean isTerminal() {
    return kind.isTerminal();
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
     * without entering it is not counted in it, and the conversion into the next stage is
     * measured from the last required stage before it.
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
