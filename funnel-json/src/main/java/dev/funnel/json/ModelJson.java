package dev.funnel.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.google.common.collect.ImmutableList;
import dev.funnel.json.JsonInput.Mark;
import dev.funnel.model.Attributes;
import dev.funnel.model.ForecastCategory;
import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.Stage;
import dev.funnel.model.StageKind;
import dev.funnel.model.StageVisit;
import dev.funnel.scoring.Activity;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** Funnels, stages, leads, visits, activities and attributes, written and read. */
final class ModelJson {
  private ModelJson() {}

  private static final List<String> FUNNEL_FIELDS = List.of("name", "stages");
  private static final List<String> STAGE_FIELDS =
      List.of("id", "name", "kind", "winProbability", "forecastCategory", "guidance", "optional");
  private static final List<String> LEAD_FIELDS =
      List.of("id", "value", "source", "segment", "lostReason", "attributes", "history");
  private static final List<String> VISIT_FIELDS = List.of("stage", "entered", "exited", "reason");
  private static final List<String> ACTIVITY_FIELDS = List.of("type", "at", "properties");
  private static final List<String> TIME_FIELDS = List.of("time");
  private static final List<String> LOG_FIELDS =
      List.of("input", "window", "segment", "events", "where");

  /** How a log maps onto the funnel; nothing for a log of stage changes without a segment. */
  static void write(JsonGenerator out, LogMapping log) throws IOException {
    out.writeStartObject();
    out.writeStringField("input", log.input().json());
    if (log.window().isPresent()) {
      out.writeStringField("window", log.window().get().toString());
    }
    if (log.segment().isPresent()) {
      out.writeStringField("segment", log.segment().get());
    }
    if (log.input() == LogMapping.Input.EVENTS) {
      out.writeObjectFieldStart("events");
      for (String stage : log.funnel().stageIds()) {
        out.writeFieldName(stage);
        out.writeStartArray();
        for (String event : log.events(stage)) {
          out.writeString(event);
        }
        out.writeEndArray();
      }
      out.writeEndObject();
      boolean any = false;
      for (String stage : log.funnel().stageIds()) {
        if (log.where(stage).isPresent()) {
          if (!any) {
            out.writeObjectFieldStart("where");
            any = true;
          }
          out.writeStringField(stage, log.where(stage).get());
        }
      }
      if (any) {
        out.writeEndObject();
      }
    }
    out.writeEndObject();
  }

  static LogMapping readLog(JsonInput in, Funnel funnel, Consumer<String> conditionCheck) {
    Mark at = in.startObject("how the log maps onto the funnel");
    LogMapping.Input input = LogMapping.Input.EVENTS;
    Mark inputAt = at;
    java.time.Duration window = null;
    Mark windowAt = at;
    String segment = null;
    Mark segmentAt = at;
    Map<String, Placed<List<String>>> events = new LinkedHashMap<>();
    Map<String, Placed<String>> where = new LinkedHashMap<>();
    for (String field = in.nextField(); field != null; field = in.nextField()) {
      switch (field) {
        case "input" -> {
          inputAt = in.mark();
          String text = in.text();
          input = null;
          for (LogMapping.Input kind : LogMapping.Input.values()) {
            if (kind.json().equals(text)) {
              input = kind;
            }
          }
          if (input == null) {
            throw in.error(
                "unknown \"input\" '" + text + "'; expected \"events\" or \"stage-changes\"");
          }
        }
        case "window" -> {
          windowAt = in.mark();
          window = in.duration();
        }
        case "segment" -> {
          segmentAt = in.mark();
          segment = in.text();
        }
        case "events" -> {
          in.startObject("the events of each stage");
          for (String stage = in.nextField(); stage != null; stage = in.nextField()) {
            Mark place = in.mark();
            events.put(stage, new Placed<>(in.texts(), place));
          }
        }
        case "where" -> {
          in.startObject("the conditions of each stage");
          for (String stage = in.nextField(); stage != null; stage = in.nextField()) {
            Mark place = in.mark();
            where.put(stage, new Placed<>(in.text(), place));
          }
        }
        default -> throw in.unknownField(field, LOG_FIELDS);
      }
    }
    LogMapping.Builder log;
    if (input == LogMapping.Input.EVENTS) {
      if (window == null) {
        throw JsonInput.missing(
            at, "a funnel over events (\"input\": \"events\", the default)", "window");
      }
      java.time.Duration length = window;
      log = JsonInput.check(windowAt, () -> LogMapping.events(funnel, length));
    } else {
      if (window != null) {
        throw JsonInput.error(
            windowAt,
            "a funnel over stage changes takes no \"window\": a lead's history is its order",
            null);
      }
      log = LogMapping.stageChanges(funnel);
      checkNone(inputAt, events.isEmpty() && where.isEmpty());
    }
    LogMapping.Builder mapping = log;
    if (segment != null) {
      String column = segment;
      JsonInput.check(segmentAt, () -> mapping.segment(column));
    }
    events.forEach(
        (stage, names) -> JsonInput.check(names.at(), () -> mapping.events(stage, names.value())));
    where.forEach(
        (stage, condition) ->
            JsonInput.check(
                condition.at(),
                () -> {
                  conditionCheck.accept(condition.value());
                  return mapping.where(stage, condition.value());
                }));
    return JsonInput.check(at, mapping::build);
  }

