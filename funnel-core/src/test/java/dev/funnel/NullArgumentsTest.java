package dev.funnel;

import static dev.funnel.testing.SampleFunnels.T0;

import com.google.common.testing.NullPointerTester;
import dev.funnel.events.EventBatch;
import dev.funnel.events.Exclusion;
import dev.funnel.events.LevelCounts;
import dev.funnel.events.WindowFunnel;
import dev.funnel.forecast.BackwardPlan;
import dev.funnel.forecast.ForwardProjection;
import dev.funnel.forecast.GoalTracking;
import dev.funnel.forecast.MarkovForecast;
import dev.funnel.forecast.WeightedPipeline;
import dev.funnel.metrics.Cohorts;
import dev.funnel.metrics.Comparisons;
import dev.funnel.metrics.ConversionReport;
import dev.funnel.metrics.CustomerSpan;
import dev.funnel.metrics.DurationStats;
import dev.funnel.metrics.FunnelCounts;
import dev.funnel.metrics.Proportion;
import dev.funnel.metrics.Retention;
import dev.funnel.metrics.SalesCycle;
import dev.funnel.metrics.SegmentBreakdown;
import dev.funnel.metrics.SurvivalCurve;
import dev.funnel.metrics.TimeToConvert;
import dev.funnel.model.Attributes;
import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.Stage;
import dev.funnel.model.StageVisit;
import dev.funnel.model.StaleLead;
import dev.funnel.model.StaleLeadPolicy;
import dev.funnel.rules.Criterion;
import dev.funnel.rules.RuleDecision;
import dev.funnel.rules.Transition;
import dev.funnel.rules.TransitionEngine;
import dev.funnel.rules.TransitionRule;
import dev.funnel.rules.TransitionRules;
import dev.funnel.rules.TransitionTable;
import dev.funnel.rules.Violation;
import dev.funnel.scoring.Activity;
import dev.funnel.scoring.Contribution;
import dev.funnel.scoring.Decay;
import dev.funnel.scoring.EngagementRule;
import dev.funnel.scoring.EngagementScoring;
import dev.funnel.scoring.Evaluation;
import dev.funnel.scoring.Feature;
import dev.funnel.scoring.FitRule;
import dev.funnel.scoring.FitScorer;
import dev.funnel.scoring.Grade;
import dev.funnel.scoring.GradeMatrix;
import dev.funnel.scoring.LeadScorer;
import dev.funnel.scoring.LogisticModel;
import dev.funnel.scoring.NaiveBayesModel;
import dev.funnel.scoring.Score;
import dev.funnel.scoring.Tiers;
import dev.funnel.scoring.TrackerSnapshot;
import dev.funnel.scoring.TrainTestSplit;
import dev.funnel.scoring.WeightedScorer;
import dev.funnel.scoring.WorkItem;
import dev.funnel.scoring.WorkList;
import dev.funnel.store.InMemoryLeadStore;
import dev.funnel.store.LeadStore;
import dev.funnel.store.PipelineReport;
import dev.funnel.testing.SampleFunnels;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every public factory, constructor, builder method and query rejects null with an NPE. */
class NullArgumentsTest {
  private final Funnel funnel = SampleFunnels.simple();
  private final Instant later = T0.plus(Duration.ofDays(1));
  private final Lead lead =
      Lead.builder("L").attribute("budget", 10.0).value(BigDecimal.TEN).startIn("new", T0).build();
  private final NullPointerTester tester =
      new NullPointerTester()
          .setDefault(Funnel.class, funnel)
          .setDefault(Lead.class, lead)
          .setDefault(Stage.class, funnel.stage("new"))
          .setDefault(Stage.Builder.class, Stage.open("extra"))
          .setDefault(String.class, "new")
          .setDefault(String[].class, new String[] {"contacted"})
          .setDefault(Instant.class, later)
          .setDefault(Duration.class, Duration.ofDays(1))
          .setDefault(BigDecimal.class, BigDecimal.ONE)
          .setDefault(Attributes.class, Attributes.empty())
          .setDefault(Clock.class, Clock.fixed(later, ZoneOffset.UTC))
          .setDefault(TransitionRule.class, TransitionRules.forwardOnly())
          .setDefault(Criterion.class, Criterion.present("has budget", "budget"))
          .setDefault(RuleDecision.class, RuleDecision.allow())
          .setDefault(ZoneId.class, ZoneOffset.UTC)
          .setDefault(FunnelCounts.class, FunnelCounts.fromLeads(funnel, List.of(lead)))
          .setDefault(
              ConversionReport.class,
              ConversionReport.of(FunnelCounts.fromLeads(funnel, List.of(lead))))
          .setDefault(List.class, List.of("a", "b"));

