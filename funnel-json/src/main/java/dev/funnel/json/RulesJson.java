package dev.funnel.json;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSetMultimap;
import dev.funnel.json.JsonInput.Mark;
import dev.funnel.model.Funnel;
import dev.funnel.rules.Criterion;
import dev.funnel.rules.RuleDefinition;
import dev.funnel.rules.TransitionRule;
import dev.funnel.rules.TransitionRules;
import dev.funnel.rules.TransitionTable;
import dev.funnel.scoring.Decay;
import dev.funnel.scoring.Feature;
import dev.funnel.scoring.FitRule;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Everything with a {@link RuleDefinition} as JSON objects: transition rules, entry criteria, fit
 * rules, naive Bayes features and decays. Transition rules and entry criteria are {@code {"rule":
 * KIND, PARAMETER: VALUE, …}} and {@code {"criterion": KIND, …}}, where the kind and the parameters
 * are the factory's name and parameter names ({@link RuleDefinition}); a registered rule or
 * criterion is {@code {"rule": "custom", "name": NAME}}.
 */
final class RulesJson {
  private final Registered<TransitionRule> rules;
  private final Registered<Criterion> criteria;

  private final Registered<FitRule> fitRules;
  private final Registered<Feature> features;

  RulesJson(
      Registered<TransitionRule> rules,
      Registered<Criterion> criteria,
      Registered<FitRule> fitRules,
      Registered<Feature> features) {
    this.rules = rules;
    this.criteria = criteria;
    this.fitRules = fitRules;
    this.features = features;
  }

  /** What a parameter holds, and so how it is read. */
  private enum Type {
    WHOLE_NUMBER,
    NUMBER,
    NUMBERS,
    TEXT,
    TEXTS,
    DURATION,
    RULE,
    RULES,
    CRITERIA,
    ALLOWED_MOVES
  }

  private record Parameter(String name, Type type, boolean required) {}

  private static Parameter required(String name, Type type) {
    return new Parameter(name, type, true);
  }

  private static final ImmutableMap<String, ImmutableList<Parameter>> RULE_KINDS =
      ImmutableMap.<String, ImmutableList<Parameter>>builder()
          .put("forwardOnly", ImmutableList.of())
          .put("maxForwardSteps", ImmutableList.of(required("maxSteps", Type.WHOLE_NUMBER)))
          .put("maxBackwardSteps", ImmutableList.of(required("maxSteps", Type.WHOLE_NUMBER)))
          .put("terminalLock", ImmutableList.of(new Parameter("reopenPolicy", Type.RULE, false)))
          .put("reopenWithin", ImmutableList.of(required("window", Type.DURATION)))
          .put("entryCriteria", ImmutableList.of(required("criteria", Type.CRITERIA)))
          .put("requiredAttributes", ImmutableList.of(required("attributes", Type.TEXTS)))
          .put("minimumTimeInStage", ImmutableList.of(required("minimum", Type.DURATION)))
          .put("reasonRequired", ImmutableList.of())
          .put("lostReasonOneOf", ImmutableList.of(required("reasons", Type.TEXTS)))
          .put("allOf", ImmutableList.of(required("rules", Type.RULES)))
          .put("anyOf", ImmutableList.of(required("rules", Type.RULES)))
          .put(
              "not",
              ImmutableList.of(
                  required("negated", Type.RULE),
                  required("name", Type.TEXT),
                  required("message", Type.TEXT)))
          .put("transitionTable", ImmutableList.of(required("allowedMoves", Type.ALLOWED_MOVES)))
          .put("custom", ImmutableList.of(required("name", Type.TEXT)))
          .buildOrThrow();

  private static final ImmutableMap<String, ImmutableList<Parameter>> CRITERION_KINDS =
      ImmutableMap.<String, ImmutableList<Parameter>>builder()
          .put(
              "isTrue",
              ImmutableList.of(required("name", Type.TEXT), required("attribute", Type.TEXT)))
          .put(
              "present",
              ImmutableList.of(required("name", Type.TEXT), required("attribute", Type.TEXT)))
          .put(
              "atLeast",
              ImmutableList.of(
                  required("name", Type.TEXT),
                  required("attribute", Type.TEXT),
                  required("minimum", Type.NUMBER)))
          .put(
              "oneOf",
              ImmutableList.of(
                  required("name", Type.TEXT),
                  required("attribute", Type.TEXT),
                  required("values", Type.TEXTS)))
          .put("custom", ImmutableList.of(required("name", Type.TEXT)))
          .buildOrThrow();

