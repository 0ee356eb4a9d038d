package dev.funnel.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.model.Stage;
import dev.funnel.model.StaleLeadPolicy;
import dev.funnel.rules.TransitionEngine;
import dev.funnel.scoring.Activity;
import dev.funnel.store.InMemoryLeadStore;
import dev.funnel.store.LeadStore;
import dev.funnel.store.LeadStoreException;
import dev.funnel.store.PipelineReport;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the JDBC store does beyond the contract: transactions, times, schema checks, streaming. */
class JdbcLeadStoreTest {
  private static final Instant T0 = Instant.parse("2026-02-02T09:00:00Z");
  private static final Funnel FUNNEL =
      Funnel.builder("sales")
          .stage(Stage.open("new").winProbability(0.1))
          .stage(Stage.open("qualified").winProbability(0.3))
          .stage(Stage.won("won"))
          .stage(Stage.lost("lost"))
          .build();
  private static final TransitionEngine ENGINE = TransitionEngine.builder(FUNNEL).build();

  static Stream<Arguments> databases() {
    return Stream.of(
        Arguments.of("PostgreSQL", (DatabaseSource) Databases::postgres),
        Arguments.of("H2", (DatabaseSource) Databases::h2));
  }

  /** Supplies a data source lazily, so that a test on H2 alone does not start PostgreSQL. */
  interface DatabaseSource {
    DataSource get();
  }