  /** A value read and the place it was read at, for a check made once the object is whole. */
  private record Placed<T>(T value, Mark at) {}

  private static void checkNone(Mark at, boolean none) {
    if (!none) {
      throw JsonInput.error(
          at,
          "\"events\" and \"where\" are for a log of events; in a log of stage changes the stage"
              + " column names the stage",
          null);
    }
  }

  static void write(JsonGenerator out, Funnel funnel) throws IOException {
    out.writeStartObject();
    out.writeStringField("name", funnel.name());
    out.writeArrayFieldStart("stages");
    for (Stage stage : funnel.stages()) {
      write(out, stage);
    }
    out.writeEndArray();
    out.writeEndObject();
  }

  /** A stage with what differs from its kind's defaults, which the reader restores. */
  private static void write(JsonGenerator out, Stage stage) throws IOException {
    out.writeStartObject();
    out.writeStringField("id", stage.id());
    if (!stage.name().equals(stage.id())) {
      out.writeStringField("name", stage.name());
    }
    out.writeStringField("kind", stage.kind().name().toLowerCase(Locale.ROOT));
    if (stage.kind() == StageKind.OPEN) {
      if (stage.winProbability().isPresent()) {
        out.writeNumberField("winProbability", stage.winProbability().getAsDouble());
      }
      if (stage.forecastCategory().isPresent()) {
        out.writeStringField("forecastCategory", category(stage.forecastCategory().get()));
      }
    }
    if (!stage.guidance().isEmpty()) {
      out.writeStringField("guidance", stage.guidance());
    }
    if (stage.optional()) {
      out.writeBooleanField("optional", true);
    }
    out.writeEndObject();
  }

  static Funnel readFunnel(JsonInput in) {
    Mark at = in.startObject("the funnel");
    Funnel.@Nullable Builder funnel = null;
    boolean stages = false;
    for (String field = in.nextField(); field != null; field = in.nextField()) {
      switch (field) {
        case "name" -> {
          String name = in.text();
          funnel = in.check(() -> Funnel.builder(name));
        }
        case "stages" -> {
          if (funnel == null) {
            throw in.error("\"name\" comes before \"stages\" in a funnel");
          }
          Funnel.Builder named = funnel;
          in.list(() -> readStage(in, named));
          stages = true;
        }
        default -> throw in.unknownField(field, FUNNEL_FIELDS);
      }
    }
    if (funnel == null) {
      throw JsonInput.missing(at, "a funnel", "name");
    }
    if (!stages) {
      throw JsonInput.missing(at, "a funnel", "stages");
    }
    return JsonInput.check(at, funnel::build);
  }