  private static final ImmutableMap<String, ImmutableList<Parameter>> FIT_RULE_KINDS =
      ImmutableMap.<String, ImmutableList<Parameter>>builder()
          .put("equalTo", fitRule(required("value", Type.TEXT)))
          .put("oneOf", fitRule(required("values", Type.TEXTS)))
          .put(
              "between",
              fitRule(required("min", Type.NUMBER), required("maxExclusive", Type.NUMBER)))
          .put("atLeast", fitRule(required("min", Type.NUMBER)))
          .put("isTrue", fitRule())
          .put(
              "custom",
              ImmutableList.of(required("name", Type.TEXT), required("points", Type.NUMBER)))
          .buildOrThrow();

  /** A fit rule's parameters: its name and attribute, then {@code more}, then its points. */
  private static ImmutableList<Parameter> fitRule(Parameter... more) {
    return ImmutableList.<Parameter>builder()
        .add(required("name", Type.TEXT), required("attribute", Type.TEXT))
        .add(more)
        .add(required("points", Type.NUMBER))
        .build();
  }

  private static final ImmutableMap<String, ImmutableList<Parameter>> FEATURE_KINDS =
      ImmutableMap.<String, ImmutableList<Parameter>>builder()
          .put("attribute", ImmutableList.of(required("attribute", Type.TEXT)))
          .put(
              "bucketed",
              ImmutableList.of(required("attribute", Type.TEXT), required("bounds", Type.NUMBERS)))
          .put("source", ImmutableList.of())
          .put("segment", ImmutableList.of())
          .put("custom", ImmutableList.of(required("name", Type.TEXT)))
          .buildOrThrow();

  private static final ImmutableMap<String, ImmutableList<Parameter>> DECAY_KINDS =
      ImmutableMap.<String, ImmutableList<Parameter>>builder()
          .put("none", ImmutableList.of())
          .put("halfLife", ImmutableList.of(required("halfLife", Type.DURATION)))
          .put(
              "percentPerPeriod",
              ImmutableList.of(required("percent", Type.NUMBER), required("period", Type.DURATION)))
          .buildOrThrow();

  void write(JsonGenerator out, FitRule rule) throws IOException {
    out.writeStartObject();
    if (rule.definition().isPresent()) {
      RuleDefinition definition = rule.definition().get();
      out.writeStringField("rule", definition.kind());
      writeParameters(out, definition);
    } else {
      FitRule registered = fitRules.find(rule.name());
      if (registered == null || !registered.withPoints(rule.points()).equals(rule)) {
        throw fitRules.notRegistered(rule, "fitRule(rule)");
      }
      out.writeStringField("rule", "custom");
      out.writeStringField("name", rule.name());
      out.writeNumberField("points", rule.points());
    }
    out.writeEndObject();
  }

  FitRule readFitRule(JsonInput in) {
    Mark at = in.startObject("a fit rule");
    Values v = readParameters(in, at, "rule", FIT_RULE_KINDS, null);
    String kind = v.text("rule");
    String name = v.text("name");
    double points = v.get("points", Double.class);
    if (kind.equals("custom")) {
      FitRule registered = fitRules.get(at, name);
      return JsonInput.check(at, () -> registered.withPoints(points));
    }
    String attribute = v.text("attribute");
    return JsonInput.check(
        at,
        () ->
            switch (kind) {
              case "equalTo" -> FitRule.equalTo(name, attribute, v.text("value"), points);
              case "oneOf" ->
                  FitRule.oneOf(
                      name,
                      attribute,
                      ImmutableList.copyOf(v.list("values").toArray(new String[0])),
                      points);
              case "between" ->
                  FitRule.between(
                      name,
                      attribute,
                      v.get("min", Double.class),
                      v.get("maxExclusive", Double.class),
                      points);
              case "atLeast" ->
                  FitRule.atLeast(name, attribute, v.get("min", Double.class), points);
              case "isTrue" -> FitRule.isTrue(name, attribute, points);
              default -> throw new IllegalStateException("no factory for the fit rule " + kind);
            });
  }

  void write(JsonGenerator out, Feature feature) throws IOException {
    writeDefined(out, "feature", feature.definition(), feature, features, "feature(feature)");
  }

  Feature readFeature(JsonInput in) {
    Mark at = in.startObject("a feature");
    Values v = readParameters(in, at, "feature", FEATURE_KINDS, null);
    String kind = v.text("feature");
    if (kind.equals("custom")) {
      return features.get(at, v.text("name"));
    }
    return JsonInput.check(
        at,
        () ->
            switch (kind) {
              case "attribute" -> Feature.attribute(v.text("attribute"));
              case "bucketed" ->
                  Feature.bucketed(
                      v.text("attribute"),
                      v.list("bounds").stream().mapToDouble(b -> (Double) b).toArray());
              case "source" -> Feature.source();
              case "segment" -> Feature.segment();
              default -> throw new IllegalStateException("no factory for the feature " + kind);
            });
  }

  void write(JsonGenerator out, Decay decay) throws IOException {
    out.writeStartObject();
    out.writeStringField("decay", decay.definition().kind());
    writeParameters(out, decay.definition());
    out.writeEndObject();
  }

