package dev.funnel.jdbc;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.funnel.jdbc.Columns.ATTRIBUTE_COLUMNS;
import static dev.funnel.jdbc.Columns.checkTime;
import static dev.funnel.jdbc.Columns.checkTimes;
import static dev.funnel.jdbc.Columns.requiredTime;
import static dev.funnel.jdbc.Columns.setAttribute;
import static dev.funnel.jdbc.Columns.setTime;
import static java.util.Objects.requireNonNull;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.io.Resources;
import dev.funnel.model.Attributes;
import dev.funnel.model.Lead;
import dev.funnel.model.StageVisit;
import dev.funnel.rules.TransitionEngine;
import dev.funnel.rules.TransitionResult;
import dev.funnel.scoring.Activity;
import dev.funnel.store.LeadStore;
import dev.funnel.store.LeadStoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LeadStore} on PostgreSQL or H2 through JDBC. The schema (leads, stage visits, lead
 * attributes, activities and their properties) is plain SQL in {@code
 * dev/funnel/jdbc/schema-postgresql.sql} and {@code schema-h2.sql} beside this class; {@link
 * #createSchema} runs the one for the database, and a migration tool can run a copy instead.
 *
 * <pre>{@code
 * JdbcLeadStore.createSchema(dataSource);
 * JdbcLeadStore store = JdbcLeadStore.builder(dataSource, engine).build();
 * store.add(lead);
 * TransitionResult result = store.move("L-17", seenVersion, "approved", now, "budget confirmed");
 * if (result.isConflict()) { ... read the lead again and decide again ... }
 * }</pre>
 *
 * <p><b>A move is one transaction</b>: it reads the lead, asks the engine, then updates the lead
 * row {@code WHERE id = ? AND version = ?} (the compare-and-set: a move decided on another version
 * updates nothing and is returned as a conflict), ends the ongoing visit and inserts the new one,
 * and commits. The visit rows, the lead row and its version change together or not at all; a
 * connection lost before the commit leaves the lead as it was. Round trips per move that lands: two
 * reads (the lead with its visits, its attributes), three writes, the commit. The isolation level
 * is the data source's (read committed is enough: the compare-and-set is one row's update).
 *
 * <p>Times are kept to the microsecond, in the years 1 to 9999: an instant with nanoseconds is
 * refused, not rounded ({@link IllegalArgumentException}). Values keep their scale (1200.50 reads
 * back as 1200.50).
 *
 * <p>Thread-safe: each call takes a connection from the data source and returns it; give it a pool
 * (HikariCP, or H2's own in {@link EmbeddedDatabase}) for throughput. {@link #leads()} holds one
 * connection until the stream is closed and reads in batches of {@link Builder#fetchSize}.
 *
 * <p>Failure modes: bad arguments as {@link LeadStore} says, checked before anything is written; a
 * database that cannot be reached or used throws {@link LeadStoreException} with the SQL state, and
 * the transaction is rolled back.
 */
public final class JdbcLeadStore implements LeadStore {
  private static final Logger logger = LoggerFactory.getLogger(JdbcLeadStore.class);

  /** The schema version this store reads and writes; the scripts record it in funnel_schema. */
  public static final int SCHEMA_VERSION = 1;

  private static final String UNIQUE_VIOLATION = "23505";
  // PostgreSQL says 23503 for a missing parent row, H2 23506.
  private static final ImmutableSet<String> NO_PARENT = ImmutableSet.of("23503", "23506");

  private final DataSource dataSource;
  private final TransitionEngine engine;
  private final Dialect dialect;
  private final int fetchSize;

  private JdbcLeadStore(Builder builder, Dialect dialect) {
    this.dataSource = builder.dataSource;
    this.engine = builder.engine;
    this.fetchSize = builder.fetchSize;
    this.dialect = dialect;
  }

  /** Starts a store on the data source whose moves the engine decides. */
  public static Builder builder(DataSource dataSource, TransitionEngine engine) {
    return new Builder(dataSource, engine);
  }

  /**
   * Creates the store's tables if they are not there, by the schema script of the database
   * (PostgreSQL or H2), in one transaction. Running it again changes nothing.
   *
   * @throws IllegalArgumentException if the database is neither PostgreSQL nor H2
   * @throws LeadStoreException if a statement fails
   */
  public static void createSchema(DataSource dataSource) {
    requireNonNull(dataSource, "dataSource");
    try (Connection connection = dataSource.getConnection()) {
      Dialect dialect = Dialect.of(connection.getMetaData().getDatabaseProductName());
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        for (String sql : statements(schemaScript(dialect))) {
          statement.execute(sql);
        }
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw failure("could not create the schema", e);
    }
  }

  /** Returns the text of a schema script, as shipped beside this class. */
  static String schemaScript(Dialect dialect) {
    try {
      return Resources.toString(
          Resources.getResource(JdbcLeadStore.class, dialect.script()), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Splits a script into statements: comments dropped, split at semicolons. */
  static List<String> statements(String script) {
    StringBuilder code = new StringBuilder();
    for (String line : Splitter.on('\n').split(script)) {
      int comment = line.indexOf("--");
      code.append(comment < 0 ? line : line.substring(0, comment)).append('\n');
    }
    List<String> statements = new ArrayList<>();
    for (String statement : Splitter.on(';').trimResults().omitEmptyStrings().split(code)) {
      statements.add(statement);
    }
    return statements;
  }

  @Override
  public void add(Lead lead) {
    requireNonNull(lead, "lead");
    engine.funnel().checkStagesOf(lead);
    for (StageVisit visit : lead.history()) {
      checkTime(visit.entered(), "lead '" + lead.id() + "' entered '" + visit.stageId() + "' at");
    }
    checkTimes(lead.attributes(), "lead '" + lead.id() + "'");
    write(
        "add lead '" + lead.id() + "'",
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO funnel_lead (id, deal_value, value_scale, source, segment,"
                      + " lost_reason, stage_id, stage_since, version)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, lead.id());
            insert.setBigDecimal(2, lead.value());
            insert.setInt(3, lead.value().scale());
            setText(insert, 4, lead.source());
            setText(insert, 5, lead.segment());
            setText(insert, 6, lead.lostReason());
            insert.setString(7, lead.currentStageId());
            setTime(insert, 8, lead.currentVisit().entered());
            insert.setLong(9, lead.version());
            insert.executeUpdate();
          } catch (SQLException e) {
            checkArgument(
                !UNIQUE_VIOLATION.equals(e.getSQLState()),
                "lead '%s' is stored already",
                lead.id());
            throw e;
          }
          writeAttributes(
              connection, "funnel_lead_attribute", "lead_id", lead.id(), lead.attributes());
          try (PreparedStatement visits = connection.prepareStatement(INSERT_VISIT)) {
            for (int seq = 0; seq < lead.history().size(); seq++) {
              StageVisit visit = lead.history().get(seq);
              bindVisit(visits, lead.id(), seq, visit);
              visits.addBatch();
            }
            visits.executeBatch();
          }
        });
  }

  /**
   * Inserts typed values in their order into {@code table}, whose rows belong to {@code owner} by
   * {@code ownerColumn}: a lead's attributes, an activity's properties.
   */
  private static void writeAttributes(
      Connection connection, String table, String ownerColumn, Object owner, Attributes values)
      throws SQLException {
    if (values.size() == 0) {
      return;
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO "
                + table
                + " ("
                + ownerColumn
                + ", ordinal, "
                + ATTRIBUTE_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      int ordinal = 0;
      for (String name : values.names()) {
        insert.setObject(1, owner);
        insert.setInt(2, ordinal++);
        setAttribute(insert, 3, values, name);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static final String INSERT_VISIT =
      "INSERT INTO funnel_stage_visit (lead_id, seq, stage_id, entered, exited, reason)"
          + " VALUES (?, ?, ?, ?, ?, ?)";

  private static void bindVisit(PreparedStatement insert, String leadId, long seq, StageVisit visit)
      throws SQLException {
    insert.setString(1, leadId);
    insert.setLong(2, seq);
    insert.setString(3, visit.stageId());
    setTime(insert, 4, visit.entered());
    setTime(insert, 5, visit.exited().orElse(null));
    insert.setString(6, visit.reason());
  }

  @Override
  public Optional<Lead> lead(String id) {
    requireNonNull(id, "id");
    return inTransaction(
        "read lead '" + id + "'", connection -> Optional.ofNullable(load(connection, id)));
  }

  // The lead row and its visits in one statement, so that they come from one snapshot: read in
  // two, a move committed between them would pair version n with n + 2 visits. Attributes are
  // written once, with the lead, so they may be read apart.
  private static final String LEAD_AND_VISITS =
      "SELECT l.id, l.deal_value, l.value_scale, l.source, l.segment, l.lost_reason, l.version,"
          + " v.stage_id, v.entered, v.exited, v.reason"
          + " FROM funnel_lead l JOIN funnel_stage_visit v ON v.lead_id = l.id";

  private static @Nullable Lead load(Connection connection, String id) throws SQLException {
    Lead.Builder lead = Lead.builder(id);
    long version = -1;
    List<StageVisit> history = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(LEAD_AND_VISITS + " WHERE l.id = ? ORDER BY v.seq")) {
      select.setString(1, id);
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          if (history.isEmpty()) {
            version = readLeadRow(row, 2, lead);
          }
          history.add(readVisit(row, 8));
        }
      }
    }
    if (history.isEmpty()) {
      return null;
    }
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT "
                + ATTRIBUTE_COLUMNS
                + " FROM funnel_lead_attribute WHERE lead_id = ? ORDER BY ordinal")) {
      select.setString(1, id);
      Attributes.Builder attributes = Attributes.builder();
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          Columns.readAttribute(row, 1, attributes);
        }
      }
      lead.attributes(attributes.build());
    }
    return build(lead, history, version, id);
  }

  /** Reads value, scale, source, segment, lost reason from {@code first}; returns the version. */
  private static long readLeadRow(ResultSet row, int first, Lead.Builder lead) throws SQLException {
    BigDecimal value = row.getBigDecimal(first);
    // Exact: the stored value had this scale; the database may only have dropped trailing zeros.
    lead.value(value.setScale(row.getInt(first + 1), RoundingMode.UNNECESSARY));
    String source = row.getString(first + 2);
    if (source != null) {
      lead.source(source);
    }
    String segment = row.getString(first + 3);
    if (segment != null) {
      lead.segment(segment);
    }
    String lostReason = row.getString(first + 4);
    if (lostReason != null) {
      lead.lostReason(lostReason);
    }
    return row.getLong(first + 5);
  }

  private static StageVisit readVisit(ResultSet row, int first) throws SQLException {
    return new StageVisit(
        row.getString(first),
        requiredTime(row, first + 1),
        Optional.ofNullable(Columns.time(row, first + 2)),
        row.getString(first + 3));
  }

  private static Lead build(Lead.Builder lead, List<StageVisit> history, long version, String id)
      throws SQLException {
    if (history.size() != version + 1) {
      throw new SQLException(
          String.format(
              "lead '%s' is stored at version %d but with %d visits: the rows were changed"
                  + " outside the store",
              id, version, history.size()));
    }
    try {
      return lead.history(history).build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new SQLException("lead '" + id + "' is stored inconsistently: " + e.getMessage(), e);
    }
  }

  @Override
  public TransitionResult move(
      String leadId, long expectedVersion, String toStageId, Instant at, String reason) {
    requireNonNull(leadId, "leadId");
    requireNonNull(toStageId, "toStageId");
    requireNonNull(reason, "reason");
    checkTime(requireNonNull(at, "at"), "move of lead '" + leadId + "' at");
    return inTransaction(
        "move lead '" + leadId + "' to '" + toStageId + "'",
        connection -> {
          Lead lead = load(connection, leadId);
          checkArgument(lead != null, "no lead '%s' in the store", leadId);
          TransitionResult result = engine.move(lead, expectedVersion, toStageId, at, reason);
          if (!result.isAccepted() || result.isStay()) {
            return result;
          }
          Lead moved = result.lead();
          if (!compareAndSet(connection, moved, expectedVersion)) {
            // Moved by someone else since it was read: their move stands, this one is stale.
            connection.rollback();
            Lead now = load(connection, leadId);
            logger.debug("conflicting move of lead {} at version {}", leadId, expectedVersion);
            return engine.move(requireNonNull(now, "lead"), expectedVersion, toStageId, at, reason);
          }
          try (PreparedStatement end =
                  connection.prepareStatement(
                      "UPDATE funnel_stage_visit SET exited = ? WHERE lead_id = ? AND seq = ?");
              PreparedStatement insert = connection.prepareStatement(INSERT_VISIT)) {
            setTime(end, 1, at);
            end.setString(2, leadId);
            end.setLong(3, expectedVersion);
            end.executeUpdate();
            bindVisit(insert, leadId, moved.version(), moved.currentVisit());
            insert.executeUpdate();
          }
          return result;
        });
  }

  /** Writes the moved lead's row if it is still at {@code expectedVersion}; returns whether. */
  private static boolean compareAndSet(Connection connection, Lead moved, long expectedVersion)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE funnel_lead SET stage_id = ?, stage_since = ?, lost_reason = ?, version = ?"
                + " WHERE id = ? AND version = ?")) {
      update.setString(1, moved.currentStageId());
      setTime(update, 2, moved.currentVisit().entered());
      setText(update, 3, moved.lostReason());
      update.setLong(4, moved.version());
      update.setString(5, moved.id());
      update.setLong(6, expectedVersion);
      return update.executeUpdate() == 1;
    }
  }

  @Override
  public void recordActivity(String leadId, Activity activity) {
    requireNonNull(leadId, "leadId");
    requireNonNull(activity, "activity");
    checkTime(activity.at(), "activity '" + activity.type() + "' of lead '" + leadId + "' at");
    checkTimes(activity.properties(), "activity '" + activity.type() + "'");
    write(
        "record an activity of lead '" + leadId + "'",
        connection -> {
          long id;
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO funnel_activity (lead_id, activity_type, occurred_at)"
                      + " VALUES (?, ?, ?)",
                  new String[] {"id"})) {
            insert.setString(1, leadId);
            insert.setString(2, activity.type());
            setTime(insert, 3, activity.at());
            insert.executeUpdate();
            try (ResultSet key = insert.getGeneratedKeys()) {
              if (!key.next()) {
                throw new SQLException("the database returned no id for the activity");
              }
              id = key.getLong(1);
            }
          } catch (SQLException e) {
            checkArgument(
                !NO_PARENT.contains(String.valueOf(e.getSQLState())),
                "no lead '%s' in the store",
                leadId);
            throw e;
          }
          writeAttributes(
              connection, "funnel_activity_property", "activity_id", id, activity.properties());
        });
  }

  @Override
  public ImmutableList<Activity> activities(String leadId) {
    requireNonNull(leadId, "leadId");
    return inTransaction(
        "read the activities of lead '" + leadId + "'",
        connection -> {
          checkArgument(exists(connection, leadId), "no lead '%s' in the store", leadId);
          ImmutableList.Builder<Activity> activities = ImmutableList.builder();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT a.id, a.activity_type, a.occurred_at, p.name, p.value_type,"
                      + " p.text_value, p.number_value, p.boolean_value, p.time_value"
                      + " FROM funnel_activity a"
                      + " LEFT JOIN funnel_activity_property p ON p.activity_id = a.id"
                      + " WHERE a.lead_id = ? ORDER BY a.id, p.ordinal")) {
            select.setString(1, leadId);
            try (ResultSet row = select.executeQuery()) {
              boolean more = row.next();
              while (more) {
                long id = row.getLong(1);
                String type = row.getString(2);
                Instant at = requiredTime(row, 3);
                Attributes.Builder properties = Attributes.builder();
                while (more && row.getLong(1) == id) {
                  if (row.getString(4) != null) {
                    Columns.readAttribute(row, 4, properties);
                  }
                  more = row.next();
                }
                activities.add(new Activity(type, at, properties.build()));
              }
            }
          }
          return activities.build();
        });
  }

  private static boolean exists(Connection connection, String leadId) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT 1 FROM funnel_lead WHERE id = ?")) {
      select.setString(1, leadId);
      try (ResultSet row = select.executeQuery()) {
        return row.next();
      }
    }
  }

  @Override
  public long size() {
    return inTransaction(
        "count the leads",
        connection -> {
          try (Statement count = connection.createStatement();
              ResultSet row = count.executeQuery("SELECT COUNT(*) FROM funnel_lead")) {
            row.next();
            return row.getLong(1);
          }
        });
  }

  @Override
  public Stream<Lead> leads() {
    Connection connection;
    try {
      connection = dataSource.getConnection();
    } catch (SQLException e) {
      throw failure("could not read the leads", e);
    }
    LeadCursor cursor = new LeadCursor(connection);
    try {
      cursor.open();
    } catch (SQLException e) {
      cursor.close();
      throw failure("could not read the leads", e);
    } catch (RuntimeException e) {
      cursor.close();
      throw e;
    }
    return StreamSupport.stream(cursor, false).onClose(cursor::close);
  }

  /**
   * Reads every lead in id order from two cursors sorted alike (leads joined with their visits, and
   * attributes), so that each lead's rows come together and nothing is held but the lead being
   * built.
   */
  private final class LeadCursor extends Spliterators.AbstractSpliterator<Lead> {
    private final Connection connection;
    private final List<AutoCloseable> open = new ArrayList<>();
    private @Nullable ResultSet leads;
    private @Nullable ResultSet attributes;
    private boolean leadsLeft;
    private boolean attributesLeft;

    LeadCursor(Connection connection) {
      super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.DISTINCT);
      this.connection = connection;
    }

    void open() throws SQLException {
      // PostgreSQL streams a result in batches only inside a transaction.
      connection.setAutoCommit(false);
      leads = query(LEAD_AND_VISITS + " ORDER BY " + dialect.sortable("l.id") + ", v.seq");
      attributes =
          query(
              "SELECT lead_id, "
                  + ATTRIBUTE_COLUMNS
                  + " FROM funnel_lead_attribute ORDER BY "
                  + dialect.sortable("lead_id")
                  + ", ordinal");
      leadsLeft = leads.next();
      attributesLeft = attributes.next();
    }

    private ResultSet query(String sql) throws SQLException {
      PreparedStatement statement = connection.prepareStatement(sql);
      open.add(statement);
      statement.setFetchSize(fetchSize);
      ResultSet result = statement.executeQuery();
      open.add(result);
      return result;
    }

    @Override
    public boolean tryAdvance(Consumer<? super Lead> action) {
      ResultSet rows = requireNonNull(leads, "leads");
      ResultSet attributeRows = requireNonNull(attributes, "attributes");
      try {
        if (!leadsLeft) {
          return false;
        }
        String id = rows.getString(1);
        Lead.Builder lead = Lead.builder(id);
        long version = readLeadRow(rows, 2, lead);
        List<StageVisit> history = new ArrayList<>();
        while (leadsLeft && id.equals(rows.getString(1))) {
          history.add(readVisit(rows, 8));
          leadsLeft = rows.next();
        }
        Attributes.Builder attributeValues = Attributes.builder();
        while (attributesLeft && id.equals(attributeRows.getString(1))) {
          Columns.readAttribute(attributeRows, 2, attributeValues);
          attributesLeft = attributeRows.next();
        }
        action.accept(build(lead.attributes(attributeValues.build()), history, version, id));
        return true;
      } catch (SQLException e) {
        throw failure("could not read the leads", e);
      }
    }

    void close() {
      for (int i = open.size() - 1; i >= 0; i--) {
        try {
          open.get(i).close();
        } catch (Exception e) {
          logger.debug("closing a cursor of the leads failed", e);
        }
      }
      open.clear();
      try {
        connection.rollback();
      } catch (SQLException e) {
        logger.debug("ending the read of the leads failed", e);
      }
      try {
        connection.close();
      } catch (SQLException e) {
        logger.debug("closing the connection of the leads failed", e);
      }
    }
  }

  /** Work on one connection, in one transaction. */
  private interface Work<T> {
    T apply(Connection connection) throws SQLException;
  }

  /** Work on one connection, in one transaction, that returns nothing. */
  private interface Write {
    void apply(Connection connection) throws SQLException;
  }

  private void write(String what, Write work) {
    inTransaction(
        what,
        connection -> {
          work.apply(connection);
          return Boolean.TRUE;
        });
  }

  /**
   * Runs the work in one transaction: committed if it returns, rolled back if it throws. Argument
   * errors pass through; SQL errors become {@link LeadStoreException}s saying what was being done.
   */
  private <T> T inTransaction(String what, Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.apply(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollback(connection, e);
        throw e;
      }
    } catch (SQLException e) {
      throw failure("could not " + what, e);
    }
  }

  private static void rollback(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      // The connection is likely gone, and with it the transaction: nothing was committed.
      cause.addSuppressed(e);
    }
  }

  private static LeadStoreException failure(String what, SQLException e) {
    return new LeadStoreException(
        what + " (SQL state " + e.getSQLState() + "): " + e.getMessage(), e);
  }

  private static void setText(PreparedStatement statement, int index, Optional<String> text)
      throws SQLException {
    if (text.isPresent()) {
      statement.setString(index, text.get());
    } else {
      statement.setNull(index, Types.VARCHAR);
    }
  }

  /**
   * Chooses the store's data source, engine and read batch size. {@link #build()} checks that the
   * database holds the schema. Not thread-safe.
   */
  public static final class Builder {
    private final DataSource dataSource;
    private final TransitionEngine engine;
    private int fetchSize = 500;

    private Builder(DataSource dataSource, TransitionEngine engine) {
      this.dataSource = requireNonNull(dataSource, "dataSource");
      this.engine = requireNonNull(engine, "engine");
    }

    /**
     * Sets how many rows {@link JdbcLeadStore#leads()} asks the database for at a time: 500 unless
     * set. Memory while streaming grows with it, not with the number of leads.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder fetchSize(int rows) {
      checkArgument(rows > 0, "fetch size must be positive: %s", rows);
      this.fetchSize = rows;
      return this;
    }

    /**
     * Returns the store, after checking the database: PostgreSQL or H2, with the schema at {@link
     * #SCHEMA_VERSION}.
     *
     * @throws IllegalArgumentException if the database is neither PostgreSQL nor H2
     * @throws IllegalStateException if the schema is missing or at another version; the message
     *     says what to run
     * @throws LeadStoreException if the database cannot be reached
     */
    public JdbcLeadStore build() {
      try (Connection connection = dataSource.getConnection()) {
        Dialect dialect = Dialect.of(connection.getMetaData().getDatabaseProductName());
        int version = schemaVersion(connection, dialect);
        if (version != SCHEMA_VERSION) {
          throw new IllegalStateException(
              String.format(
                  "the database's funnel schema is at version %d, and this store reads version"
                      + " %d: migrate it with the scripts of the funnel-jdbc that matches",
                  version, SCHEMA_VERSION));
        }
        return new JdbcLeadStore(this, dialect);
      } catch (SQLException e) {
        throw failure("could not open the store", e);
      }
    }

    private static int schemaVersion(Connection connection, Dialect dialect) throws SQLException {
      try (ResultSet tables =
          connection.getMetaData().getTables(null, null, tableName(dialect), null)) {
        if (!tables.next()) {
          throw new IllegalStateException(
              "the database has no funnel schema: run JdbcLeadStore.createSchema(dataSource), or"
                  + " the script dev/funnel/jdbc/"
                  + dialect.script()
                  + " from the funnel-jdbc jar");
        }
      }
      try (Statement select = connection.createStatement();
          ResultSet row = select.executeQuery("SELECT MAX(version) FROM funnel_schema")) {
        row.next();
        return row.getInt(1);
      }
    }

    // Unquoted names are folded to lower case by PostgreSQL and to upper case by H2.
    private static String tableName(Dialect dialect) {
      return dialect == Dialect.H2 ? "FUNNEL_SCHEMA" : "funnel_schema";
    }
  }
}
