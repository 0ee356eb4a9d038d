package dev.funnel.cli;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.funnel.events.WindowFunnel;
import dev.funnel.io.EventFilter;
import dev.funnel.json.FunnelJson;
import dev.funnel.json.FunnelJsonException;
import dev.funnel.json.LogMapping;
import dev.funnel.model.Funnel;
import dev.funnel.model.Stage;
import dev.funnel.model.StageKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A funnel definition as read from its file, a funnel-json document (one format, one reader: {@link
 * FunnelJson#readLogMapping}): the funnel, and how the log maps onto its stages.
 *
 * <pre>{@code
 * {
 *   "schemaVersion": 1,
 *   "funnel": {
 *     "name": "Online store",
 *     "stages": [ { "id": "visit", "name": "Visited" }, { "id": "buy", "name": "Purchased" } ]
 *   },
 *   "log": {
 *     "input": "events",               // or "stage-changes"; default "events"
 *     "window": "P7D",                 // ISO-8601 duration; events only
 *     "segment": "source",             // optional: a column to break the funnel down by
 *     "events": { "visit": ["page_view", "landing"], "buy": ["purchase"] },
 *     "where": { "buy": "price > 100" } // optional: conditions on other columns
 *   }
 * }
 * }</pre>
 *
 * <p>Without {@code "log"}, or with {@code "input": "stage-changes"}, the funnel is measured on a
 * log of stage changes, each stage with its kind ({@code "open"}, {@code "won"}, {@code "lost"}) as
 * funnel-json reads it. The same type holds a funnel given on the command line ({@link #inline}).
 *
 * @param name the funnel's name, shown as the report's title
 * @param input the kind of log
 * @param window for event logs, how long a subject has from its first step to its last
 * @param segmentColumn the CSV column the report breaks the funnel down by, if any
 * @param steps the steps, top first
 */
record FunnelDefinition(
    String name,
    Input input,
    Optional<Duration> window,
    Optional<String> segmentColumn,
    ImmutableList<Step> steps) {

  /** The kind of log a funnel is built from. */
  enum Input {
    /** Raw events ({@code subject,time,event}): a window funnel over event names. */
    EVENTS("events"),
    /** Stage changes of leads ({@code subject,time,stage}): a funnel over stage histories. */
    STAGE_CHANGES("stage-changes");

    private final String json;

    Input(String json) {
      this.json = json;
    }

    /** The CSV column that holds the event name or stage id. */
    String column() {
      return this == EVENTS ? "event" : "stage";
    }

    @Override
    public String toString() {
      return json;
    }
  }

  /**
   * One step.
   *
   * @param id the id, unique in the funnel
   * @param name the display name (the id when not given)
   * @param filter for event logs, the rows that count for the step: their events and conditions
   * @param kind for stage-change logs, whether the stage is open, won or lost
   */
  record Step(String id, String name, @Nullable EventFilter filter, StageKind kind) {
    /** The event names that count for the step; none for a stage. */
    ImmutableList<String> events() {
      return filter == null ? ImmutableList.of() : filter.events().asList();
    }
  }

  private static final Pattern WHERE = Pattern.compile("(?i)\\s+where\\s+");

  /**
   * Reads a definition: a funnel-json document with the funnel and how the log maps onto it ({@link
   * LogMapping}); without {@code "log"} the funnel is measured on a log of stage changes.
   *
   * @param file the file's name, for messages
   * @throws InputException if the JSON is malformed or describes no valid funnel; the problem
   *     carries the line and column
   * @throws IOException if the stream cannot be read
   */
  /** funnel-json, with funnel-io's syntax checked in each condition as the file is read. */
  private static final FunnelJson JSON =
      FunnelJson.builder().conditions(condition -> EventFilter.of("any").where(condition)).build();

  static FunnelDefinition read(String file, InputStream in) throws InputException, IOException {
    LogMapping log;
    try {
      log = JSON.readLogMapping(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (FunnelJsonException e) {
      throw new InputException(new Problem(file, e.line(), e.column(), at(e.path()) + e.problem()));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    Funnel funnel = log.funnel();
    List<JsonStep> steps = new ArrayList<>();
    for (Stage stage : funnel.stages()) {
      boolean events = log.input() == LogMapping.Input.EVENTS;
      steps.add(
          new JsonStep(
              stage.id(),
              stage.name(),
              events ? log.events(stage.id()) : null,
              log.where(stage.id()).orElse(null),
              events ? null : stage.kind().name().toLowerCase(Locale.ROOT)));
    }
    try {
      return fromJson(
          funnel.name(),
          log.input().json(),
          log.window().map(Duration::toString).orElse(null),
          log.segment().orElse(null),
          steps);
    } catch (IllegalArgumentException e) {
      // funnel-json checked every part at its place, conditions included; what is left is the
      // definition as a whole.
      throw new InputException(new Problem(file, 0, 0, Problem.messageOf(e)));
    }
  }

  private static String at(String path) {
    return path.isEmpty() ? "" : "at " + path + ": ";
  }

  /** Builds and validates a definition from its parts, as read or as given on the command line. */
  private static FunnelDefinition fromJson(
      @Nullable String name,
      @Nullable String input,
      @Nullable String window,
      @Nullable String segment,
      @Nullable List<JsonStep> steps) {
    checkArgument(name != null && !name.isBlank(), "the funnel needs a \"name\"");
    Input kind = parseInput(input);
    checkArgument(
        steps != null && !steps.isEmpty(),
        "the funnel needs \"steps\": a list of at least one step");
    checkArgument(
        segment == null || !segment.isBlank(), "\"segment\" must name a CSV column, not be blank");
    Optional<Duration> windowLength = Optional.ofNullable(window).map(FunnelDefinition::duration);
    if (kind == Input.EVENTS) {
      checkArgument(
          windowLength.isPresent(),
          "a funnel over events needs a \"window\", an ISO-8601 duration such as \"P7D\"");
      checkArgument(
          steps.size() <= WindowFunnel.MAX_STEPS,
          "a funnel over events has at most %s steps; this one has %s",
          WindowFunnel.MAX_STEPS,
          steps.size());
    } else {
      checkArgument(
          windowLength.isEmpty(),
          "a funnel over stage changes takes no \"window\" (found \"%s\"): a lead's history is"
              + " its order",
          window);
    }
    Set<String> ids = new HashSet<>();
    ImmutableList.Builder<Step> built = ImmutableList.builder();
    for (int i = 0; i < steps.size(); i++) {
      JsonStep step = steps.get(i);
      checkArgument(step != null, "step %s is null", i + 1);
      String label = "step " + (i + 1) + (step.id == null ? "" : " ('" + step.id + "')");
      checkArgument(step.id != null && !step.id.isBlank(), "%s needs an \"id\"", label);
      checkArgument(ids.add(step.id), "%s: the id '%s' is used twice", label, step.id);
      String displayName = step.name == null || step.name.isBlank() ? step.id : step.name;
      if (kind == Input.EVENTS) {
        checkArgument(
            step.events != null && !step.events.isEmpty(),
            "%s needs \"events\": the event names that count for it",
            label);
        checkArgument(
            step.events.stream().allMatch(e -> e != null && !e.isBlank()),
            "%s: event names must not be blank: %s",
            label,
            step.events);
        checkArgument(step.kind == null, "%s: \"kind\" is for stage-change funnels only", label);
        EventFilter filter = EventFilter.of(step.events);
        if (step.where != null) {
          try {
            filter = filter.where(step.where);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(label + ": \"where\": " + e.getMessage(), e);
          }
        }
        built.add(new Step(step.id, displayName, filter, StageKind.OPEN));
      } else {
        checkArgument(
            step.events == null,
            "%s: \"events\" is for event funnels; in a stage-change log the stage column names"
                + " the stage",
            label);
        checkArgument(step.where == null, "%s: \"where\" is for event funnels only", label);
        built.add(new Step(step.id, displayName, null, parseKind(label, step.kind)));
      }
    }
    return new FunnelDefinition(
        name, kind, windowLength, Optional.ofNullable(segment), built.build());
  }

  /** A step as read or given, before validation. */
  record JsonStep(
      @Nullable String id,
      @Nullable String name,
      @Nullable List<String> events,
      @Nullable String where,
      @Nullable String kind) {}

  private static Input parseInput(@Nullable String input) {
    if (input == null) {
      return Input.EVENTS;
    }
    for (Input kind : Input.values()) {
      if (kind.json.equals(input)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "unknown \"input\" '" + input + "'; expected \"events\" or \"stage-changes\"");
  }

  private static StageKind parseKind(String label, @Nullable String kind) {
    if (kind == null) {
      return StageKind.OPEN;
    }
    return switch (kind) {
      case "open" -> StageKind.OPEN;
      case "won" -> StageKind.WON;
      case "lost" -> StageKind.LOST;
      default ->
          throw new IllegalArgumentException(
              label + ": unknown \"kind\" '" + kind + "'; expected \"open\", \"won\" or \"lost\"");
    };
  }

  private static Duration duration(String text) {
    Duration d;
    try {
      d = Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "\"window\" is not an ISO-8601 duration such as \"P7D\" or \"PT30M\": '" + text + "'");
    }
    checkArgument(
        !d.isNegative() && !d.isZero() && d.toMillis() > 0,
        "\"window\" must be at least one millisecond: '%s'",
        text);
    return d;
  }

  /**
   * Builds a definition of an event funnel from the command line: steps written {@code
   * NAME=EVENT[,EVENT…][ where CONDITION[ and CONDITION…]]} ({@link EventFilter#parse}; the name is
   * the step's id and display name; without {@code =} the step is its one event), a window such as
   * {@code 7d}, {@code 12h}, {@code 30m}, {@code 90s}, {@code 2w} or an ISO-8601 duration, and an
   * optional segment column.
   *
   * @throws IllegalArgumentException naming the option and the value, if one is wrong
   */
  static FunnelDefinition inline(
      String name, List<String> steps, String window, Optional<String> segment) {
    List<JsonStep> parsed = new ArrayList<>();
    for (String step : steps) {
      int equals = step.indexOf('=');
      String id = (equals < 0 ? step : step.substring(0, equals)).strip();
      checkArgument(
          !WHERE.matcher(id).find(),
          "--step '%s' has conditions, so it needs a name: NAME=EVENT where …",
          step);
      String events = equals < 0 ? step : step.substring(equals + 1);
      checkArgument(!id.isEmpty(), "--step '%s' has no name before '='", step);
      String[] parts = WHERE.split(events, 2);
      List<String> names = Arrays.stream(parts[0].split(",", -1)).map(String::strip).toList();
      checkArgument(
          names.stream().noneMatch(String::isEmpty),
          "--step '%s' has an empty event name; write NAME=EVENT[,EVENT…][ where CONDITION]",
          step);
      parsed.add(new JsonStep(id, id, names, parts.length == 2 ? parts[1] : null, null));
    }
    String iso = isoDuration(window);
    duration("--window", window);
    return fromJson(name, null, iso, segment.orElse(null), parsed);
  }

  /**
   * A duration option of the command line ({@code --window}, {@code --max-gap}): {@code 7d}, {@code
   * 12h}, {@code 30m}, {@code 90s}, {@code 2w} or ISO-8601, at least a millisecond.
   *
   * @throws IllegalArgumentException naming the option and the value, if it is none of them
   */
  static Duration duration(String option, String text) {
    Duration d;
    try {
      d = Duration.parse(isoDuration(text));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          option + " '" + text + "' is not a duration such as 7d, 12h, 30m, 90s or P7D", e);
    }
    checkArgument(d.toMillis() > 0, "%s must be at least one millisecond: '%s'", option, text);
    return d;
  }

  /** Returns this definition broken down by {@code column} instead of its own segment. */
  FunnelDefinition withSegmentColumn(String column) {
    checkArgument(!column.isBlank(), "--segment-column must name a column, not be blank");
    return new FunnelDefinition(name, input, window, Optional.of(column), steps);
  }

  /** A window as the command line takes it ({@code 7d}, {@code PT30M}), as ISO-8601. */
  private static String isoDuration(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    Matcher m = Pattern.compile("(\\d+)\\s*([wdhms])").matcher(t);
    if (!m.matches()) {
      return text.strip().toUpperCase(Locale.ROOT);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "w" -> "P" + (7 * n) + "D";
      case "d" -> "P" + n + "D";
      case "h" -> "PT" + n + "H";
      case "m" -> "PT" + n + "M";
      default -> "PT" + n + "S";
    };
  }

  /** Returns the step with the given id, or empty. */
  Optional<Step> step(String id) {
    return steps.stream().filter(s -> s.id().equals(id)).findFirst();
  }
}
