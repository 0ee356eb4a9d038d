package dev.funnel.benchmarks;

import dev.funnel.model.AttributeType;
import dev.funnel.model.Attributes;
import dev.funnel.model.Lead;
import dev.funnel.scoring.Activity;
import dev.funnel.scoring.Decay;
import dev.funnel.scoring.EngagementRule;
import dev.funnel.scoring.EngagementScoring;
import dev.funnel.scoring.EngagementTracker;
import dev.funnel.scoring.FitRule;
import dev.funnel.scoring.FitScorer;
import dev.funnel.scoring.WeightedScorer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scoring throughput: one million leads through a realistic rule set, with explanations.
 *
 * <p>Fit: eight rules over company size, industry, job title, budget, region and source.
 * Engagement: six rules (product and pricing pages with a half-life, downloads once per 90 days,
 * events, a monthly-decaying newsletter click, unsubscribes at −40) with a web group cap and an
 * overall cap, fed to a tracker with about four activities per lead. The combined score is 60 % fit
 * and 40 % engagement. Leads and activities are generated with a fixed seed.
 *
 * <p>Before timing, the setup checks every lead's fit and combined score against {@link
 * #referenceFit} and {@link #referenceEngagement}, hand-written versions of the same rules that
 * build no explanation; the {@code reference} benchmark times them.
 *
 * <pre>{@code
 * ./mvnw -q -pl funnel-benchmarks -am package -DskipTests
 * java -jar funnel-benchmarks/target/benchmarks.jar Scoring
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// Setup leaves much garbage behind and the heap settles slowly: a long warm-up.
@Warmup(iterations = 6, time = 3)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
public class ScoringBenchmark {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant NOW = T0.plus(Duration.ofDays(120));
  private static final String[] INDUSTRIES = {
    "software", "finance", "retail", "health", "mining", "public"
  };
  private static final String[] TITLES = {"CTO", "CEO", "engineer", "buyer", "student", "analyst"};
  private static final String[] REGIONS = {"emea", "americas", "apac"};
  private static final String[] PAGES = {"product", "pricing", "careers", "blog"};
  private static final String[] TYPES = {
    "page_view", "page_view", "download", "event", "click", "unsubscribe"
  };

  @Param({"1000000"})
  public int leadCount;

  private Lead[] leads;
  private List<List<Activity>> activities;
  private FitScorer fit;
  private WeightedScorer combined;

  @Setup
  public void setUp() {
    fit =
        FitScorer.builder()
            .attribute("employees", AttributeType.NUMBER)
            .attribute("industry", AttributeType.TEXT)
            .attribute("title", AttributeType.TEXT)
            .attribute("budget", AttributeType.BOOLEAN)
            .attribute("region", AttributeType.TEXT)
            .rule(FitRule.between("small company", "employees", 0, 50, 5))
            .rule(FitRule.between("mid-size company", "employees", 50, 1000, 15))
            .rule(FitRule.atLeast("enterprise", "employees", 1000, 10))
            .rule(
                FitRule.oneOf(
                    "target industry", "industry", Set.of("software", "finance", "health"), 10))
            .rule(FitRule.oneOf("decision maker", "title", Set.of("CTO", "CEO"), 20))
            .rule(FitRule.equalTo("student", "title", "student", -30))
            .rule(FitRule.isTrue("has budget", "budget", 8))
            .rule(FitRule.matching("referral", l -> l.source().isPresent(), 12))
            .build();
    EngagementScoring engagement =
        EngagementScoring.builder()
            .rule(page("product page", "product", 5))
            .rule(page("pricing page", "pricing", 10))
            .rule(
                EngagementRule.builder("download")
                    .activity("download")
                    .points(15)
                    .once()
                    .within(Duration.ofDays(90))
                    .build())
            .rule(EngagementRule.builder("event").activity("event").points(20).build())
            .rule(
                EngagementRule.builder("newsletter click")
                    .activity("click")
                    .points(3)
                    .decay(Decay.percentPerPeriod(25, Duration.ofDays(30)))
                    .build())
            .rule(EngagementRule.builder("unsubscribe").activity("unsubscribe").points(-40).build())
            .groupCap("web", 40)
            .overallCap(100)
            .build();
    SplittableRandom random = new SplittableRandom(42);
    leads = new Lead[leadCount];
    activities = new ArrayList<>(leadCount);
    Attributes[] pageProperties = new Attributes[PAGES.length];
    for (int p = 0; p < PAGES.length; p++) {
      pageProperties[p] = Attributes.builder().put("page", PAGES[p]).build();
    }
    EngagementTracker tracker = engagement.newTracker();
    for (int i = 0; i < leadCount; i++) {
      Lead.Builder b =
          Lead.builder("L" + i)
              .attribute("employees", random.nextInt(5000))
              .attribute("industry", INDUSTRIES[random.nextInt(INDUSTRIES.length)])
              .attribute("region", REGIONS[random.nextInt(REGIONS.length)]);
      if (random.nextInt(4) > 0) {
        b.attribute("title", TITLES[random.nextInt(TITLES.length)]);
      }
      if (random.nextBoolean()) {
        b.attribute("budget", random.nextInt(3) == 0);
      }
      if (random.nextInt(5) == 0) {
        b.source("referral");
      }
      leads[i] = b.startIn("new", T0).build();
      List<Activity> own = new ArrayList<>();
      int n = random.nextInt(9);
      for (int k = 0; k < n; k++) {
        String type = TYPES[random.nextInt(TYPES.length - 1) + (random.nextInt(50) == 0 ? 1 : 0)];
        Instant at = T0.plus(Duration.ofMinutes(random.nextInt(120 * 24 * 60)));
        Activity activity =
            type.equals("page_view")
                ? new Activity(type, at, pageProperties[random.nextInt(PAGES.length)])
                : Activity.of(type, at);
        own.add(activity);
        tracker.record(leads[i].id(), activity);
      }
      activities.add(own);
    }
    combined =
        WeightedScorer.builder().add("fit", fit, 0.6).add("engagement", tracker, 0.4).build();
    for (int i = 0; i < leadCount; i++) {
      double expectedFit = referenceFit(leads[i]);
      double actualFit = fit.score(leads[i], NOW).value();
      double expected = 0.6 * expectedFit + 0.4 * referenceEngagement(activities.get(i), NOW);
      double actual = combined.score(leads[i], NOW).value();
      if (expectedFit != actualFit
          || Math.abs(expected - actual) > 1e-9 * (1 + Math.abs(expected))) {
        throw new IllegalStateException(
            "lead "
                + i
                + ": library "
                + actualFit
                + " / "
                + actual
                + ", reference "
                + expectedFit
                + " / "
                + expected);
      }
    }
  }

  private static EngagementRule page(String name, String page, double points) {
    return EngagementRule.builder(name)
        .activity("page_view")
        .where("page", page)
        .points(points)
        .decay(Decay.halfLife(Duration.ofDays(14)))
        .group("web")
        .build();
  }

  /** The fit rules by hand, without explanations. */
  static double referenceFit(Lead lead) {
    Attributes a = lead.attributes();
    double points = 0;
    double employees = a.number("employees").orElse(-1);
    points += employees >= 0 && employees < 50 ? 5 : 0;
    points += employees >= 50 && employees < 1000 ? 15 : 0;
    points += employees >= 1000 ? 10 : 0;
    String industry = a.text("industry").orElse("");
    points +=
        industry.equals("software") || industry.equals("finance") || industry.equals("health")
            ? 10
            : 0;
    String title = a.text("title").orElse("");
    points += title.equals("CTO") || title.equals("CEO") ? 20 : 0;
    points += title.equals("student") ? -30 : 0;
    points += a.isTrue("budget") ? 8 : 0;
    points += lead.source().isPresent() ? 12 : 0;
    return points;
  }

  /** The engagement rules by hand: a full rescan of the lead's activities. */
  static double referenceEngagement(List<Activity> activities, Instant now) {
    double web = 0;
    double other = 0;
    Instant latestDownload = null;
    for (Activity activity : activities) {
      double ageDays = Duration.between(activity.at(), now).toSeconds() / 86_400.0;
      switch (activity.type()) {
        case "page_view" -> {
          String page = activity.properties().text("page").orElse("");
          double points = page.equals("product") ? 5 : page.equals("pricing") ? 10 : 0;
          web += points * Math.pow(0.5, ageDays / 14);
        }
        case "download" ->
            latestDownload =
                latestDownload == null || activity.at().isAfter(latestDownload)
                    ? activity.at()
                    : latestDownload;
        case "event" -> other += 20;
        case "click" -> {
          long period = Duration.ofDays(30).toSeconds();
          long periods =
              Math.floorDiv(now.getEpochSecond(), period)
                  - Math.floorDiv(activity.at().getEpochSecond(), period);
          other += 3 * Math.pow(0.75, (double) periods);
        }
        case "unsubscribe" -> other -= 40;
        default -> {}
      }
    }
    if (latestDownload != null
        && Duration.between(latestDownload, now).compareTo(Duration.ofDays(90)) < 0) {
      other += 15;
    }
    return Math.min(Math.min(web, 40) + other, 100);
  }

  @Benchmark
  public double fit() {
    double sum = 0;
    for (Lead lead : leads) {
      sum += fit.score(lead, NOW).value();
    }
    return sum;
  }

  @Benchmark
  public double fitAndEngagement() {
    double sum = 0;
    for (Lead lead : leads) {
      sum += combined.score(lead, NOW).value();
    }
    return sum;
  }

  /** The same rules by hand: fit, plus engagement by rescanning each lead's activities. */
  @Benchmark
  public double reference() {
    double sum = 0;
    for (int i = 0; i < leads.length; i++) {
      sum += 0.6 * referenceFit(leads[i]) + 0.4 * referenceEngagement(activities.get(i), NOW);
    }
    return sum;
  }
}
