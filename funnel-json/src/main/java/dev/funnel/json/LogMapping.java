package dev.funnel.json;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.funnel.events.WindowFunnel;
import dev.funnel.model.Funnel;
import dev.funnel.model.Stage;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A funnel and how the rows of a log map onto its stages: what {@code funnel report} reads from its
 * funnel file, and what an application measuring a log against a funnel needs to say.
 *
 * <p>A log of <b>stage changes</b> ({@code subject,time,stage}) names the stage in each row, so it
 * needs nothing more. A log of <b>events</b> ({@code subject,time,event}) needs, for each stage,
 * the event names that count for it and optionally a condition on other columns ({@code "where"},
 * in the syntax of funnel-io's {@code EventFilter}, kept here as text), and a window: how long a
 * subject has from its first stage to its last. Either may name a column to break the funnel down
 * by ({@code segment}).
 *
 * <p>Immutable and thread-safe.
 */
public final class LogMapping {
  /** The kind of log the funnel is measured on. */
  public enum Input {
    /** Raw events: a window funnel over event names. */
    EVENTS("events"),
    /** Stage changes of leads: a funnel over stage histories. */
    STAGE_CHANGES("stage-changes");

    private final String json;

    Input(String json) {
      this.json = json;
    }

    /** Returns the name of the kind in JSON: {@code events} or {@code stage-changes}. */
    public String json() {
      return json;
    }
  }

  private final Funnel funnel;
  private final Input input;
  private final Optional<Duration> window;
  private final Optional<String> segment;
  private final ImmutableMap<String, ImmutableList<String>> events;
  private final ImmutableMap<String, String> where;

  private LogMapping(Builder builder) {
    this.funnel = builder.funnel;
    this.input = builder.input;
    this.window = Optional.ofNullable(builder.window);
    this.segment = Optional.ofNullable(builder.segment);
    this.events = ImmutableMap.copyOf(builder.events);
    this.where = ImmutableMap.copyOf(builder.where);
  }

  /**
   * Starts a mapping of an event log onto {@code funnel}, whose stages must all be open and at most
   * {@value WindowFunnel#MAX_STEPS}; {@code window} is at least a millisecond.
   *
   * @throws IllegalArgumentException if the funnel has a won or lost stage or too many stages, or
   *     the window is shorter than a millisecond
   */
  public static Builder events(Funnel funnel, Duration window) {
    requireNonNull(funnel, "funnel");
    requireNonNull(window, "window");
    checkArgument(window.toMillis() > 0, "a window is at least one millisecond: %s", window);
    checkArgument(
        funnel.size() <= WindowFunnel.MAX_STEPS,
        "a funnel over events has at most %s stages; '%s' has %s",
        WindowFunnel.MAX_STEPS,
        funnel.name(),
        funnel.size());
    for (Stage stage : funnel.stages()) {
      checkArgument(
          !stage.isTerminal(),
          "a funnel over events has open stages only, its steps; '%s' is %s",
          stage.id(),
          stage.kind());
    }
    return new Builder(funnel, Input.EVENTS, window);
  }

  /** Starts a mapping of a log of stage changes onto {@code funnel}. */
  public static Builder stageChanges(Funnel funnel) {
    return new Builder(requireNonNull(funnel, "funnel"), Input.STAGE_CHANGES, null);
  }

  /** Returns the funnel. */
  public Funnel funnel() {
    return funnel;
  }

  /** Returns the kind of log. */
  public Input input() {
    return input;
  }

  /** Returns how long a subject has from its first stage to its last; events only. */
  public Optional<Duration> window() {
    return window;
  }

  /** Returns the column to break the funnel down by, if any. */
  public Optional<String> segment() {
    return segment;
  }

  /** Returns the event names that count for the stage; empty for a log of stage changes. */
  public ImmutableList<String> events(String stageId) {
    funnel.stage(stageId);
    return events.getOrDefault(stageId, ImmutableList.of());
  }

  /** Returns the condition on other columns that the stage's events must meet, if any. */
  public Optional<String> where(String stageId) {
    funnel.stage(stageId);
    return Optional.ofNullable(where.get(stageId));
  }

  /** Two mappings are equal when every part is. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof LogMapping other
        && funnel.equals(other.funnel)
        && input == other.input
        && window.equals(other.window)
        && segment.equals(other.segment)
        && events.equals(other.events)
        && where.equals(other.where);
  }

  @Override
  public int hashCode() {
    return Objects.hash(funnel, input, window, segment, events, where);
  }

  @Override
  public String toString() {
    return "LogMapping[" + funnel.name() + ", " + input.json + ", events=" + events + "]";
  }

  /** Collects the mapping. Not thread-safe. */
  public static final class Builder {
    private final Funnel funnel;
    private final Input input;
    private final @Nullable Duration window;
    private @Nullable String segment;
    private final Map<String, ImmutableList<String>> events = new LinkedHashMap<>();
    private final Map<String, String> where = new LinkedHashMap<>();

    private Builder(Funnel funnel, Input input, @Nullable Duration window) {
      this.funnel = funnel;
      this.input = input;
      this.window = window;
    }

    /**
     * Breaks the funnel down by this column.
     *
     * @throws IllegalArgumentException if the column is blank
     */
    public Builder segment(String column) {
      requireNonNull(column, "column");
      checkArgument(!column.isBlank(), "a segment names a column, not a blank: '%s'", column);
      this.segment = column;
      return this;
    }

    /**
     * Says which event names count for the stage.
     *
     * @throws IllegalArgumentException if this maps stage changes, the funnel has no such stage
     *     (the message lists them), or no name or a blank one is given
     */
    public Builder events(String stageId, List<String> eventNames) {
      requireNonNull(eventNames, "eventNames");
      checkEvents("events");
      funnel.stage(stageId);
      checkArgument(!eventNames.isEmpty(), "stage '%s' needs at least one event name", stageId);
      for (String name : eventNames) {
        checkArgument(
            !requireNonNull(name, "event name").isBlank(),
            "event names of stage '%s' must not be blank: %s",
            stageId,
            eventNames);
      }
      events.put(stageId, ImmutableList.copyOf(eventNames));
      return this;
    }

    /**
     * Says which condition on other columns the stage's events must meet, such as {@code price >
     * 100}; its syntax is funnel-io's, which checks it.
     *
     * @throws IllegalArgumentException if this maps stage changes, the funnel has no such stage, or
     *     the condition is blank
     */
    public Builder where(String stageId, String condition) {
      requireNonNull(condition, "condition");
      checkEvents("where");
      funnel.stage(stageId);
      checkArgument(!condition.isBlank(), "the condition of stage '%s' is blank", stageId);
      where.put(stageId, condition);
      return this;
    }

    private void checkEvents(String what) {
      checkArgument(
          input == Input.EVENTS,
          "\"%s\" is for a log of events; in a log of stage changes the stage column names the"
              + " stage",
          what);
    }

    /**
     * Returns the mapping.
     *
     * @throws IllegalStateException if a stage of an event funnel has no events (the message names
     *     them)
     */
    public LogMapping build() {
      if (input == Input.EVENTS) {
        List<String> missing =
            funnel.stageIds().stream().filter(id -> !events.containsKey(id)).toList();
        if (!missing.isEmpty()) {
          throw new IllegalStateException(
              "every stage of a funnel over events needs its event names; these have none: "
                  + missing);
        }
      }
      return new LogMapping(this);
    }
  }
}
