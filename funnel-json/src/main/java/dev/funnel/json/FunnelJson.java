package dev.funnel.json;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.google.common.collect.ImmutableList;
import dev.funnel.json.JsonInput.Mark;
import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.rules.Criterion;
import dev.funnel.rules.TransitionEngine;
import dev.funnel.rules.TransitionRule;
import dev.funnel.scoring.Activity;
import dev.funnel.scoring.EngagementRule;
import dev.funnel.scoring.EngagementScoring;
import dev.funnel.scoring.Feature;
import dev.funnel.scoring.FitRule;
import dev.funnel.scoring.FitScorer;
import dev.funnel.scoring.LeadScorer;
import dev.funnel.scoring.LogisticModel;
import dev.funnel.scoring.NaiveBayesModel;
import dev.funnel.scoring.TrackerSnapshot;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Writes and reads funnels, transition engines (a funnel with its rule set), leads with their full
 * history, activities, fit scorers, engagement rule sets, trained logistic and naive Bayes models,
 * and engagement tracker snapshots as JSON documents.
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
 * "rules"} and {@code "rulesInto"}; {@code "funnel"} then {@code "log"} (how a log maps onto it,
 * {@link LogMapping}: the funnel file of {@code funnel report}); {@code "leads"}; {@code
 * "activities"}; {@code "fitScorer"}; {@code "engagementScoring"}; {@code "logisticModel"}; {@code
 * "funnel"} then {@code "naiveBayesModel"}; or {@code "engagementScoring"} then {@code "tracker"}.
 * The README has a full example of each. Reading is strict: malformed JSON, another schema version,
 * unknown fields, repeated keys, nulls, values of the wrong type and values the library refuses (a
 * win probability of 1.5, a stage the funnel lacks) are each a {@link FunnelJsonException} naming
 * the line, the column, the path and the value; a document that fails to read returns nothing and
 * changes nothing.
 *
 * <p>Built-in rules and criteria are written as their factory and arguments ({@link
 * dev.funnel.rules.RuleDefinition}), so that an engine read back is {@linkplain
 * TransitionEngine#equals equal} to the one written; rules and criteria of your own are code and
 * are written by the name they are registered under, which the reader needs registered too (as are
 * fit rules from predicates, features and team functions of naive Bayes models, the bases of
 * logistic models other than fit scorers, and engagement rules with conditions in code). A model
 * read back scores every lead as the one written; an engine's clock is not written, and one read
 * back uses the system clock.
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
  private final ScoringJson scoring;
  private final Consumer<String> conditionCheck;

  private FunnelJson(Builder builder) {
    this.conditionCheck = builder.conditionCheck;
    this.rules =
        new RulesJson(
            new Registered<>("rule", builder.rules),
            new Registered<>("criterion", builder.criteria),
            new Registered<>("fit rule", builder.fitRules),
            new Registered<>("feature", builder.features));
    this.scoring =
        new ScoringJson(
            rules,
            new Registered<>("scorer", builder.scorers),
            new Registered<>("engagement rule", builder.engagementRules),
            new Registered<>("team function", builder.teams));
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

  /** Returns the fit scorer (declared attributes and rules) as a document. */
  public String write(FitScorer scorer) {
    requireNonNull(scorer, "scorer");
    return toText(out -> write(scorer, out));
  }

  /**
   * Writes the fit scorer as a document to {@code out}, which stays open.
   *
   * @throws IllegalArgumentException if a rule from a predicate is not registered
   */
  public void write(FitScorer scorer, Writer out) {
    requireNonNull(scorer, "scorer");
    document(out, json -> section(json, "fitScorer", () -> scoring.write(json, scorer)));
  }

  /**
   * Returns the logistic model (its base scorer, intercept and coefficients) as a document.
   *
   * @throws IllegalArgumentException if the base is neither a fit scorer nor registered
   */
  public String write(LogisticModel model) {
    requireNonNull(model, "model");
    return toText(out -> write(model, out));
  }

  /**
   * Writes the logistic model as a document to {@code out}, which stays open.
   *
   * @throws IllegalArgumentException if the base is neither a fit scorer nor registered
   */
  public void write(LogisticModel model, Writer out) {
    requireNonNull(model, "model");
    document(out, json -> section(json, "logisticModel", () -> scoring.write(json, model)));
  }

  /** Returns the engagement rule set (rules and caps) as a document. */
  public String write(EngagementScoring engagement) {
    requireNonNull(engagement, "engagement");
    return toText(out -> write(engagement, out));
  }

  /**
   * Writes the engagement rule set as a document to {@code out}, which stays open.
   *
   * @throws IllegalArgumentException if a rule with conditions in code is not registered
   */
  public void write(EngagementScoring engagement, Writer out) {
    requireNonNull(engagement, "engagement");
    document(
        out, json -> section(json, "engagementScoring", () -> scoring.write(json, engagement)));
  }

  /**
   * Returns the trained naive Bayes model as a document: its funnel, features, settings and the
   * counts it learned, from which it is rebuilt without the closed leads.
   *
   * @throws IllegalArgumentException if a feature or the team function is code and not registered
   */
  public String write(NaiveBayesModel model) {
    requireNonNull(model, "model");
    return toText(out -> write(model, out));
  }

  /**
   * Writes the naive Bayes model as a document to {@code out}, which stays open.
   *
   * @throws IllegalArgumentException if a feature or the team function is code and not registered
   */
  public void write(NaiveBayesModel model, Writer out) {
    requireNonNull(model, "model");
    document(
        out,
        json -> {
          section(json, "funnel", () -> ModelJson.write(json, model.funnel()));
          section(json, "naiveBayesModel", () -> scoring.write(json, model));
        });
  }

  /**
   * Returns the tracker's snapshot as a document: its engagement rule set, then what it remembers
   * of each lead.
   *
   * @throws IllegalArgumentException if a rule with conditions in code is not registered
   */
  public String write(TrackerSnapshot snapshot) {
    requireNonNull(snapshot, "snapshot");
    return toText(out -> write(snapshot, out));
  }

  /**
   * Writes the tracker's snapshot as a document to {@code out}, which stays open.
   *
   * @throws IllegalArgumentException if a rule with conditions in code is not registered
   */
  public void write(TrackerSnapshot snapshot, Writer out) {
    requireNonNull(snapshot, "snapshot");
    document(
        out,
        json -> {
          section(json, "engagementScoring", () -> scoring.write(json, snapshot.scoring()));
          section(json, "tracker", () -> scoring.write(json, snapshot));
        });
  }

  /**
   * Reads a tracker snapshot document; {@link dev.funnel.scoring.EngagementTracker#restore} makes
   * the tracker.
   *
   * @throws FunnelJsonException if the document is not one, naming where and why
   */
  public TrackerSnapshot readTrackerSnapshot(String json) {
    return readTrackerSnapshot(new StringReader(requireNonNull(json, "json")));
  }

  /**
   * Reads a tracker snapshot document from {@code in}, which stays open.
   *
   * @throws FunnelJsonException if the document is not one, naming where and why
   * @throws UncheckedIOException if {@code in} cannot be read
   */
  public TrackerSnapshot readTrackerSnapshot(Reader in) {
    return read(
        in,
        (json, at) -> {
          EngagementScoring engagement = null;
          TrackerSnapshot snapshot = null;
          List<String> fields = List.of("schemaVersion", "engagementScoring", "tracker");
          for (String field = json.nextField(); field != null; field = json.nextField()) {
            if (field.equals("engagementScoring") && engagement == null) {
              engagement = scoring.readEngagementScoring(json);
            } else if (field.equals("tracker")) {
              if (engagement == null) {
                throw json.error(
                    "\"engagementScoring\" comes before \"tracker\", whose rules it names");
              }
              snapshot = scoring.readTrackerSnapshot(json, engagement);
            } else {
              throw json.unknownField(field, fields);
            }
          }
          if (snapshot == null) {
            throw JsonInput.missing(at, "a tracker snapshot document", "tracker");
          }
          return snapshot;
        });
  }

  /**
   * Reads a fit scorer document.
   *
   * @throws FunnelJsonException if the document is not one, naming where and why
   */
  public FitScorer readFitScorer(String json) {
    return readFitScorer(new StringReader(requireNonNull(json, "json")));
  }

  /**
   * Reads a fit scorer document from {@code in}, which stays open.
   *
   * @throws FunnelJsonException if the document is not one, naming where and why
   * @throws UncheckedIOException if {@code in} cannot be read
   */
  public FitScorer readFitScorer(Reader in) {
    return read(in, (json, at) -> readOne(json, at, "fitScorer", scoring::readFitScorer));
  }

  /**
   * Reads a logistic model document.
   *
   * @throws FunnelJsonException if the document is not one, naming where and why
   */
  public LogisticModel readLogisticModel(String json) {
    return readLogisticModel(new StringReader(requireNonNull(json, "json")));
  }

  /**
   * Reads a logistic model document from {@code in}, which stays open.
   *
   * @throws FunnelJsonException if the document is not one, naming where and why
   * @throws UncheckedIOException if {@code in} cannot be read
   */
  public LogisticModel readLogisticModel(Reader in) {
    return read(in, (json, at) -> readOne(json, at, "logisticModel", scoring::readLogisticModel));
  }

  /**
   * Reads an engagement rule set document.
   *
   * @throws FunnelJsonException if the document is not one, naming where and why
   */
  public EngagementScoring readEngagementScoring(String json) {
    return readEngagementScoring(new StringReader(requireNonNull(json, "json")));
  }

  /**
   * Reads an engagement rule set document from {@code in}, which stays open.
   *
   * @throws FunnelJsonException if the document is not one, naming where and why
   * @throws UncheckedIOException if {@code in} cannot be read
   */
  public EngagementScoring readEngagementScoring(Reader in) {
    return read(
        in, (json, at) -> readOne(json, at, "engagementScoring", scoring::readEngagementScoring));
  }

  /**
   * Reads a naive Bayes model document.
   *
   * @throws FunnelJsonException if the document is not one, naming where and why
   */
  public NaiveBayesModel readNaiveBayesModel(String json) {
    return readNaiveBayesModel(new StringReader(requireNonNull(json, "json")));
  }

  /**
   * Reads a naive Bayes model document from {@code in}, which stays open.
   *
   * @throws FunnelJsonException if the document is not one, naming where and why
   * @throws UncheckedIOException if {@code in} cannot be read
   */
  public NaiveBayesModel readNaiveBayesModel(Reader in) {
    return read(
        in,
        (json, at) -> {
          Funnel funnel = null;
          NaiveBayesModel model = null;
          List<String> fields = List.of("schemaVersion", "funnel", "naiveBayesModel");
          for (String field = json.nextField(); field != null; field = json.nextField()) {
            if (field.equals("funnel") && funnel == null) {
              funnel = ModelJson.readFunnel(json);
            } else if (field.equals("naiveBayesModel")) {
              if (funnel == null) {
                throw json.error(
                    "\"funnel\" comes before \"naiveBayesModel\", which counts its stages");
              }
              model = scoring.readNaiveBayesModel(json, funnel);
            } else {
              throw json.unknownField(field, fields);
            }
          }
          if (model == null) {
            throw JsonInput.missing(at, "a naive Bayes model document", "naiveBayesModel");
          }
          return model;
        });
  }

  /**
   * Returns the funnel and how a log maps onto it as a document: the funnel file of {@code funnel
   * report}, {@code {"schemaVersion": 1, "funnel": {…}, "log": {…}}}.
   */
  public String write(LogMapping log) {
    requireNonNull(log, "log");
    return toText(out -> write(log, out));
  }

  /**
   * Writes the funnel and how a log maps onto it as a document to {@code out}, which stays open.
   */
  public void write(LogMapping log, Writer out) {
    requireNonNull(log, "log");
    document(
        out,
        json -> {
          section(json, "funnel", () -> ModelJson.write(json, log.funnel()));
          section(json, "log", () -> ModelJson.write(json, log));
        });
  }

  /**
   * Reads a funnel and how a log maps onto it: a document with {@code "funnel"} and, for a log of
   * events, {@code "log"}; a document without {@code "log"} maps a log of stage changes.
   *
   * @throws FunnelJsonException if the document is not one, naming where and why
   */
  public LogMapping readLogMapping(String json) {
    return readLogMapping(new StringReader(requireNonNull(json, "json")));
  }

  /**
   * Reads a funnel and how a log maps onto it from {@code in}, which stays open.
   *
   * @throws FunnelJsonException if the document is not one, naming where and why
   * @throws UncheckedIOException if {@code in} cannot be read
   */
  public LogMapping readLogMapping(Reader in) {
    return read(
        in,
        (json, at) -> {
          Funnel funnel = null;
          LogMapping log = null;
          List<String> fields = List.of("schemaVersion", "funnel", "log");
          for (String field = json.nextField(); field != null; field = json.nextField()) {
            if (field.equals("funnel") && funnel == null) {
              funnel = ModelJson.readFunnel(json);
            } else if (field.equals("log")) {
              if (funnel == null) {
                throw json.error("\"funnel\" comes before \"log\", which maps onto its stages");
              }
              log = ModelJson.readLog(json, funnel, conditionCheck);
            } else {
              throw json.unknownField(field, fields);
            }
          }
          if (funnel == null) {
            throw JsonInput.missing(at, "a funnel document", "funnel");
          }
          return log != null ? log : LogMapping.stageChanges(funnel).build();
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
            if (field.equals("log") && funnel != null) {
              // How a log maps onto the funnel: checked, and left to readLogMapping.
              ModelJson.readLog(json, funnel, conditionCheck);
            } else if (field.equals("funnel")) {
              funnel = ModelJson.readFunnel(json);
            } else {
              throw json.unknownField(field, List.of("schemaVersion", "funnel", "log"));
            }
          }
          if (funnel == null) {
            throw JsonInput.missing(at, "a funnel document", "funnel");
          }
          return funnel;
        });
  }

  /**
   * Reads an engine document: a funnel with its rules. The engine moves leads "now" by the system
   * clock in UTC; {@link #readEngine(String, Clock)} gives it another.
   *
   * @throws FunnelJsonException if the document is not one, naming where and why
   */
  public TransitionEngine readEngine(String json) {
    return readEngine(json, Clock.systemUTC());
  }

  /**
   * Reads an engine document whose engine tells the time by {@code clock} (a fixed clock in tests,
   * the application's own elsewhere): a clock is code, not data, so no document holds one.
   *
   * @throws FunnelJsonException if the document is not one, naming where and why
   */
  public TransitionEngine readEngine(String json, Clock clock) {
    return readEngine(new StringReader(requireNonNull(json, "json")), clock);
  }

  /**
   * Reads an engine document from {@code in}, which stays open; the engine uses the system clock in
   * UTC.
   *
   * @throws FunnelJsonException if the document is not one, naming where and why
   * @throws UncheckedIOException if {@code in} cannot be read
   */
  public TransitionEngine readEngine(Reader in) {
    return readEngine(in, Clock.systemUTC());
  }

  /**
   * Reads an engine document from {@code in}, which stays open, whose engine tells the time by
   * {@code clock}.
   *
   * @throws FunnelJsonException if the document is not one, naming where and why
   * @throws UncheckedIOException if {@code in} cannot be read
   */
  public TransitionEngine readEngine(Reader in, Clock clock) {
    requireNonNull(clock, "clock");
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
          return engine.clock(clock).build();
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
    return read(
        in, (json, at) -> readOne(json, at, "leads", j -> j.list(() -> ModelJson.readLead(j))));
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
        in,
        (json, at) ->
            readOne(json, at, "activities", j -> j.list(() -> ModelJson.readActivity(j))));
  }

  private interface Part {
    void write() throws IOException;
  }

  private static void section(JsonGenerator json, String name, Part part) throws IOException {
    json.writeFieldName(name);
    part.write();
  }

  /** Reads a document whose one part is {@code name}. */
  private static <T> T readOne(JsonInput json, Mark at, String name, Function<JsonInput, T> read) {
    T value = null;
    for (String field = json.nextField(); field != null; field = json.nextField()) {
      if (!field.equals(name)) {
        throw json.unknownField(field, List.of("schemaVersion", name));
      }
      value = read.apply(json);
    }
    if (value == null) {
      throw JsonInput.missing(at, "the document", name);
    }
    return value;
  }

  @Override
  public String toString() {
    return "FunnelJson[schemaVersion=" + SCHEMA_VERSION + "]";
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
    private final Map<String, FitRule> fitRules = new LinkedHashMap<>();
    private final Map<String, Feature> features = new LinkedHashMap<>();
    private final Map<String, LeadScorer> scorers = new LinkedHashMap<>();
    private final Map<String, EngagementRule> engagementRules = new LinkedHashMap<>();
    private final Map<String, Function<Lead, Optional<String>>> teams = new LinkedHashMap<>();
    private Consumer<String> conditionCheck = condition -> {};

    private Builder() {}

    /**
     * Sets a check of each {@code "where"} condition of a log mapping, run as it is read: a reader
     * of logs (funnel-io's {@code EventFilter}, say) knows the conditions' syntax, which this
     * module does not, and a condition the check refuses with an {@link IllegalArgumentException}
     * is reported as a {@link FunnelJsonException} at the condition's line, column and pointer. By
     * default every condition is accepted as text.
     */
    public Builder conditions(Consumer<String> check) {
      this.conditionCheck = requireNonNull(check, "check");
      return this;
    }

    /**
     * Registers a rule of your own under {@code name}: written as {@code {"rule": "custom", "name":
     * NAME}}, and that read back as this very rule.
     *
     * @throws IllegalArgumentException if the name is blank or taken, the rule is registered
     *     already, or it is a built-in rule (which is written as itself)
     */
    public Builder rule(String name, TransitionRule rule) {
      requireNonNull(rule, "rule");
      checkArgument(
          rule.definition().isEmpty(),
          "%s is a built-in rule, written as itself; register only rules of your own",
          rule);
      return register(rules, name, rule, "rule");
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
          criterion.definition().isEmpty(),
          "%s is a built-in criterion, written as itself; register only criteria of your own",
          criterion);
      return register(criteria, criterion.name(), criterion, "criterion");
    }

    /**
     * Registers a fit rule of your own ({@link FitRule#matching}) under its name: written as {@code
     * {"rule": "custom", "name": NAME, "points": P}}, and that read back as this rule with those
     * points.
     *
     * @throws IllegalArgumentException if a fit rule of that name is registered already, or it is a
     *     built-in fit rule
     */
    public Builder fitRule(FitRule rule) {
      requireNonNull(rule, "rule");
      checkArgument(
          rule.definition().isEmpty(),
          "%s is a built-in fit rule, written as itself; register only rules of your own",
          rule);
      return register(fitRules, rule.name(), rule, "fit rule");
    }

    /**
     * Registers a naive Bayes feature of your own ({@link Feature#of}) under its name.
     *
     * @throws IllegalArgumentException if a feature of that name is registered already, or it is a
     *     built-in feature
     */
    public Builder feature(Feature feature) {
      requireNonNull(feature, "feature");
      checkArgument(
          feature.definition().isEmpty(),
          "%s is a built-in feature, written as itself; register only features of your own",
          feature);
      return register(features, feature.name(), feature, "feature");
    }

    /**
     * Registers a scorer of your own under {@code name}, for logistic models whose base it is (a
     * {@link FitScorer} base is written as itself).
     *
     * @throws IllegalArgumentException if the name is blank or taken
     */
    public Builder scorer(String name, LeadScorer scorer) {
      return register(scorers, name, requireNonNull(scorer, "scorer"), "scorer");
    }

    /**
     * Registers an engagement rule with conditions in code ({@link
     * EngagementRule.Builder#where(java.util.function.Predicate)}) under its name: written as
     * {@code {"custom": NAME}}.
     *
     * @throws IllegalArgumentException if a rule of that name is registered already
     */
    public Builder engagementRule(EngagementRule rule) {
      requireNonNull(rule, "rule");
      return register(engagementRules, rule.name(), rule, "engagement rule");
    }

    /**
     * Registers the function that gives a lead's team in a naive Bayes model, under {@code name}.
     *
     * @throws IllegalArgumentException if the name is blank or taken
     */
    public Builder team(String name, Function<Lead, Optional<String>> team) {
      return register(teams, name, requireNonNull(team, "team"), "team function");
    }

    private <T> Builder register(Map<String, T> registry, String name, T value, String what) {
      requireNonNull(name, "name");
      checkArgument(!name.isBlank(), "a %s's name must not be blank: '%s'", what, name);
      checkArgument(!registry.containsKey(name), "a %s is registered as '%s' already", what, name);
      checkArgument(
          !registry.containsValue(value),
          "the %s %s is registered already, as another name",
          what,
          value);
      registry.put(name, value);
      return this;
    }

    /** Returns the reader and writer. */
    public FunnelJson build() {
      return new FunnelJson(this);
    }
  }
}