  Decay readDecay(JsonInput in) {
    Mark at = in.startObject("a decay");
    Values v = readParameters(in, at, "decay", DECAY_KINDS, null);
    return JsonInput.check(
        at,
        () ->
            switch (v.text("decay")) {
              case "none" -> Decay.none();
              case "halfLife" -> Decay.halfLife(v.get("halfLife", Duration.class));
              default ->
                  Decay.percentPerPeriod(
                      v.get("percent", Double.class), v.get("period", Duration.class));
            });
  }

  void write(JsonGenerator out, TransitionRule rule) throws IOException {
    writeDefined(out, "rule", rule.definition(), rule, rules, "rule(name, rule)");
  }

  private void write(JsonGenerator out, Criterion criterion) throws IOException {
    writeDefined(
        out, "criterion", criterion.definition(), criterion, criteria, "criterion(criterion)");
  }

  /**
   * Writes a built-in part as its kind and parameters, and one of the application's as {@code
   * "custom"} and the name it is registered under.
   */
  private <T> void writeDefined(
      JsonGenerator out,
      String kindField,
      Optional<RuleDefinition> definition,
      T value,
      Registered<T> registry,
      String register)
      throws IOException {
    out.writeStartObject();
    if (definition.isPresent()) {
      out.writeStringField(kindField, definition.get().kind());
      writeParameters(out, definition.get());
    } else {
      String name = registry.nameOf(value);
      if (name == null) {
        throw registry.notRegistered(value, register);
      }
      out.writeStringField(kindField, "custom");
      out.writeStringField("name", name);
    }
    out.writeEndObject();
  }

  private void writeParameters(JsonGenerator out, RuleDefinition definition) throws IOException {
    for (Map.Entry<String, Object> parameter : definition.parameters().entrySet()) {
      out.writeFieldName(parameter.getKey());
      writeValue(out, parameter.getValue());
    }
  }

  private void writeValue(JsonGenerator out, Object value) throws IOException {
    if (value instanceof Integer number) {
      out.writeNumber(number);
    } else if (value instanceof Double number) {
      out.writeNumber(number);
    } else if (value instanceof String text) {
      out.writeString(text);
    } else if (value instanceof Duration duration) {
      out.writeString(duration.toString());
    } else if (value instanceof TransitionRule rule) {
      write(out, rule);
    } else if (value instanceof Criterion criterion) {
      write(out, criterion);
    } else if (value instanceof Collection<?> list) {
      out.writeStartArray();
      for (Object element : list) {
        writeValue(out, element);
      }
      out.writeEndArray();
    } else if (value instanceof ImmutableSetMultimap<?, ?> moves) {
      out.writeStartObject();
      for (Map.Entry<?, ? extends Collection<?>> from : moves.asMap().entrySet()) {
        out.writeFieldName((String) from.getKey());
        writeValue(out, from.getValue());
      }
      out.writeEndObject();
    } else {
      throw new IllegalStateException("no JSON form for the parameter " + value);
    }
  }

  TransitionRule readRule(JsonInput in, Funnel funnel) {
    Mark at = in.startObject("a rule");
    Values values = readParameters(in, at, "rule", RULE_KINDS, funnel);
    String kind = values.text("rule");
    if (kind.equals("custom")) {
      String name = values.text("name");
      return rules.get(at, name);
    }
    return JsonInput.check(at, () -> rule(kind, values));
  }

  private static TransitionRule rule(String kind, Values v) {
    return switch (kind) {
      case "forwardOnly" -> TransitionRules.forwardOnly();
      case "maxForwardSteps" -> TransitionRules.maxForwardSteps(v.get("maxSteps", Integer.class));
      case "maxBackwardSteps" -> TransitionRules.maxBackwardSteps(v.get("maxSteps", Integer.class));
      case "terminalLock" ->
          v.has("reopenPolicy")
              ? TransitionRules.terminalLock(v.get("reopenPolicy", TransitionRule.class))
              : TransitionRules.terminalLock();
      case "reopenWithin" -> TransitionRules.reopenWithin(v.get("window", Duration.class));
      case "entryCriteria" ->
          TransitionRules.entryCriteria(v.list("criteria").toArray(new Criterion[0]));
      case "requiredAttributes" ->
          TransitionRules.requiredAttributes(v.list("attributes").toArray(new String[0]));
      case "minimumTimeInStage" ->
          TransitionRules.minimumTimeInStage(v.get("minimum", Duration.class));
      case "reasonRequired" -> TransitionRules.reasonRequired();
      case "lostReasonOneOf" ->
          TransitionRules.lostReasonOneOf(v.list("reasons").toArray(new String[0]));
      case "allOf" -> TransitionRules.allOf(v.list("rules").toArray(new TransitionRule[0]));
      case "anyOf" -> TransitionRules.anyOf(v.list("rules").toArray(new TransitionRule[0]));
      case "not" ->
          TransitionRules.not(
              v.get("negated", TransitionRule.class), v.text("name"), v.text("message"));
      case "transitionTable" -> v.get("allowedMoves", TransitionTable.class);
      default -> throw new IllegalStateException("no factory for the rule kind " + kind);
    };
  }

