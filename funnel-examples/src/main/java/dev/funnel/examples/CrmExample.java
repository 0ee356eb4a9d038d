package dev.funnel.examples;

import dev.funnel.forecast.WeightedPipeline;
import dev.funnel.jdbc.EmbeddedDatabase;
import dev.funnel.jdbc.JdbcLeadStore;
import dev.funnel.json.FunnelJson;
import dev.funnel.metrics.FunnelCounts;
import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.StaleLead;
import dev.funnel.model.StaleLeadPolicy;
import dev.funnel.rules.TransitionEngine;
import dev.funnel.rules.TransitionResult;
import dev.funnel.rules.TransitionRule;
import dev.funnel.rules.Violation;
import dev.funnel.scoring.LogisticModel;
import dev.funnel.store.LeadStore;
import dev.funnel.store.PipelineReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * A small CRM, as an application embeds the library: the funnel and its rules are read from JSON
 * ({@code crm/pipeline.json}), the leads live in the embedded database ({@link EmbeddedDatabase},
 * H2), sales reps move them (two reps move one deal from the same screen: one move lands, the other
 * is a conflict), a lead model trained elsewhere is read from JSON ({@code crm/lead-model.json}) to
 * score the open leads, and the pipeline report is made from the store.
 */
public final class CrmExample {
  /** The first day of the example; every time in it is relative to this, never the wall clock. */
  static final Instant START = Instant.parse("2026-09-01T09:00:00Z");

  /** The day the report is made: 45 days in. */
  static final Instant NOW = START.plus(Duration.ofDays(45));

  /** A rule of the application's own: no deal is won while the account is on credit hold. */
  static final TransitionRule CREDIT_CHECK =
      TransitionRule.of(
          "credit check",
          t -> !t.lead().attributes().isTrue("credit hold"),
          t -> "'" + t.lead().id() + "' is on credit hold");

  private CrmExample() {}

  /** Runs the example and prints what it does to standard output. */
  public static void main(String[] args) {
    run(System.out);
  }

  /** Runs the example, printing what it does to {@code out}. */
  public static void run(PrintStream out) {
    // The application registers its own rules by the names its JSON uses.
    FunnelJson json = FunnelJson.builder().rule("credit check", CREDIT_CHECK).build();
    TransitionEngine engine = fromJson("crm/pipeline.json", json::readEngine);
    Funnel funnel = engine.funnel();
    out.printf("Funnel '%s': %s%n", funnel.name(), funnel.stageIds());

    try (EmbeddedDatabase database = EmbeddedDatabase.inMemory("crm_example")) {
      LeadStore store = JdbcLeadStore.builder(database.dataSource(), engine).build();
      addLeads(store);
      out.printf("%d leads stored%n", store.size());

      move(out, store, "acme", "qualified", 2);
      move(out, store, "acme", "proposal", 6);
      move(out, store, "acme", "won", 12);
      move(out, store, "globex", "qualified", 5);
      move(out, store, "globex", "proposal", 9);
      move(out, store, "initech", "qualified", 3);
      move(out, store, "initech", "proposal", 10);
      move(out, store, "umbrella", "lost", 8, "no response");
      move(out, store, "stark", "qualified", 30);

      // Two reps open Initech's page at the same moment, both at version 2.
      Lead seen = store.lead("initech").orElseThrow();
      TransitionResult ana = store.move("initech", seen.version(), "won", at(20), "signed by Ana");
      TransitionResult ben = store.move("initech", seen.version(), "lost", at(20), "no budget");
      out.printf("Ana moves initech (version %d) to won: %s%n", seen.version(), outcome(ana));
      out.printf("Ben moves initech (version %d) to lost: %s%n", seen.version(), outcome(ben));

      LogisticModel model = fromJson("crm/lead-model.json", json::readLogisticModel);
      out.println("Open leads by win probability (logistic model from JSON):");
      try (var leads = store.leads()) {
        leads
            .filter(lead -> !funnel.stage(lead.currentStageId()).isTerminal())
            .map(lead -> new Scored(lead, model.score(lead, NOW).value()))
            .sorted((a, b) -> Double.compare(b.probability, a.probability))
            .forEach(
                s ->
                    out.printf(
                        Locale.ROOT,
                        "  %-8s %-10s %5.1f %%%n",
                        s.lead.id(),
                        s.lead.currentStageId(),
                        100 * s.probability));
      }

      StaleLeadPolicy stale =
          StaleLeadPolicy.builder(funnel)
              .maxTimeIn("new", Duration.ofDays(30))
              .maxTimeIn("qualified", Duration.ofDays(21))
              .build();
      PipelineReport report = PipelineReport.of(funnel, store, stale, NOW);
      print(out, report);
    }
  }

