package dev.funnel.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.funnel.jdbc.JdbcLeadStore;
import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.Stage;
import dev.funnel.rules.TransitionEngine;
import dev.funnel.rules.TransitionResult;
import dev.funnel.rules.TransitionRules;
import dev.funnel.store.InMemoryLeadStore;
import dev.funnel.store.LeadStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Moves per second with history through a {@link LeadStore}: on PostgreSQL (zonky's embedded
 * binaries; commits durable, then with {@code synchronous_commit=off} to show what the wait for the
 * disk costs), on H2 in a file and in memory (each behind HikariCP), and in memory without a
 * database as the ceiling. A whole-run measurement: JMH would rerun the database set-up per fork
 * and hide the round trips this is about.
 *
 * <pre>{@code
 * ./mvnw -q install -DskipTests
 * ./mvnw -q -pl funnel-benchmarks exec:exec@leadstore [-Dleadstore.run="LEADS ROUNDS"]
 * }</pre>
 *
 * <p>A round empties the tables, adds {@code LEADS} leads in "new" and moves each through
 * qualified, proposal and won: three accepted moves per lead, each writing its visit. With one
 * thread, or two threads on disjoint halves ("apart"), nothing conflicts. "Racing": two threads
 * move every lead, each reading it and moving it one stage on, so that they collide on every lead;
 * a conflict is re-read and retried, and the conflicts are counted. Before a round's time counts,
 * every lead is read back and compared with the lead the moves must have made, built by hand. The
 * first round is a warm-up; the others give the mean and its standard deviation.
 */
public final class LeadStoreRun {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final List<String> PATH = List.of("qualified", "proposal", "won");

  private LeadStoreRun() {}

  public static void main(String[] args) throws Exception {
    int leads = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
    Funnel funnel = funnel();
    TransitionEngine engine =
        TransitionEngine.builder(funnel)
            .rule(TransitionRules.maxForwardSteps(1))
            .rule(TransitionRules.terminalLock())
            .build();
    System.out.printf(
        Locale.ROOT,
        "%d leads, 3 moves each, %d rounds (first one warm-up), %d processors, Java %s%n",
        leads,
        rounds,
        Runtime.getRuntime().availableProcessors(),
        Runtime.version());

    run("in memory (no database)", () -> InMemoryLeadStore.of(engine), null, leads, rounds);

    Path directory = Files.createTempDirectory("leadstore-run");
    for (String commit : new String[] {"on", "off"}) {
      try (EmbeddedPostgres postgres =
              EmbeddedPostgres.builder()
                  .setServerConfig("synchronous_commit", commit)
                  .setServerConfig("fsync", "on")
                  .start();
          HikariDataSource pool = pool(postgres.getPostgresDatabase())) {
        JdbcLeadStore.createSchema(pool);
        System.out.printf(
            Locale.ROOT,
            "PostgreSQL %s, synchronous_commit=%s, fsync=%s%n",
            show(pool, "server_version"),
            show(pool, "synchronous_commit"),
            show(pool, "fsync"));
        run(
            "PostgreSQL, sync " + commit,
            () -> JdbcLeadStore.builder(pool, engine).build(),
            pool,
            leads,
            rounds);
      }
    }
    try (HikariDataSource pool = pool("jdbc:h2:file:" + directory.resolve("leads"))) {
      JdbcLeadStore.createSchema(pool);
      run("H2 in a file", () -> JdbcLeadStore.builder(pool, engine).build(), pool, leads, rounds);
    } finally {
      try (Stream<Path> files = Files.walk(directory)) {
        files.sorted(Comparator.reverseOrder()).forEach(LeadStoreRun::delete);
      }
    }
    try (HikariDataSource pool = pool("jdbc:h2:mem:leads;DB_CLOSE_DELAY=-1")) {
      JdbcLeadStore.createSchema(pool);
      run("H2 in memory", () -> JdbcLeadStore.builder(pool, engine).build(), pool, leads, rounds);
    }
  }

  private static Funnel funnel() {
    return Funnel.builder("run")
        .stage(Stage.open("new").winProbability(0.1))
        .stage(Stage.open("qualified").winProbability(0.3))
        .stage(Stage.open("proposal").winProbability(0.6))
        .stage(Stage.won("won"))
        .stage(Stage.lost("lost"))
        .build();
  }

  private static HikariDataSource pool(DataSource server) {
    HikariConfig config = new HikariConfig();
    config.setDataSource(server);
    config.setMaximumPoolSize(4);
    return new HikariDataSource(config);
  }

  private static HikariDataSource pool(String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(4);
    return new HikariDataSource(config);
  }