  private Criterion readCriterion(JsonInput in, Funnel funnel) {
    Mark at = in.startObject("a criterion");
    Values v = readParameters(in, at, "criterion", CRITERION_KINDS, funnel);
    String kind = v.text("criterion");
    String name = v.text("name");
    if (kind.equals("custom")) {
      return criteria.get(at, name);
    }
    String attribute = v.text("attribute");
    return JsonInput.check(
        at,
        () ->
            switch (kind) {
              case "isTrue" -> Criterion.isTrue(name, attribute);
              case "present" -> Criterion.present(name, attribute);
              case "atLeast" -> Criterion.atLeast(name, attribute, v.get("minimum", Double.class));
              case "oneOf" ->
                  Criterion.oneOf(name, attribute, v.list("values").toArray(new String[0]));
              default -> throw new IllegalStateException("no factory for the criterion " + kind);
            });
  }

  /**
   * Reads the kind, which comes first because it says which fields follow, then the kind's
   * parameters by their types; returns them by name, with the kind under {@code kindField}.
   */
  private Values readParameters(
      JsonInput in,
      Mark at,
      String kindField,
      ImmutableMap<String, ImmutableList<Parameter>> kinds,
      @Nullable Funnel funnel) {
    String first = in.nextField();
    if (!kindField.equals(first)) {
      throw JsonInput.error(
          at,
          "a "
              + kindField
              + " begins with \""
              + kindField
              + "\", its kind: one of "
              + String.join(", ", kinds.keySet()),
          null);
    }
    String kind = in.text();
    ImmutableList<Parameter> parameters = kinds.get(kind);
    if (parameters == null) {
      throw in.error(
          "unknown "
              + kindField
              + " '"
              + kind
              + "'; the kinds are "
              + String.join(", ", kinds.keySet()));
    }
    Map<String, Object> values = new HashMap<>();
    values.put(kindField, kind);
    Map<String, Parameter> byName = new HashMap<>();
    parameters.forEach(p -> byName.put(p.name(), p));
    for (String field = in.nextField(); field != null; field = in.nextField()) {
      Parameter parameter = byName.get(field);
      if (parameter == null) {
        List<String> known = new ArrayList<>(List.of(kindField));
        parameters.forEach(p -> known.add(p.name()));
        throw in.unknownField(field, known);
      }
      values.put(field, readValue(in, parameter.type(), funnel));
    }
    for (Parameter parameter : parameters) {
      if (parameter.required() && !values.containsKey(parameter.name())) {
        throw JsonInput.missing(at, "the " + kindField + " " + kind, parameter.name());
      }
    }
    return new Values(values);
  }

  /** The parameters of a rule or criterion as read; the required ones are there. */
  private record Values(Map<String, Object> values) {
    boolean has(String name) {
      return values.containsKey(name);
    }

    <T> T get(String name, Class<T> type) {
      return type.cast(requireNonNull(values.get(name), name));
    }

    String text(String name) {
      return get(name, String.class);
    }

    List<?> list(String name) {
      return get(name, List.class);
    }
  }

  /** Reads a value; {@code funnel} is there when rules, which refer to its stages, may come. */
  private Object readValue(JsonInput in, Type type, @Nullable Funnel funnel) {
    return switch (type) {
      case WHOLE_NUMBER -> in.integer();
      case NUMBER -> in.number();
      case NUMBERS -> in.list(in::number);
      case TEXT -> in.text();
      case TEXTS -> in.texts();
      case DURATION -> in.duration();
      case RULE -> readRule(in, requireNonNull(funnel, "funnel"));
      case RULES -> in.list(() -> readRule(in, requireNonNull(funnel, "funnel")));
      case CRITERIA -> in.list(() -> readCriterion(in, requireNonNull(funnel, "funnel")));
      case ALLOWED_MOVES -> readTable(in, requireNonNull(funnel, "funnel"));
    };
  }

  private static TransitionTable readTable(JsonInput in, Funnel funnel) {
    in.startObject("the allowed moves");
    TransitionTable.Builder table = TransitionTable.builder(funnel);
    for (String from = in.nextField(); from != null; from = in.nextField()) {
      String source = from;
      Mark at = in.mark();
      String[] targets = in.texts().toArray(new String[0]);
      JsonInput.check(at, () -> table.allow(source, targets));
    }
    return table.build();
  }
}