  private static JdbcLeadStore emptyStore(DataSource dataSource) {
    JdbcLeadStoreContract.clear(dataSource);
    return JdbcLeadStore.builder(dataSource, ENGINE).build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void aConnectionKilledMidMoveLeavesNothingPartial(String name, DatabaseSource database)
      throws SQLException {
    DataSource dataSource = database.get();
    emptyStore(dataSource).add(Lead.builder("L1").startIn("new", T0).build());
    // The move has updated the lead row and ended the visit when its connection dies, just
    // before the new visit is written: only a rollback of the whole move leaves no trace.
    DataSource killing = killedBefore(dataSource, "INSERT INTO funnel_stage_visit");
    LeadStore store = JdbcLeadStore.builder(killing, ENGINE).build();

    assertThatThrownBy(() -> store.move("L1", 0, "qualified", T0.plusSeconds(60), "call"))
        .isInstanceOf(LeadStoreException.class)
        .hasMessageContaining("move lead 'L1'");

    LeadStore healthy = JdbcLeadStore.builder(dataSource, ENGINE).build();
    assertThat(healthy.lead("L1")).contains(Lead.builder("L1").startIn("new", T0).build());
    assertThat(count(dataSource, "SELECT COUNT(*) FROM funnel_stage_visit WHERE lead_id = 'L1'"))
        .isEqualTo(1);
    assertThat(
            count(
                dataSource,
                "SELECT COUNT(*) FROM funnel_lead WHERE id = 'L1' AND version = 0"
                    + " AND stage_id = 'new'"))
        .isEqualTo(1);
    assertThat(healthy.move("L1", 0, "qualified", T0.plusSeconds(90), "call").isAccepted())
        .isTrue();
    assertThat(healthy.lead("L1").orElseThrow().version()).isEqualTo(1);
  }

  /**
   * A data source whose connections die when a statement starting with {@code prefix} is prepared:
   * on PostgreSQL the server ends the backend (pg_terminate_backend, from another connection); on
   * H2 the connection is closed under the transaction.
   */
  private static DataSource killedBefore(DataSource dataSource, String prefix) {
    InvocationHandler sources =
        (proxy, method, args) -> {
          Object result = invoke(method, dataSource, args);
          if (!method.getName().equals("getConnection")) {
            return result;
          }
          Connection connection = (Connection) result;
          return Proxy.newProxyInstance(
              JdbcLeadStoreTest.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              (p, m, a) -> {
                if (m.getName().equals("prepareStatement") && ((String) a[0]).startsWith(prefix)) {
                  kill(dataSource, connection);
                }
                return invoke(m, connection, a);
              });
        };
    return (DataSource)
        Proxy.newProxyInstance(
            JdbcLeadStoreTest.class.getClassLoader(), new Class<?>[] {DataSource.class}, sources);
  }

  private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void kill(DataSource dataSource, Connection victim) throws SQLException {
    if (!victim.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
      victim.close();
      return;
    }
    int pid;
    try (Statement statement = victim.createStatement();
        ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
      row.next();
      pid = row.getInt(1);
    }
    try (Connection other = dataSource.getConnection();
        PreparedStatement terminate = other.prepareStatement("SELECT pg_terminate_backend(?)")) {
      terminate.setInt(1, pid);
      terminate.executeQuery().close();
    }
  }

  private static long count(DataSource dataSource, String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void timesFinerThanAMicrosecondAreRefusedNotRounded(String name, DatabaseSource database) {
    JdbcLeadStore store = emptyStore(database.get());
    Instant fine = T0.plusNanos(1_500);
    assertThatThrownBy(() -> store.add(Lead.builder("L1").startIn("new", fine).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(fine.toString())
        .hasMessageContaining("2026-02-02T09:00:00.000001Z");
    assertThat(store.size()).isZero();
    store.add(Lead.builder("L1").startIn("new", T0).build());
    assertThatThrownBy(() -> store.move("L1", 0, "qualified", fine, "call"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("microsecond");
    assertThatThrownBy(() -> store.recordActivity("L1", Activity.of("call", fine)))
        .isInstanceOf(IllegalArgumentException.class);
    Instant far = Instant.parse("+10000-01-01T00:00:00Z");
    assertThatThrownBy(() -> store.recordActivity("L1", Activity.of("call", far)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("years 1 to 9999");
    assertThat(store.lead("L1").orElseThrow().version()).isZero();
    assertThat(store.activities("L1")).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void manyLeadsStreamInBatchesAndReportAsInMemory(String name, DatabaseSource database) {
    DataSource dataSource = database.get();
    JdbcLeadStoreContract.clear(dataSource);
    LeadStore store = JdbcLeadStore.builder(dataSource, ENGINE).fetchSize(7).build();
    LeadStore memory = InMemoryLeadStore.of(ENGINE);
    List<Lead> added = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      Lead lead =
          Lead.builder(String.format("L%04d", i))
              .value(BigDecimal.valueOf(i * 10L))
              .attribute("employees", i)
              .startIn("new", T0)
              .build();
      if (i % 3 > 0) {
        lead = lead.withStageChange("qualified", T0.plus(Duration.ofDays(i % 11)), "call");
      }
      if (i % 5 == 0) {
        lead = lead.withStageChange("lost", T0.plus(Duration.ofDays(12)), "price");
      }
      store.add(lead);
      memory.add(lead);
      added.add(lead);
    }
    try (Stream<Lead> leads = store.leads()) {
      assertThat(leads).containsExactlyElementsOf(added);
    }
    StaleLeadPolicy policy =
        StaleLeadPolicy.builder(FUNNEL).maxTimeIn("new", Duration.ofDays(9)).build();
    Instant now = T0.plus(Duration.ofDays(20));
    PipelineReport fromDatabase = PipelineReport.of(FUNNEL, store, policy, now);
    PipelineReport fromMemory = PipelineReport.of(FUNNEL, memory, policy, now);
    assertThat(fromDatabase.conversion().steps()).isEqualTo(fromMemory.conversion().steps());
    assertThat(fromDatabase.pipeline().weightedTotal())
        .isEqualTo(fromMemory.pipeline().weightedTotal());
    assertThat(fromDatabase.staleLeads()).isEqualTo(fromMemory.staleLeads());
  }

  @Test
  void aDatabaseWithoutTheSchemaSaysWhatToRun() {
    JdbcDataSource bare = new JdbcDataSource();
    bare.setURL("jdbc:h2:mem:bare;DB_CLOSE_DELAY=-1");
    assertThatThrownBy(() -> JdbcLeadStore.builder(bare, ENGINE).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("JdbcLeadStore.createSchema")
        .hasMessageContaining("schema-h2.sql");
    JdbcLeadStore.createSchema(bare);
    JdbcLeadStore.createSchema(bare); // again: nothing is created twice
    assertThat(JdbcLeadStore.builder(bare, ENGINE).build().size()).isZero();
  }

  @Test
  void aSchemaAtAnotherVersionIsRefused() throws SQLException {
    JdbcDataSource later = new JdbcDataSource();
    later.setURL("jdbc:h2:mem:later;DB_CLOSE_DELAY=-1");
    JdbcLeadStore.createSchema(later);
    try (Connection connection = later.getConnection();
        Statement statement = connection.createStatement()) {
      statement.executeUpdate("UPDATE funnel_schema SET version = 2");
    }
    assertThatThrownBy(() -> JdbcLeadStore.builder(later, ENGINE).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("version 2")
        .hasMessageContaining("reads version 1");
  }

  @Test
  void aFileDatabaseKeepsItsLeadsAcrossOpenings(@TempDir Path dir) {
    Lead lead = Lead.builder("L1").value(new BigDecimal("99.90")).startIn("new", T0).build();
    try (EmbeddedDatabase db = EmbeddedDatabase.file(dir.resolve("pipeline"))) {
      JdbcLeadStore.builder(db.dataSource(), ENGINE).build().add(lead);
    }
    try (EmbeddedDatabase db = EmbeddedDatabase.file(dir.resolve("pipeline"))) {
      assertThat(JdbcLeadStore.builder(db.dataSource(), ENGINE).build().lead("L1")).contains(lead);
    }
    assertThatThrownBy(() -> EmbeddedDatabase.inMemory("no spaces"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no spaces");
  }
}
