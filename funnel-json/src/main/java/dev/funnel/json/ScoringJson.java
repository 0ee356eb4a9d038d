package dev.funnel.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.google.common.collect.ImmutableList;
import dev.funnel.json.JsonInput.Mark;
import dev.funnel.model.AttributeType;
import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.Stage;
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
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Fit scorers, engagement rule sets, logistic and naive Bayes models, written and read. */
final class ScoringJson {
  private static final List<String> FIT_FIELDS = List.of("attributes", "rules");
  private static final List<String> LOGISTIC_FIELDS = List.of("base", "intercept", "coefficients");
  private static final List<String> SCORER_FIELDS = List.of("fitScorer", "custom");
  private static final List<String> ENGAGEMENT_FIELDS = List.of("rules", "groupCaps", "overallCap");
  private static final List<String> ENGAGEMENT_RULE_FIELDS =
      List.of("name", "activity", "where", "points", "once", "within", "decay", "group", "custom");
  private static final List<String> BAYES_FIELDS =
      List.of("features", "team", "smoothing", "minimumSupport", "counts", "teams");
  private static final List<String> COUNTS_FIELDS = List.of("won", "lost", "stages", "features");
  private static final List<String> FEATURE_COUNTS_FIELDS = List.of("won", "lost", "values");

  private final RulesJson rules;
  private final Registered<LeadScorer> scorers;
  private final Registered<EngagementRule> engagementRules;
  private final Registered<Function<Lead, Optional<String>>> teams;

  ScoringJson(
      RulesJson rules,
      Registered<LeadScorer> scorers,
      Registered<EngagementRule> engagementRules,
      Registered<Function<Lead, Optional<String>>> teams) {
    this.rules = rules;
    this.scorers = scorers;
    this.engagementRules = engagementRules;
    this.teams = teams;
  }

  void write(JsonGenerator out, FitScorer scorer) throws IOException {
    out.writeStartObject();
    out.writeObjectFieldStart("attributes");
    for (Map.Entry<String, AttributeType> attribute : scorer.attributes().entrySet()) {
      out.writeStringField(
          attribute.getKey(), attribute.getValue().name().toLowerCase(Locale.ROOT));
    }
    out.writeEndObject();
    out.writeArrayFieldStart("rules");
    for (FitRule rule : scorer.rules()) {
      rules.write(out, rule);
    }
    out.writeEndArray();
    out.writeEndObject();
  }

  FitScorer readFitScorer(JsonInput in) {
    Mark at = in.startObject("a fit scorer");
    FitScorer.Builder scorer = FitScorer.builder();
    for (String field = in.nextField(); field != null; field = in.nextField()) {
      switch (field) {
        case "attributes" -> {
          in.startObject("the attributes");
          for (String name = in.nextField(); name != null; name = in.nextField()) {
            String attribute = name;
            AttributeType type = attributeType(in);
            in.check(() -> scorer.attribute(attribute, type));
          }
        }
        case "rules" -> in.list(() -> scorer.rule(rules.readFitRule(in)));
        default -> throw in.unknownField(field, FIT_FIELDS);
      }
    }
    return JsonInput.check(at, scorer::build);
  }

  private static AttributeType attributeType(JsonInput in) {
    String text = in.text();
    for (AttributeType type : AttributeType.values()) {
      if (type.name().toLowerCase(Locale.ROOT).equals(text)) {
        return type;
      }
    }
    throw in.error(
        "unknown attribute type '" + text + "'; the types are text, number, boolean, time");
  }

  /** A model's base: {@code {"fitScorer": {…}}} or {@code {"custom": NAME}}. */
  private void writeScorer(JsonGenerator out, LeadScorer scorer) throws IOException {
    out.writeStartObject();
    if (scorer instanceof FitScorer fit) {
      out.writeFieldName("fitScorer");
      write(out, fit);
    } else {
      String name = scorers.nameOf(scorer);
      if (name == null) {
        throw scorers.notRegistered(scorer, "scorer(name, scorer)");
      }
      out.writeStringField("custom", name);
    }
    out.writeEndObject();
  }