  private record Scored(Lead lead, double probability) {}

  private static void addLeads(LeadStore store) {
    store.add(
        lead("acme", 0, 24_000, 850, "software", 20_000)
            .attribute("decision maker", "Dana")
            .build());
    store.add(lead("globex", 1, 8_000, 120, "retail", 2_000).build());
    store.add(
        lead("initech", 1, 15_000, 300, "software", 12_000)
            .attribute("decision maker", "Bill")
            .build());
    store.add(lead("umbrella", 2, 3_000, 40, "health", 1_000).build());
    store.add(lead("hooli", 0, 5_000, 60, "software", 4_000).build());
    store.add(lead("stark", 20, 30_000, 2_000, "software", 50_000).build());
  }

  private static Lead.Builder lead(
      String id, int day, long value, int employees, String industry, double budget) {
    return Lead.builder(id)
        .value(BigDecimal.valueOf(value))
        .attribute("employees", employees)
        .attribute("industry", industry)
        .attribute("budget", budget)
        .attribute("credit hold", false)
        .startIn("new", at(day));
  }

  private static void move(PrintStream out, LeadStore store, String id, String to, int day) {
    move(out, store, id, to, day, "moved by the rep");
  }

  private static void move(
      PrintStream out, LeadStore store, String id, String to, int day, String reason) {
    Lead lead = store.lead(id).orElseThrow();
    TransitionResult result = store.move(id, lead.version(), to, at(day), reason);
    out.printf("%s: %s → %s %s%n", id, lead.currentStageId(), to, outcome(result));
  }

  private static String outcome(TransitionResult result) {
    if (result.isConflict()) {
      return "CONFLICT: moved by someone else meanwhile, now in '"
          + result.lead().currentStageId()
          + "' at version "
          + result.lead().version();
    }
    if (!result.isAccepted()) {
      return "REFUSED: "
          + String.join("; ", result.violations().stream().map(Violation::message).toList());
    }
    return "accepted (version " + result.lead().version() + ")";
  }

  private static void print(PrintStream out, PipelineReport report) {
    out.printf("Pipeline report as of %s%n", report.asOf());
    FunnelCounts counts = report.conversion().counts();
    for (String step : counts.steps()) {
      out.printf("  reached %-10s %d%n", step, counts.reached(step));
    }
    for (StaleLead lead : report.staleLeads()) {
      out.printf(
          "  stale: %s in '%s' for %d days, %d over the limit%n",
          lead.lead().id(), lead.stage().id(), lead.dwell().toDays(), lead.overdueBy().toDays());
    }
    WeightedPipeline pipeline = report.pipeline();
    for (WeightedPipeline.StageValue stage : pipeline.stages()) {
      out.printf(
          Locale.ROOT,
          "  %-10s %d deals, %s × %.2f = %s%n",
          stage.stageId(),
          stage.deals(),
          stage.value().toPlainString(),
          stage.winProbability(),
          stage.weighted().toPlainString());
    }
    out.printf("  weighted pipeline %s%n", pipeline.weightedTotal().toPlainString());
  }

  private static Instant at(int day) {
    return START.plus(Duration.ofDays(day));
  }

  /** Reads one of the example's JSON files with {@code read}, and closes it. */
  private static <T> T fromJson(String name, Function<Reader, T> read) {
    try (InputStream in =
            Objects.requireNonNull(
                CrmExample.class.getResourceAsStream(name), "the example's resource " + name);
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      return read.apply(reader);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
