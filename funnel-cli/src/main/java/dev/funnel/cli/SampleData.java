package dev.funnel.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates the bundled sample event log: an online store's November 2026, 12,000 visitors from
 * four sources, each walking page view → product view → add to cart → begin checkout → purchase
 * with source-specific odds and realistic delays (some carts come back after the 7-day window),
 * among site searches and newsletter sign-ups that belong to no step.
 *
 * <p>The output depends only on the seed ({@link SplittableRandom}'s sequence is specified), so the
 * committed file can be checked against a fresh run. Run {@code main} with the target path to
 * rewrite it.
 */
public final class SampleData {
  static final long SEED = 20_261_101L;
  static final int VISITORS = 12_000;
  private static final Instant NOVEMBER = Instant.parse("2026-11-01T00:00:00Z");

  @SuppressWarnings("ArrayRecordComponent") // private, read only, never compared
  private record Source(String name, double share, double[] next) {}

  // Per source: its share of visitors, and the chance of each step given the one before.
  private static final List<Source> SOURCES =
      List.of(
          new Source("search", 0.40, new double[] {0.62, 0.30, 0.55, 0.72}),
          new Source("social", 0.30, new double[] {0.48, 0.18, 0.50, 0.65}),
          new Source("email", 0.15, new double[] {0.70, 0.38, 0.60, 0.80}),
          new Source("referral", 0.15, new double[] {0.66, 0.34, 0.58, 0.78}));

  private static final String[] STEPS = {
    "page_view", "product_view", "add_to_cart", "begin_checkout", "purchase"
  };

  // Visits by hour of day (UTC), a shop's evening peak.
  private static final int[] HOUR_WEIGHTS = {
    2, 1, 1, 1, 1, 2, 3, 5, 6, 7, 7, 8, 9, 8, 8, 8, 9, 10, 12, 14, 13, 10, 6, 3
  };

  private record Row(Instant time, String subject, String event, String source) {}

  private SampleData() {}

  /** Writes the sample to the path given as the only argument. */
  public static void main(String[] args) throws IOException {
    try (Writer out = Files.newBufferedWriter(Path.of(args[0]), StandardCharsets.UTF_8)) {
      write(out);
    }
  }

  /** Writes the sample CSV, header first, rows in time order. */
  static void write(Writer out) throws IOException {
    SplittableRandom random = new SplittableRandom(SEED);
    List<Row> rows = new ArrayList<>();
    for (int v = 1; v <= VISITORS; v++) {
      visitor(random, String.format(java.util.Locale.ROOT, "v%05d", v), rows);
    }
    rows.sort(Comparator.comparing(Row::time).thenComparing(Row::subject));
    out.write("subject,time,event,source\n");
    for (Row row : rows) {
      out.write(row.subject + "," + row.time + "," + row.event + "," + row.source + "\n");
    }
  }

  private static void visitor(SplittableRandom random, String id, List<Row> rows) {
    Source source = pick(random);
    Instant t =
        NOVEMBER
            .plus(random.nextInt(30), ChronoUnit.DAYS)
            .plus(hour(random), ChronoUnit.HOURS)
            .plusSeconds(random.nextInt(3600));
    rows.add(new Row(t, id, STEPS[0], source.name));
    noise(random, id, source, t, rows);
    for (int step = 1; step < STEPS.length; step++) {
      if (random.nextDouble() >= source.next[step - 1]) {
        break;
      }
      t = t.plusSeconds(delaySeconds(random, step));
      rows.add(new Row(t, id, STEPS[step], source.name));
    }
    if (random.nextDouble() < 0.15) {
      // A returning visitor: a second page view some days later.
      rows.add(new Row(t.plus(1 + random.nextInt(10), ChronoUnit.DAYS), id, STEPS[0], source.name));
    }
  }

  private static void noise(
      SplittableRandom random, String id, Source source, Instant start, List<Row> rows) {
    int searches = random.nextInt(4);
    for (int i = 0; i < searches; i++) {
      rows.add(new Row(start.plusSeconds(5 + random.nextInt(900)), id, "site_search", source.name));
    }
    if (random.nextDouble() < 0.05) {
      rows.add(
          new Row(
              start.plusSeconds(30 + random.nextInt(600)), id, "newsletter_signup", source.name));
    }
  }

  /** Seconds from step − 1 to {@code step}: mostly within the session, some days later. */
  private static long delaySeconds(SplittableRandom random, int step) {
    return switch (step) {
      case 1 -> exponential(random, 180);
      case 2 -> random.nextDouble() < 0.8 ? exponential(random, 1_200) : days(random, 1, 5);
      case 3 ->
          // Abandoned carts come back up to nine days later, some after the 7-day window.
          random.nextDouble() < 0.3 ? exponential(random, 300) : days(random, 1, 9);
      default -> random.nextDouble() < 0.9 ? exponential(random, 240) : days(random, 1, 2);
    };
  }

  private static long exponential(SplittableRandom random, double meanSeconds) {
    return 1 + (long) (-meanSeconds * Math.log(1 - random.nextDouble()));
  }

  private static long days(SplittableRandom random, int from, int to) {
    return (long) ((from + random.nextDouble() * (to - from)) * 86_400);
  }

  private static long hour(SplittableRandom random) {
    int total = 0;
    for (int w : HOUR_WEIGHTS) {
      total += w;
    }
    int r = random.nextInt(total);
    for (int h = 0; h < HOUR_WEIGHTS.length; h++) {
      r -= HOUR_WEIGHTS[h];
      if (r < 0) {
        return h;
      }
    }
    throw new AssertionError("weights sum to " + total);
  }

  private static Source pick(SplittableRandom random) {
    double r = random.nextDouble();
    for (Source s : SOURCES) {
      r -= s.share;
      if (r < 0) {
        return s;
      }
    }
    return SOURCES.get(SOURCES.size() - 1);
  }
}