  private LeadScorer readScorer(JsonInput in) {
    Mark at = in.startObject("a scorer");
    LeadScorer scorer = null;
    for (String field = in.nextField(); field != null; field = in.nextField()) {
      if (scorer != null) {
        throw in.error("a scorer is one of " + String.join(", ", SCORER_FIELDS) + ", not two");
      }
      switch (field) {
        case "fitScorer" -> scorer = readFitScorer(in);
        case "custom" -> scorer = scorers.get(in.mark(), in.text());
        default -> throw in.unknownField(field, SCORER_FIELDS);
      }
    }
    if (scorer == null) {
      throw JsonInput.missing(at, "a scorer", "fitScorer");
    }
    return scorer;
  }

  void write(JsonGenerator out, LogisticModel model) throws IOException {
    out.writeStartObject();
    out.writeFieldName("base");
    writeScorer(out, model.base());
    out.writeNumberField("intercept", model.intercept());
    out.writeObjectFieldStart("coefficients");
    for (Map.Entry<String, Double> coefficient : model.coefficients().entrySet()) {
      out.writeNumberField(coefficient.getKey(), coefficient.getValue());
    }
    out.writeEndObject();
    out.writeEndObject();
  }

  LogisticModel readLogisticModel(JsonInput in) {
    Mark at = in.startObject("a logistic model");
    LeadScorer base = null;
    Double intercept = null;
    Map<String, Double> coefficients = null;
    for (String field = in.nextField(); field != null; field = in.nextField()) {
      switch (field) {
        case "base" -> base = readScorer(in);
        case "intercept" -> intercept = in.number();
        case "coefficients" -> coefficients = numbers(in, "the coefficients");
        default -> throw in.unknownField(field, LOGISTIC_FIELDS);
      }
    }
    if (base == null) {
      throw JsonInput.missing(at, "a logistic model", "base");
    }
    if (intercept == null) {
      throw JsonInput.missing(at, "a logistic model", "intercept");
    }
    LeadScorer scorer = base;
    double constant = intercept;
    Map<String, Double> weights = coefficients == null ? Map.of() : coefficients;
    return JsonInput.check(at, () -> LogisticModel.of(scorer, constant, weights));
  }

  private static Map<String, Double> numbers(JsonInput in, String what) {
    in.startObject(what);
    Map<String, Double> numbers = new LinkedHashMap<>();
    for (String name = in.nextField(); name != null; name = in.nextField()) {
      numbers.put(name, in.number());
    }
    return numbers;
  }

  void write(JsonGenerator out, EngagementScoring scoring) throws IOException {
    out.writeStartObject();
    out.writeArrayFieldStart("rules");
    for (EngagementRule rule : scoring.rules()) {
      write(out, rule);
    }
    out.writeEndArray();
    if (!scoring.groupCaps().isEmpty()) {
      out.writeObjectFieldStart("groupCaps");
      for (Map.Entry<String, Double> cap : scoring.groupCaps().entrySet()) {
        out.writeNumberField(cap.getKey(), cap.getValue());
      }
      out.writeEndObject();
    }
    if (scoring.overallCap().isPresent()) {
      out.writeNumberField("overallCap", scoring.overallCap().getAsDouble());
    }
    out.writeEndObject();
  }