  @Test
  void modelTypes() {
    for (Class<?> type :
        new Class<?>[] {
          Funnel.class,
          Stage.class,
          Attributes.class,
          Lead.class,
          StageVisit.class,
          StaleLead.class,
          StaleLeadPolicy.class
        }) {
      tester.testAllPublicStaticMethods(type);
      tester.testAllPublicConstructors(type);
    }
    tester.testAllPublicInstanceMethods(funnel);
    tester.testAllPublicInstanceMethods(Funnel.builder("f"));
    tester.testAllPublicInstanceMethods(Stage.open("s"));
    tester.testAllPublicInstanceMethods(Attributes.builder().put("a", 1.0).build());
    tester.testAllPublicInstanceMethods(Attributes.builder());
    tester.testAllPublicInstanceMethods(lead);
    tester.testAllPublicInstanceMethods(Lead.builder("L"));
    tester.testAllPublicInstanceMethods(lead.currentVisit());
    tester.testAllPublicInstanceMethods(StaleLeadPolicy.builder(funnel));
    tester.testAllPublicInstanceMethods(StaleLeadPolicy.builder(funnel).build());
  }

  @Test
  void ruleTypes() {
    for (Class<?> type :
        new Class<?>[] {
          TransitionRules.class, TransitionRule.class, Criterion.class, RuleDecision.class,
          Violation.class, Transition.class, TransitionTable.class, TransitionEngine.class
        }) {
      tester.testAllPublicStaticMethods(type);
      tester.testAllPublicConstructors(type);
    }
    tester.testAllPublicInstanceMethods(TransitionEngine.builder(funnel));
    tester.testAllPublicInstanceMethods(TransitionEngine.builder(funnel).build());
    tester.testAllPublicInstanceMethods(TransitionTable.builder(funnel));
    tester.testAllPublicInstanceMethods(TransitionTable.builder(funnel).build());
    tester.testAllPublicInstanceMethods(RuleDecision.allow());
    tester.testAllPublicInstanceMethods(Criterion.present("has budget", "budget"));
  }

  @Test
  void metricsTypes() {
    for (Class<?> type :
        new Class<?>[] {
          Proportion.class, FunnelCounts.class, ConversionReport.class, DurationStats.class,
          TimeToConvert.class, SurvivalCurve.class, SalesCycle.class, SegmentBreakdown.class,
          Comparisons.class, Cohorts.class, Retention.class, CustomerSpan.class
        }) {
      tester.testAllPublicStaticMethods(type);
      tester.testAllPublicConstructors(type);
    }
    FunnelCounts counts = FunnelCounts.fromLeads(funnel, List.of(lead));
    tester.testAllPublicInstanceMethods(counts);
    tester.testAllPublicInstanceMethods(ConversionReport.of(counts));
    tester.testAllPublicInstanceMethods(ConversionReport.builder(counts));
    tester.testAllPublicInstanceMethods(DurationStats.of(List.of(Duration.ofDays(1))));
    tester.testAllPublicInstanceMethods(TimeToConvert.fromLeads(funnel, List.of(lead)));
    tester.testAllPublicInstanceMethods(SurvivalCurve.estimate(List.of()));
    tester.testAllPublicInstanceMethods(
        SegmentBreakdown.fromLeads(funnel, List.of(lead), SegmentBreakdown.bySource()));
    tester.testAllPublicInstanceMethods(CustomerSpan.active("c", T0));
  }

  @Test
  void forecastTypes() {
    for (Class<?> type :
        new Class<?>[] {
          ForwardProjection.class,
          BackwardPlan.class,
          WeightedPipeline.class,
          MarkovForecast.class,
          GoalTracking.class
        }) {
      tester.testAllPublicStaticMethods(type);
      tester.testAllPublicConstructors(type);
    }
    tester.testAllPublicInstanceMethods(ForwardProjection.builder(10));
    tester.testAllPublicInstanceMethods(
        MarkovForecast.fromLeads(SampleFunnels.simple(), List.of(lead)));
    tester.testAllPublicInstanceMethods(GoalTracking.builder(T0, later.plusSeconds(10), later));
  }

  @Test
  void storeTypes() {
    TransitionEngine engine = TransitionEngine.builder(funnel).build();
    InMemoryLeadStore store = InMemoryLeadStore.of(engine);
    store.add(lead);
    NullPointerTester stores =
        tester
            .setDefault(TransitionEngine.class, engine)
            .setDefault(LeadStore.class, store)
            .setDefault(StaleLeadPolicy.class, StaleLeadPolicy.builder(funnel).build())
            .setDefault(Activity.class, Activity.of("call", later));
    for (Class<?> type : new Class<?>[] {InMemoryLeadStore.class, PipelineReport.class}) {
      stores.testAllPublicStaticMethods(type);
    }
    stores.testAllPublicInstanceMethods(store);
  }

