package dev.funnel.json;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.google.common.collect.ImmutableBiMap;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.funnel.json.JsonInput.Mark;
import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.rules.Criterion;
import dev.funnel.rules.TransitionEngine;
import dev.funnel.rules.TransitionRule;
import dev.funnel.scoring.Activity;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Writes and reads funnels, transition engines (a funnel with its rule set), leads with their full
 * history, and activities as JSON documents.
 *
 * <pre>{@code
 * FunnelJson json = FunnelJson.builder()
 *     .rule("credit check", creditCheck)          // a rule of your own, written by this name
 *     .build();
 * String text = json.write(engine);
 * TransitionEngine same = json.readEngine(text);  // equal to engine
 * }</pre>
 *
 * <p>Every document is an object that begins with {@code "schemaVersion"} ({@value
 * #SCHEMA_VERSION}), followed by its content: {@code "funnel"}; {@code "funnel"} then {@code
 * "rules"} and {@code "rulesInto"}; {@code "leads"}; or {@code "activities"}. The README has a full
 * example of each. Reading is strict: malformed JSON, another schema version, unknown fields,
 * repeated keys, nulls, values of the wrong type and values the library refuses (a win probability
 * of 1.5, a stage the funnel lacks) are each a {@link FunnelJsonException} naming the line, the
 * column, the path and the value; a document that fails to read returns nothing and changes
 * nothing.
 *
 * <p>Built-in rules and criteria are written as their factory and arguments ({@link
 * dev.funnel.rules.RuleDefinition}), so that an engine read back is {@linkplain
 * TransitionEngine#equals equal} to the one written; rules and criteria of your own are code and
 * are written by the name they are registered under, which the reader needs registered too. The
 * engine's clock is not written: one read back uses the system clock.
 *
 * <p>Immutable and thread-safe.
 */
public final class FunnelJson {
  /** The schema version this library writes, and the only one it reads. */
  public static final int SCHEMA_VERSION = 1;

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          // A second "winProbability" must not silently win over the first.
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private static final FunnelJson STANDARD = builder().build();

  private final RulesJson rules;
  private final ImmutableMap<String, TransitionRule> customRules;

  private FunnelJson(Builder builder) {
    this.customRules = ImmutableMap.copyOf(builder.rules);
    this.rules =
        new RulesJson(ImmutableBiMap.copyOf(builder.rules), ImmutableMap.copyOf(builder.criteria));
  }

  /** Returns a reader and writer of the built-in rules and criteria only. */
  public static FunnelJson standard() {
    return STANDARD;
  }

  /** Starts a reader and writer to which rules and criteria of your own can be registered. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the funnel as a document: {@code {"schemaVersion": 1, "funnel": {…}}}. */
  public String write(Funnel funnel) {
    requireNonNull(funnel, "funnel");
    return toText(out -> write(funnel, out));
  }

  /** Writes the funnel as a document to {@code out}, which stays open. */
  public void write(Funnel funnel, Writer out) {
    requireNonNull(funnel, "funnel");
    document(
        out,
        json -> {
          json.writeFieldName("funnel");
          ModelJson.write(json, funnel);
        });
  }

  /**
   * Returns the engine as a document: its funnel, its rules and its rules into each stage.
   *
   * @throws IllegalArgumentException if a rule or criterion is neither built in nor registered
   */
  public String write(TransitionEngine engine) {
    requireNonNull(engine, "engine");
    return toText(out -> write(engine, out));
  }

  /**
   * Writes the engine as a document to {@code out}, which stays open.
   *
   * @throws IllegalArgumentException if a rule or criterion is neither built in nor registered;
   *     then part of the document may have been written
   */
  public void write(TransitionEngine engine, Writer out) {
    requireNonNull(engine, "engine");
    document(
        out,
        json -> {
          json.writeFieldName("funnel");
          ModelJson.write(json, engine.funnel());
          if (!engine.rules().isEmpty()) {
            json.writeArrayFieldStart("rules");
            for (TransitionRule rule : engine.rules()) {
              rules.write(json, rule);
            }
            json.writeEndArray();
          }
          if (!engine.rulesInto().isEmpty()) {
            json.writeObjectFieldStart("rulesInto");
            for (Map.Entry<String, Collection<TransitionRule>> stage :
                engine.rulesInto().asMap().entrySet()) {
              json.writeArrayFieldStart(stage.getKey());
              for (TransitionRule rule : stage.getValue()) {
                rules.write(json, rule);
              }
              json.writeEndArray();
            }
            json.writeEndObject();
          }
        });
  }

  /** Returns the leads, each with its whole history, as a document. */
  public String writeLeads(Collection<Lead> leads) {
    requireNonNull(leads, "leads");
    return toText(out -> writeLeads(leads, out));
  }

  /** Writes the leads as a document to {@code out}, which stays open. */
  public void writeLeads(Collection<Lead> leads, Writer out) {
    requireNonNull(leads, "leads");
    document(
        out,
        json -> {
          json.writeArrayFieldStart("leads");
          for (Lead lead : leads) {
            ModelJson.write(json, requireNonNull(lead, "lead"));
          }
          json.writeEndArray();
        });
  }

  /** Returns the activities, in their order, as a document. */
  public String writeActivities(Collection<Activity> activities) {
    requireNonNull(activities, "activities");
    return toText(out -> writeActivities(activities, out));
  }

  /** Writes the activities as a document to {@code out}, which stays open. */
  public void writeActivities(Collection<Activity> activities, Writer out) {
    requireNonNull(activities, "activities");
    document(
        out,
        json -> {
          json.writeArrayFieldStart("activities");
          for (Activity activity : activities) {
            ModelJson.write(json, requireNonNull(activity, "activity"));
          }
          json.writeEndArray();
        });
  }

  /**
   * Reads a funnel document.
   *
   * @throws FunnelJsonException if the document is not one, naming where and why
   */
  public Funnel readFunnel(String json) {
    return readFunnel(new StringReader(requireNonNull(json, "json")));
  }

  /**
   * Reads a funnel document from {@code in}, which stays open.
   *
   * @throws FunnelJsonException if the document is not one, naming where and why
   * @throws UncheckedIOException if {@code in} cannot be read
   */
  public Funnel readFunnel(Reader in) {
    return read(
        in,
        (json, at) -> {
          Funnel funnel = null;
          for (String field = json.nextField(); field != null; field = json.nextField()) {
            if (!field.equals("funnel")) {
              throw json.unknownField(field, List.of("schemaVersion", "funnel"));
            }
            funnel = ModelJson.readFunnel(json);
          }
          if (funnel == null) {
            throw JsonInput.missing(at, "a funnel document", "funnel");
          }
          return funnel;
        });
  }

  /**
   * Reads an engine document: a funnel with its rules.
   *
   * @throws FunnelJsonException if the document is not one, naming where and why
   */
  public TransitionEngine readEngine(String json) {
    return readEngine(new StringReader(requireNonNull(json, "json")));
  }

  /**
   * Reads an engine document from {@code in}, which stays open.
   *
   * @throws FunnelJsonException if the document is not one, naming where and why
   * @throws UncheckedIOException if {@code in} cannot be read
   */
  public TransitionEngine readEngine(Reader in) {
    return read(
        in,
        (json, at) -> {
          TransitionEngine.Builder engine = null;
          Funnel funnel = null;
          for (String field = json.nextField(); field != null; field = json.nextField()) {
            if (field.equals("funnel")) {
              funnel = ModelJson.readFunnel(json);
              engine = TransitionEngine.builder(funnel);
              continue;
            }
            if (engine == null || funnel == null) {
              if (!List.of("rules", "rulesInto").contains(field)) {
                throw json.unknownField(
                    field, List.of("schemaVersion", "funnel", "rules", "rulesInto"));
              }
              throw json.error("\"funnel\" comes before \"" + field + "\", which refers to it");
            }
            TransitionEngine.Builder builder = engine;
            Funnel stages = funnel;
            switch (field) {
              case "rules" -> json.list(() -> builder.rule(rules.readRule(json, stages)));
              case "rulesInto" -> {
                json.startObject("the rules into each stage");
                for (String stage = json.nextField(); stage != null; stage = json.nextField()) {
                  String stageId = stage;
                  Mark list = json.mark();
                  JsonInput.check(list, () -> stages.stage(stageId));
                  json.list(() -> builder.ruleInto(stageId, rules.readRule(json, stages)));
                }
              }
              default ->
                  throw json.unknownField(
                      field, List.of("schemaVersion", "funnel", "rules", "rulesInto"));
            }
          }
          if (engine == null) {
            throw JsonInput.missing(at, "an engine document", "funnel");
          }
          return engine.build();
        });
  }

  /**
   * Reads a document of leads.
   *
   * @throws FunnelJsonException if the document is not one, naming where and why
   */
  public ImmutableList<Lead> readLeads(String json) {
    return readLeads(new StringReader(requireNonNull(json, "json")));
  }

  /**
   * Reads a document of leads from {@code in}, which stays open.
   *
   * @throws FunnelJsonException if the document is not one, naming where and why
   * @throws UncheckedIOException if {@code in} cannot be read
   */
  public ImmutableList<Lead> readLeads(Reader in) {
    return read(in, (json, at) -> readList(json, at, "leads", () -> ModelJson.readLead(json)));
  }

  /**
   * Reads a document of activities.
   *
   * @throws FunnelJsonException if the document is not one, naming where and why
   */
  public ImmutableList<Activity> readActivities(String json) {
    return readActivities(new StringReader(requireNonNull(json, "json")));
  }

  /**
   * Reads a document of activities from {@code in}, which stays open.
   *
   * @throws FunnelJsonException if the document is not one, naming where and why
   * @throws UncheckedIOException if {@code in} cannot be read
   */
  public ImmutableList<Activity> readActivities(Reader in) {
    return read(
        in, (json, at) -> readList(json, at, "activities", () -> ModelJson.readActivity(json)));
  }

  private static <T> ImmutableList<T> readList(
      JsonInput json, Mark at, String name, Supplier<T> element) {
    ImmutableList<T> list = null;
    for (String field = json.nextField(); field != null; field = json.nextField()) {
      if (!field.equals(name)) {
        throw json.unknownField(field, List.of("schemaVersion", name));
      }
      list = json.list(element);
    }
    if (list == null) {
      throw JsonInput.missing(at, "a document of " + name, name);
    }
    return list;
  }

  @Override
  public String toString() {
    return "FunnelJson[schemaVersion="
        + SCHEMA_VERSION
        + ", custom rules="
        + customRules.keySet()
        + "]";
  }

  private interface Content {
    void write(JsonGenerator json) throws IOException;
  }

  private interface Body<T> {
    T read(JsonInput json, Mark document);
  }

  private static String toText(Consumer<Writer> write) {
    StringWriter text = new StringWriter();
    write.accept(text);
    return text.toString();
  }

  private static void document(Writer out, Content content) {
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      json.useDefaultPrettyPrinter();
      json.writeStartObject();
      json.writeNumberField("schemaVersion", SCHEMA_VERSION);
      content.write(json);
      json.writeEndObject();
      json.flush();
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T read(Reader in, Body<T> body) {
    requireNonNull(in, "in");
    try (JsonParser parser = FACTORY.createParser(in)) {
      parser.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
      JsonInput json = new JsonInput(parser);
      Mark document = json.startDocument();
      String first = json.nextField();
      if (!"schemaVersion".equals(first)) {
        throw JsonInput.error(
            document,
            "a document begins with \"schemaVersion\": "
                + SCHEMA_VERSION
                + (first == null ? "" : "; this one begins with \"" + first + "\""),
            null);
      }
      int version = json.integer();
      if (version != SCHEMA_VERSION) {
        throw json.error(
            version > SCHEMA_VERSION
                ? "schemaVersion "
                    + version
                    + " is newer than this funnel-json, which reads "
                    + SCHEMA_VERSION
                    + "; read it with a newer funnel-json"
                : "schemaVersion " + version + " does not exist; versions start at 1");
      }
      T value = body.read(json, document);
      json.endDocument();
      return value;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Collects the rules and criteria of your own. Not thread-safe. */
  public static final class Builder {
    private final Map<String, TransitionRule> rules = new LinkedHashMap<>();
    private final Map<String, Criterion> criteria = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Registers a rule of your own under {@code name}: written as {@code {"rule": "custom", "name":
     * NAME}}, and that read back as this very rule.
     *
     * @throws IllegalArgumentException if the name is blank or taken, the rule is registered
     *     already, or it is a built-in rule (which is written as itself)
     */
    public Builder rule(String name, TransitionRule rule) {
      requireNonNull(name, "name");
      requireNonNull(rule, "rule");
      checkArgument(!name.isBlank(), "a rule's name must not be blank: '%s'", name);
      checkArgument(!rules.containsKey(name), "a rule is registered as '%s' already", name);
      checkArgument(
          !rules.containsValue(rule), "the rule %s is registered already, as another name", rule);
      checkArgument(
          rule.definition().isEmpty(),
          "%s is a built-in rule, written as itself; register only rules of your own",
          rule);
      rules.put(name, rule);
      return this;
    }

    /**
     * Registers a criterion of your own under its name: written as {@code {"criterion": "custom",
     * "name": NAME}}, and that read back as this very criterion.
     *
     * @throws IllegalArgumentException if a criterion of that name is registered already, or it is
     *     a built-in criterion
     */
    public Builder criterion(Criterion criterion) {
      requireNonNull(criterion, "criterion");
      checkArgument(
          !criteria.containsKey(criterion.name()),
          "a criterion is registered as '%s' already",
          criterion.name());
      checkArgument(
          criterion.definition().isEmpty(),
          "%s is a built-in criterion, written as itself; register only criteria of your own",
          criterion);
      criteria.put(criterion.name(), criterion);
      return this;
    }

    /** Returns the reader and writer. */
    public FunnelJson build() {
      return new FunnelJson(this);
    }
  }
}