  private void write(JsonGenerator out, EngagementRule rule) throws IOException {
    out.writeStartObject();
    if (rule.hasPredicates()) {
      if (engagementRules.nameOf(rule) == null) {
        throw engagementRules.notRegistered(rule, "engagementRule(rule)");
      }
      out.writeStringField("custom", rule.name());
      out.writeEndObject();
      return;
    }
    out.writeStringField("name", rule.name());
    out.writeStringField("activity", rule.activityType());
    if (!rule.conditions().isEmpty()) {
      out.writeObjectFieldStart("where");
      for (Map.Entry<String, String> condition : rule.conditions().entrySet()) {
        out.writeStringField(condition.getKey(), condition.getValue());
      }
      out.writeEndObject();
    }
    out.writeNumberField("points", rule.points());
    if (rule.isOnce()) {
      out.writeBooleanField("once", true);
    }
    if (rule.window().isPresent()) {
      out.writeStringField("within", rule.window().get().toString());
    }
    if (!rule.decay().definition().kind().equals("none")) {
      out.writeFieldName("decay");
      rules.write(out, rule.decay());
    }
    if (rule.group().isPresent()) {
      out.writeStringField("group", rule.group().get());
    }
    out.writeEndObject();
  }

  EngagementScoring readEngagementScoring(JsonInput in) {
    Mark at = in.startObject("an engagement rule set");
    EngagementScoring.Builder scoring = EngagementScoring.builder();
    for (String field = in.nextField(); field != null; field = in.nextField()) {
      switch (field) {
        case "rules" -> in.list(() -> scoring.rule(readEngagementRule(in)));
        case "groupCaps" -> {
          in.startObject("the group caps");
          for (String group = in.nextField(); group != null; group = in.nextField()) {
            String name = group;
            double cap = in.number();
            in.check(() -> scoring.groupCap(name, cap));
          }
        }
        case "overallCap" -> {
          double cap = in.number();
          in.check(() -> scoring.overallCap(cap));
        }
        default -> throw in.unknownField(field, ENGAGEMENT_FIELDS);
      }
    }
    return JsonInput.check(at, scoring::build);
  }

  private EngagementRule readEngagementRule(JsonInput in) {
    Mark at = in.startObject("an engagement rule");
    String first = in.nextField();
    if (first == null) {
      throw JsonInput.missing(at, "an engagement rule", "name");
    }
    if (first.equals("custom")) {
      EngagementRule rule = engagementRules.get(in.mark(), in.text());
      String more = in.nextField();
      if (more != null) {
        throw in.error("a registered engagement rule is {\"custom\": NAME} and nothing else");
      }
      return rule;
    }
    if (!first.equals("name")) {
      throw JsonInput.error(at, "an engagement rule begins with \"name\" (or \"custom\")", null);
    }
    String name = in.text();
    EngagementRule.Builder rule = in.check(() -> EngagementRule.builder(name));
    for (String field = in.nextField(); field != null; field = in.nextField()) {
      switch (field) {
        case "activity" -> {
          String type = in.text();
          in.check(() -> rule.activity(type));
        }
        case "where" -> {
          in.startObject("the conditions");
          for (String property = in.nextField(); property != null; property = in.nextField()) {
            String key = property;
            String value = in.text();
            in.check(() -> rule.where(key, value));
          }
        }
        case "points" -> {
          double points = in.number();
          in.check(() -> rule.points(points));
        }
        case "once" -> {
          if (in.bool()) {
            rule.once();
          }
        }
        case "within" -> {
          Duration window = in.duration();
          in.check(() -> rule.within(window));
        }
        case "decay" -> rule.decay(rules.readDecay(in));
        case "group" -> {
          String group = in.text();
          in.check(() -> rule.group(group));
        }
        default -> throw in.unknownField(field, ENGAGEMENT_RULE_FIELDS);
      }
    }
    return JsonInput.check(at, rule::build);
  }