  private static String show(DataSource dataSource, String setting) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SHOW " + setting)) {
      row.next();
      return row.getString(1);
    }
  }

  /** One database: adds, then moves one thread, two threads apart, two threads racing. */
  private static void run(
      String name, Supplier<LeadStore> stores, DataSource dataSource, int leads, int rounds)
      throws Exception {
    for (Mode mode : Mode.values()) {
      List<Double> adds = new ArrayList<>();
      List<Double> moves = new ArrayList<>();
      long conflicts = 0;
      for (int round = 0; round < rounds; round++) {
        if (dataSource != null) {
          clear(dataSource);
        }
        LeadStore store = stores.get();
        long t0 = System.nanoTime();
        for (int i = 0; i < leads; i++) {
          store.add(start(i));
        }
        long t1 = System.nanoTime();
        long roundConflicts = mode.move(store, leads);
        long t2 = System.nanoTime();
        check(store, leads);
        if (round > 0) {
          adds.add(leads / ((t1 - t0) / 1e9));
          moves.add(3.0 * leads / ((t2 - t1) / 1e9));
          conflicts += roundConflicts;
        }
      }
      System.out.printf(
          Locale.ROOT,
          "%-24s %-18s adds/s %s   moves/s %s   conflicts per round %.0f%n",
          name,
          mode.label,
          meanAndError(adds),
          meanAndError(moves),
          conflicts / (double) (rounds - 1));
    }
  }

  private enum Mode {
    ONE_THREAD("1 thread") {
      @Override
      long move(LeadStore store, int leads) {
        for (int i = 0; i < leads; i++) {
          for (int step = 0; step < PATH.size(); step++) {
            moveOrFail(store, i, step);
          }
        }
        return 0;
      }
    },
    APART("2 threads apart") {
      @Override
      long move(LeadStore store, int leads) throws Exception {
        return inThreads(
            thread -> {
              for (int i = thread; i < leads; i += 2) {
                for (int step = 0; step < PATH.size(); step++) {
                  moveOrFail(store, i, step);
                }
              }
              return 0L;
            });
      }
    },
    RACING("2 threads racing") {
      @Override
      long move(LeadStore store, int leads) throws Exception {
        return inThreads(
            thread -> {
              long conflicts = 0;
              for (int i = 0; i < leads; i++) {
                String id = id(i);
                while (true) {
                  Lead lead = store.lead(id).orElseThrow();
                  int step = PATH.indexOf(lead.currentStageId()) + 1;
                  if (step == PATH.size()) {
                    break;
                  }
                  TransitionResult result =
                      store.move(id, lead.version(), PATH.get(step), at(i, step), "run");
                  if (result.isConflict()) {
                    conflicts++;
                  } else if (!result.isAccepted()) {
                    throw new IllegalStateException(id + ": " + result);
                  }
                }
              }
              return conflicts;
            });
      }
    };

    final String label;

    Mode(String label) {
      this.label = label;
    }

    /** Moves every lead to won; returns the conflicts met. */
    abstract long move(LeadStore store, int leads) throws Exception;
  }

  private interface Worker {
    long run(int thread) throws Exception;
  }

  private static long inThreads(Worker worker) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<Future<Long>> done = new ArrayList<>();
      for (int thread = 0; thread < 2; thread++) {
        int t = thread;
        done.add(threads.submit(() -> worker.run(t)));
      }
      long sum = 0;
      for (Future<Long> future : done) {
        sum += future.get();
      }
      return sum;
    } finally {
      threads.shutdown();
    }
  }

  private static void moveOrFail(LeadStore store, int i, int step) {
    TransitionResult result = store.move(id(i), step, PATH.get(step), at(i, step), "run");
    if (!result.isAccepted()) {
      throw new IllegalStateException(id(i) + ": " + result);
    }
  }

  private static String id(int i) {
    return String.format(Locale.ROOT, "lead-%07d", i);
  }

  private static Instant at(int i, int step) {
    return START.plusSeconds(i).plus(Duration.ofDays(step + 1L));
  }

  private static Lead start(int i) {
    return Lead.builder(id(i))
        .value(BigDecimal.valueOf(1000 + i % 97, 2))
        .source(i % 2 == 0 ? "web" : "referral")
        .startIn("new", START.plusSeconds(i))
        .build();
  }

  /** Every lead read back must be the lead the three moves make, in id order. */
  private static void check(LeadStore store, int leads) {
    List<Lead> all;
    try (Stream<Lead> read = store.leads()) {
      all = read.collect(Collectors.toList());
    }
    if (all.size() != leads) {
      throw new IllegalStateException("read " + all.size() + " leads of " + leads);
    }
    for (int i = 0; i < leads; i++) {
      Lead lead = all.get(i);
      Lead expected = start(i);
      for (int step = 0; step < PATH.size(); step++) {
        expected = expected.withStageChange(PATH.get(step), at(i, step), "run");
      }
      if (!expected.equals(lead)) {
        throw new IllegalStateException("expected " + expected + " but read " + lead);
      }
    }
  }

  private static String meanAndError(List<Double> values) {
    double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    double squares =
        values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / (values.size() - 1);
    return String.format(Locale.ROOT, "%8.0f ± %5.0f", mean, Math.sqrt(squares));
  }

  private static void delete(Path file) {
    try {
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void clear(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      for (String table :
          new String[] {
            "funnel_activity_property",
            "funnel_activity",
            "funnel_lead_attribute",
            "funnel_stage_visit",
            "funnel_lead"
          }) {
        statement.executeUpdate("DELETE FROM " + table);
      }
    }
  }
}