  private static Funnel.Builder readStage(JsonInput in, Funnel.Builder funnel) {
    Mark at = in.startObject("a stage");
    @Nullable String id = null;
    @Nullable String name = null;
    StageKind kind = StageKind.OPEN;
    @Nullable Double winProbability = null;
    @Nullable ForecastCategory category = null;
    @Nullable String guidance = null;
    boolean optional = false;
    for (String field = in.nextField(); field != null; field = in.nextField()) {
      switch (field) {
        case "id" -> id = in.text();
        case "name" -> name = in.text();
        case "kind" -> kind = kind(in);
        case "winProbability" -> winProbability = in.number();
        case "forecastCategory" -> category = category(in);
        case "guidance" -> guidance = in.text();
        case "optional" -> optional = in.bool();
        default -> throw in.unknownField(field, STAGE_FIELDS);
      }
    }
    if (id == null) {
      throw JsonInput.missing(at, "a stage", "id");
    }
    String stageId = id;
    StageKind stageKind = kind;
    Stage.Builder stage =
        JsonInput.check(
            at,
            () ->
                switch (stageKind) {
                  case OPEN -> Stage.open(stageId);
                  case WON -> Stage.won(stageId);
                  case LOST -> Stage.lost(stageId);
                });
    if (name != null) {
      stage.name(name);
    }
    if (winProbability != null) {
      stage.winProbability(winProbability);
    }
    if (category != null) {
      stage.forecastCategory(category);
    }
    if (guidance != null) {
      stage.guidance(guidance);
    }
    if (optional) {
      stage.optional();
    }
    return JsonInput.check(at, () -> funnel.stage(stage));
  }

  private static StageKind kind(JsonInput in) {
    String text = in.text();
    for (StageKind kind : StageKind.values()) {
      if (kind.name().toLowerCase(Locale.ROOT).equals(text)) {
        return kind;
      }
    }
    throw in.error("unknown stage kind '" + text + "'; the kinds are open, won, lost");
  }