  void write(JsonGenerator out, NaiveBayesModel model) throws IOException {
    out.writeStartObject();
    out.writeArrayFieldStart("features");
    for (Feature feature : model.features()) {
      rules.write(out, feature);
    }
    out.writeEndArray();
    if (model.team().isPresent()) {
      String name = teams.nameOf(model.team().get());
      if (name == null) {
        throw teams.notRegistered(model.team().get(), "team(name, function)");
      }
      out.writeStringField("team", name);
    }
    out.writeNumberField("smoothing", model.smoothing());
    out.writeNumberField("minimumSupport", model.minimumSupport());
    out.writeFieldName("counts");
    write(out, model.funnel(), model.counts());
    if (!model.teamCounts().isEmpty()) {
      out.writeObjectFieldStart("teams");
      for (Map.Entry<String, NaiveBayesModel.Counts> team : model.teamCounts().entrySet()) {
        out.writeFieldName(team.getKey());
        write(out, model.funnel(), team.getValue());
      }
      out.writeEndObject();
    }
    out.writeEndObject();
  }

  /** Counts as {@code {"won": W, "lost": L, "stages": {ID: [W, L]}, "features": {…}}}. */
  private static void write(JsonGenerator out, Funnel funnel, NaiveBayesModel.Counts counts)
      throws IOException {
    out.writeStartObject();
    out.writeNumberField("won", counts.won());
    out.writeNumberField("lost", counts.lost());
    out.writeObjectFieldStart("stages");
    for (Stage open : funnel.openStages()) {
      String stage = open.id();
      out.writeFieldName(stage);
      out.writeArray(new long[] {counts.wonIn(stage), counts.lostIn(stage)}, 0, 2);
    }
    out.writeEndObject();
    out.writeObjectFieldStart("features");
    for (String feature : counts.features().stream().sorted().toList()) {
      out.writeObjectFieldStart(feature);
      out.writeNumberField("won", counts.won(feature));
      out.writeNumberField("lost", counts.lost(feature));
      out.writeObjectFieldStart("values");
      for (String value : counts.values(feature).stream().sorted().toList()) {
        out.writeFieldName(value);
        out.writeArray(new long[] {counts.won(feature, value), counts.lost(feature, value)}, 0, 2);
      }
      out.writeEndObject();
      out.writeEndObject();
    }
    out.writeEndObject();
    out.writeEndObject();
  }

  NaiveBayesModel readNaiveBayesModel(JsonInput in, Funnel funnel) {
    Mark at = in.startObject("a naive Bayes model");
    NaiveBayesModel.Builder model = NaiveBayesModel.builder(funnel);
    NaiveBayesModel.Counts counts = null;
    Map<String, NaiveBayesModel.Counts> teamCounts = new LinkedHashMap<>();
    for (String field = in.nextField(); field != null; field = in.nextField()) {
      switch (field) {
        case "features" ->
            in.list(
                () -> {
                  Mark feature = in.mark();
                  Feature read = rules.readFeature(in);
                  return JsonInput.check(feature, () -> model.feature(read));
                });
        case "team" -> model.team(teams.get(in.mark(), in.text()));
        case "smoothing" -> {
          double smoothing = in.number();
          in.check(() -> model.smoothing(smoothing));
        }
        case "minimumSupport" -> {
          int support = in.integer();
          in.check(() -> model.minimumSupport(support));
        }
        case "counts" -> counts = readCounts(in, funnel);
        case "teams" -> {
          in.startObject("the teams' counts");
          for (String team = in.nextField(); team != null; team = in.nextField()) {
            teamCounts.put(team, readCounts(in, funnel));
          }
        }
        default -> throw in.unknownField(field, BAYES_FIELDS);
      }
    }
    if (counts == null) {
      throw JsonInput.missing(at, "a naive Bayes model", "counts");
    }
    NaiveBayesModel.Counts all = counts;
    return JsonInput.check(at, () -> model.restore(all, teamCounts));
  }