  @Test
  void eventTypes() {
    WindowFunnel windowFunnel =
        WindowFunnel.builder().eventCodes(3).step(0).step(1).window(10).build();
    EventBatch batch = EventBatch.grouped(new long[] {1}, new long[] {0}, new int[] {0});
    NullPointerTester events =
        tester
            .setDefault(WindowFunnel.class, windowFunnel)
            .setDefault(EventBatch.class, batch)
            .setDefault(LevelCounts.class, LevelCounts.empty(2));
    for (Class<?> type :
        new Class<?>[] {WindowFunnel.class, EventBatch.class, LevelCounts.class, Exclusion.class}) {
      events.testAllPublicStaticMethods(type);
      events.testAllPublicConstructors(type);
    }
    events.testAllPublicInstanceMethods(WindowFunnel.builder());
    events.testAllPublicInstanceMethods(windowFunnel);
    events.testAllPublicInstanceMethods(windowFunnel.aggregation());
    events.testAllPublicInstanceMethods(windowFunnel.aggregation().stream());
    events.testAllPublicInstanceMethods(windowFunnel.state(batch));
    events.testAllPublicInstanceMethods(LevelCounts.empty(2));
  }

  @Test
  void scoringTypes() {
    Lead won = lead.withStageChange("won", later, "signed");
    Lead lost =
        Lead.builder("M")
            .attribute("budget", 1.0)
            .startIn("new", T0)
            .build()
            .withStageChange("lost", later, "no");
    FitScorer fit =
        FitScorer.builder()
            .attribute("budget", dev.funnel.model.AttributeType.NUMBER)
            .rule(FitRule.atLeast("budget", "budget", 5, 10))
            .build();
    EngagementRule rule = EngagementRule.builder("visit").activity("page_view").points(5).build();
    EngagementScoring engagement = EngagementScoring.builder().rule(rule).build();
    NullPointerTester scoring =
        tester
            .setDefault(LeadScorer.class, fit)
            .setDefault(FitRule.class, FitRule.atLeast("budget", "budget", 5, 10))
            .setDefault(EngagementRule.class, rule)
            .setDefault(Activity.class, Activity.of("page_view", T0))
            .setDefault(Decay.class, Decay.none())
            .setDefault(Feature.class, Feature.source())
            .setDefault(Tiers.class, Tiers.of(2, 1))
            .setDefault(Score.class, fit.score(lead, later))
            .setDefault(List.class, List.of(won, lost));
    for (Class<?> type :
        new Class<?>[] {
          Activity.class,
          Contribution.class,
          Decay.class,
          EngagementRule.class,
          EngagementScoring.class,
          Evaluation.class,
          Feature.class,
          FitRule.class,
          FitScorer.class,
          Grade.class,
          GradeMatrix.class,
          LogisticModel.class,
          NaiveBayesModel.class,
          Score.class,
          Tiers.class,
          TrainTestSplit.class,
          WeightedScorer.class,
          WorkItem.class,
          WorkList.class
        }) {
      scoring.testAllPublicStaticMethods(type);
      scoring.testAllPublicConstructors(type);
    }
    scoring.testAllPublicInstanceMethods(fit);
    scoring.testAllPublicInstanceMethods(FitScorer.builder());
    scoring.testAllPublicInstanceMethods(FitRule.atLeast("budget", "budget", 5, 10));
    scoring.testAllPublicInstanceMethods(EngagementRule.builder("r"));
    scoring.testAllPublicInstanceMethods(engagement);
    scoring.testAllPublicInstanceMethods(EngagementScoring.builder());
    scoring.testAllPublicInstanceMethods(engagement.newTracker());
    scoring.testAllPublicInstanceMethods(engagement.newTracker().snapshot());
    scoring.setDefault(
        TrackerSnapshot.LeadMemory.class,
        TrackerSnapshot.LeadMemory.of(Instant.EPOCH, List.of(), Map.of()));
    scoring.testAllPublicInstanceMethods(TrackerSnapshot.builder(engagement, false));
    scoring.testAllPublicInstanceMethods(WeightedScorer.builder());
    scoring.testAllPublicInstanceMethods(WeightedScorer.builder().add("fit", fit, 1).build());
    scoring.testAllPublicInstanceMethods(new GradeMatrix(fit, Tiers.of(2, 1), fit, Tiers.of(2, 1)));
    scoring.testAllPublicInstanceMethods(Tiers.of(2, 1));
    NaiveBayesModel bayes = NaiveBayesModel.builder(funnel).train(List.of(won, lost));
    scoring.setDefault(NaiveBayesModel.Counts.class, bayes.counts());
    scoring.testAllPublicInstanceMethods(NaiveBayesModel.builder(funnel));
    scoring.testAllPublicInstanceMethods(bayes);
    scoring.testAllPublicInstanceMethods(bayes.counts());
    scoring.testAllPublicInstanceMethods(NaiveBayesModel.Counts.builder(funnel));
    scoring.testAllPublicInstanceMethods(LogisticModel.builder(funnel, fit));
    scoring.testAllPublicInstanceMethods(
        LogisticModel.builder(funnel, fit).train(List.of(won, lost)));
    scoring.testAllPublicInstanceMethods(Feature.source());
  }
}