  private static String category(ForecastCategory category) {
    return category.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static ForecastCategory category(JsonInput in) {
    String text = in.text();
    List<String> known = new ArrayList<>();
    for (ForecastCategory category : ForecastCategory.values()) {
      if (category(category).equals(text)) {
        return category;
      }
      known.add(category(category));
    }
    throw in.error(
        "unknown forecast category '" + text + "'; the categories are " + String.join(", ", known));
  }

  static void write(JsonGenerator out, Lead lead) throws IOException {
    out.writeStartObject();
    out.writeStringField("id", lead.id());
    out.writeFieldName("value");
    // A JSON number keeps the value's digits and scale: 1200.50 reads back as 1200.50.
    out.writeNumber(lead.value());
    writeText(out, "source", lead.source());
    writeText(out, "segment", lead.segment());
    writeText(out, "lostReason", lead.lostReason());
    if (lead.attributes().size() > 0) {
      out.writeFieldName("attributes");
      write(out, lead.attributes());
    }
    out.writeArrayFieldStart("history");
    for (StageVisit visit : lead.history()) {
      out.writeStartObject();
      out.writeStringField("stage", visit.stageId());
      out.writeStringField("entered", visit.entered().toString());
      if (visit.exited().isPresent()) {
        out.writeStringField("exited", visit.exited().get().toString());
      }
      out.writeStringField("reason", visit.reason());
      out.writeEndObject();
    }
    out.writeEndArray();
    out.writeEndObject();
  }

  private static void writeText(JsonGenerator out, String name, Optional<String> value)
      throws IOException {
    if (value.isPresent()) {
      out.writeStringField(name, value.get());
    }
  }

  static Lead readLead(JsonInput in) {
    Mark at = in.startObject("a lead");
    Lead.@Nullable Builder lead = null;
    boolean history = false;
    for (String field = in.nextField(); field != null; field = in.nextField()) {
      if (field.equals("id")) {
        String id = in.text();
        lead = in.check(() -> Lead.builder(id));
        continue;
      }
      if (lead == null) {
        throw in.error("\"id\" comes first in a lead");
      }
      Lead.Builder named = lead;
      switch (field) {
        case "value" -> in.check(() -> named.value(in.decimal()));
        case "source" -> named.source(in.text());
        case "segment" -> named.segment(in.text());
        case "lostReason" -> named.lostReason(in.text());
        case "attributes" -> named.attributes(readAttributes(in));
        case "history" -> {
          ImmutableList<StageVisit> visits = in.list(() -> readVisit(in));
          named.history(visits);
          history = true;
        }
        default -> throw in.unknownField(field, LEAD_FIELDS);
      }
    }
    if (lead == null) {
      throw JsonInput.missing(at, "a lead", "id");
    }
    if (!history) {
      throw JsonInput.missing(at, "a lead", "history");
    }
    return JsonInput.check(at, lead::build);
  }

  private static StageVisit readVisit(JsonInput in) {
    Mark at = in.startObject("a stage visit");
    @Nullable String stage = null;
    @Nullable Instant entered = null;
    @Nullable Instant exited = null;
    @Nullable String reason = null;
    for (String field = in.nextField(); field != null; field = in.nextField()) {
      switch (field) {
        case "stage" -> stage = in.text();
        case "entered" -> entered = in.time();
        case "exited" -> exited = in.time();
        case "reason" -> reason = in.text();
        default -> throw in.unknownField(field, VISIT_FIELDS);
      }
    }
    if (stage == null) {
      throw JsonInput.missing(at, "a stage visit", "stage");
    }
    if (entered == null) {
      throw JsonInput.missing(at, "a stage visit", "entered");
    }
    String stageId = stage;
    Instant start = entered;
    Optional<Instant> end = Optional.ofNullable(exited);
    String why = reason == null ? "" : reason;
    return JsonInput.check(at, () -> new StageVisit(stageId, start, end, why));
  }

  static void write(JsonGenerator out, Activity activity) throws IOException {
    out.writeStartObject();
    out.writeStringField("type", activity.type());
    out.writeStringField("at", activity.at().toString());
    if (activity.properties().size() > 0) {
      out.writeFieldName("properties");
      write(out, activity.properties());
    }
    out.writeEndObject();
  }

  static Activity readActivity(JsonInput in) {
    Mark at = in.startObject("an activity");
    @Nullable String type = null;
    @Nullable Instant time = null;
    Attributes properties = Attributes.empty();
    for (String field = in.nextField(); field != null; field = in.nextField()) {
      switch (field) {
        case "type" -> type = in.text();
        case "at" -> time = in.time();
        case "properties" -> properties = readAttributes(in);
        default -> throw in.unknownField(field, ACTIVITY_FIELDS);
      }
    }
    if (type == null) {
      throw JsonInput.missing(at, "an activity", "type");
    }
    if (time == null) {
      throw JsonInput.missing(at, "an activity", "at");
    }
    String activityType = type;
    Instant when = time;
    Attributes props = properties;
    return JsonInput.check(at, () -> new Activity(activityType, when, props));
  }

  /**
   * Text, number and boolean attributes as JSON's own strings, numbers and booleans; a time as
   * {@code {"time": "2026-01-31T09:30:00Z"}}, so that it never reads back as text.
   */
  static void write(JsonGenerator out, Attributes attributes) throws IOException {
    out.writeStartObject();
    for (String name : attributes.names()) {
      out.writeFieldName(name);
      switch (attributes.typeOf(name).orElseThrow()) {
        case TEXT -> out.writeString(attributes.text(name).orElseThrow());
        case NUMBER -> out.writeNumber(attributes.number(name).orElseThrow());
        case BOOLEAN -> out.writeBoolean(attributes.bool(name).orElseThrow());
        case TIME -> {
          out.writeStartObject();
          out.writeStringField("time", attributes.time(name).orElseThrow().toString());
          out.writeEndObject();
        }
      }
    }
    out.writeEndObject();
  }

  static Attributes readAttributes(JsonInput in) {
    in.startObject("attributes");
    Attributes.Builder attributes = Attributes.builder();
    for (String name = in.nextField(); name != null; name = in.nextField()) {
      String key = name;
      switch (in.token()) {
        case VALUE_STRING -> {
          String text = in.text();
          in.check(() -> attributes.put(key, text));
        }
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
          double number = in.number();
          in.check(() -> attributes.put(key, number));
        }
        case VALUE_TRUE, VALUE_FALSE -> {
          boolean bool = in.bool();
          in.check(() -> attributes.put(key, bool));
        }
        case START_OBJECT -> {
          Instant time = readTime(in);
          in.check(() -> attributes.put(key, time));
        }
        default ->
            throw in.error(
                "an attribute is a string, a number, true or false, or {\"time\": \"…\"}");
      }
    }
    return attributes.build();
  }

  private static Instant readTime(JsonInput in) {
    Mark at = in.startObject("a time");
    @Nullable Instant time = null;
    for (String field = in.nextField(); field != null; field = in.nextField()) {
      if (!field.equals("time")) {
        throw in.unknownField(field, TIME_FIELDS);
      }
      time = in.time();
    }
    if (time == null) {
      throw JsonInput.missing(at, "a time attribute", "time");
    }
    return time;
  }
}