  private static NaiveBayesModel.Counts readCounts(JsonInput in, Funnel funnel) {
    Mark at = in.startObject("counts");
    NaiveBayesModel.CountsBuilder counts = NaiveBayesModel.Counts.builder(funnel);
    Long won = null;
    Long lost = null;
    for (String field = in.nextField(); field != null; field = in.nextField()) {
      switch (field) {
        case "won" -> won = in.wholeNumber();
        case "lost" -> lost = in.wholeNumber();
        case "stages", "features" -> {
          if (won == null || lost == null) {
            throw in.error("\"won\" and \"lost\" come before \"" + field + "\" in counts");
          }
          long w = won;
          long l = lost;
          in.check(() -> counts.outcomes(w, l));
          if (field.equals("stages")) {
            in.startObject("the stages' counts");
            for (String stage = in.nextField(); stage != null; stage = in.nextField()) {
              String id = stage;
              long[] pair = pair(in);
              in.check(() -> counts.stage(id, pair[0], pair[1]));
            }
          } else {
            readFeatureCounts(in, counts);
          }
        }
        default -> throw in.unknownField(field, COUNTS_FIELDS);
      }
    }
    if (won == null || lost == null) {
      throw JsonInput.missing(at, "counts", won == null ? "won" : "lost");
    }
    long w = won;
    long l = lost;
    JsonInput.check(at, () -> counts.outcomes(w, l));
    return counts.build();
  }

  private static void readFeatureCounts(JsonInput in, NaiveBayesModel.CountsBuilder counts) {
    in.startObject("the features' counts");
    for (String feature = in.nextField(); feature != null; feature = in.nextField()) {
      Mark at = in.startObject("a feature's counts");
      Long won = null;
      Long lost = null;
      for (String field = in.nextField(); field != null; field = in.nextField()) {
        switch (field) {
          case "won" -> won = in.wholeNumber();
          case "lost" -> lost = in.wholeNumber();
          case "values" -> {
            if (won == null || lost == null) {
              throw in.error("\"won\" and \"lost\" come before \"values\" in a feature's counts");
            }
            String name = feature;
            long w = won;
            long l = lost;
            in.check(() -> counts.feature(name, w, l));
            in.startObject("the values' counts");
            for (String value = in.nextField(); value != null; value = in.nextField()) {
              String v = value;
              long[] pair = pair(in);
              in.check(() -> counts.value(name, v, pair[0], pair[1]));
            }
          }
          default -> throw in.unknownField(field, FEATURE_COUNTS_FIELDS);
        }
      }
      if (won == null || lost == null) {
        throw JsonInput.missing(at, "a feature's counts", won == null ? "won" : "lost");
      }
      String name = feature;
      long w = won;
      long l = lost;
      JsonInput.check(at, () -> counts.feature(name, w, l));
    }
  }

  private static final List<String> TRACKER_FIELDS = List.of("keepsHistory", "leads");
  private static final List<String> LEAD_MEMORY_FIELDS = List.of("latest", "history", "rules");
  private static final List<String> RULE_MEMORY_FIELDS =
      List.of("latest", "sum", "reference", "times");

  /** A tracker's memories; its configuration is written before it, as "engagementScoring". */
  void write(JsonGenerator out, TrackerSnapshot snapshot) throws IOException {
    out.writeStartObject();
    out.writeBooleanField("keepsHistory", snapshot.keepsHistory());
    out.writeObjectFieldStart("leads");
    for (Map.Entry<String, TrackerSnapshot.LeadMemory> lead : snapshot.leads().entrySet()) {
      TrackerSnapshot.LeadMemory memory = lead.getValue();
      out.writeObjectFieldStart(lead.getKey());
      out.writeStringField("latest", memory.latest().toString());
      if (!memory.history().isEmpty()) {
        out.writeArrayFieldStart("history");
        for (Activity activity : memory.history()) {
          ModelJson.write(out, activity);
        }
        out.writeEndArray();
      }
      out.writeObjectFieldStart("rules");
      for (Map.Entry<String, TrackerSnapshot.RuleMemory> rule : memory.rules().entrySet()) {
        TrackerSnapshot.RuleMemory remembered = rule.getValue();
        out.writeObjectFieldStart(rule.getKey());
        out.writeStringField("latest", remembered.latest().toString());
        if (remembered.sum() != 0 || remembered.reference() != 0) {
          out.writeNumberField("sum", remembered.sum());
          out.writeNumberField("reference", remembered.reference());
        }
        if (!remembered.times().isEmpty()) {
          out.writeArrayFieldStart("times");
          for (Instant time : remembered.times()) {
            out.writeString(time.toString());
          }
          out.writeEndArray();
        }
        out.writeEndObject();
      }
      out.writeEndObject();
      out.writeEndObject();
    }
    out.writeEndObject();
    out.writeEndObject();
  }

  TrackerSnapshot readTrackerSnapshot(JsonInput in, EngagementScoring scoring) {
    Mark at = in.startObject("a tracker");
    String first = in.nextField();
    if (!"keepsHistory".equals(first)) {
      throw JsonInput.error(at, "a tracker begins with \"keepsHistory\": true or false", null);
    }
    TrackerSnapshot.Builder snapshot = TrackerSnapshot.builder(scoring, in.bool());
    for (String field = in.nextField(); field != null; field = in.nextField()) {
      if (!field.equals("leads")) {
        throw in.unknownField(field, TRACKER_FIELDS);
      }
      in.startObject("the leads");
      for (String lead = in.nextField(); lead != null; lead = in.nextField()) {
        Mark leadAt = in.mark();
        String id = lead;
        TrackerSnapshot.LeadMemory memory = readLeadMemory(in);
        JsonInput.check(leadAt, () -> snapshot.lead(id, memory));
      }
    }
    return snapshot.build();
  }

  private static TrackerSnapshot.LeadMemory readLeadMemory(JsonInput in) {
    Mark at = in.startObject("a lead's memory");
    Instant latest = null;
    List<Activity> history = List.of();
    Map<String, TrackerSnapshot.RuleMemory> rules = new LinkedHashMap<>();
    for (String field = in.nextField(); field != null; field = in.nextField()) {
      switch (field) {
        case "latest" -> latest = in.time();
        case "history" -> history = in.list(() -> ModelJson.readActivity(in));
        case "rules" -> {
          in.startObject("the rules' memories");
          for (String rule = in.nextField(); rule != null; rule = in.nextField()) {
            rules.put(rule, readRuleMemory(in));
          }
        }
        default -> throw in.unknownField(field, LEAD_MEMORY_FIELDS);
      }
    }
    if (latest == null) {
      throw JsonInput.missing(at, "a lead's memory", "latest");
    }
    Instant last = latest;
    List<Activity> activities = history;
    return JsonInput.check(at, () -> TrackerSnapshot.LeadMemory.of(last, activities, rules));
  }

  private static TrackerSnapshot.RuleMemory readRuleMemory(JsonInput in) {
    Mark at = in.startObject("a rule's memory");
    Instant latest = null;
    double sum = 0;
    double reference = 0;
    List<Instant> times = List.of();
    for (String field = in.nextField(); field != null; field = in.nextField()) {
      switch (field) {
        case "latest" -> latest = in.time();
        case "sum" -> sum = in.number();
        case "reference" -> reference = in.number();
        case "times" -> times = in.list(in::time);
        default -> throw in.unknownField(field, RULE_MEMORY_FIELDS);
      }
    }
    if (latest == null) {
      throw JsonInput.missing(at, "a rule's memory", "latest");
    }
    Instant last = latest;
    double total = sum;
    double clock = reference;
    List<Instant> kept = times;
    return JsonInput.check(at, () -> TrackerSnapshot.RuleMemory.of(last, total, clock, kept));
  }

  private static long[] pair(JsonInput in) {
    Mark at = in.mark();
    ImmutableList<Long> pair = in.list(in::wholeNumber);
    if (pair.size() != 2) {
      throw JsonInput.error(at, "expected [won, lost], found " + pair.size() + " numbers", null);
    }
    return new long[] {pair.get(0), pair.get(1)};
  }
}
