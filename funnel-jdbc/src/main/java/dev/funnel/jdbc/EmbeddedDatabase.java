package dev.funnel.jdbc;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import dev.funnel.store.LeadStoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The embedded default: an H2 database in a file (or in memory) inside the application's own
 * process, with a pool of connections, for demos and for applications without a database server.
 * The schema is created on open, so that {@code JdbcLeadStore.builder(db.dataSource(), engine)}
 * works at once.
 *
 * <pre>{@code
 * try (EmbeddedDatabase db = EmbeddedDatabase.file(Path.of("data", "pipeline"))) {
 *   LeadStore store = JdbcLeadStore.builder(db.dataSource(), engine).build();
 *   ...
 * }
 * }</pre>
 *
 * <p>A file database lives in {@code <path>.mv.db}, and one process at a time may open it. Row
 * locks wait up to ten seconds for another transaction. Thread-safe; {@link #close()} shuts the
 * database down (an in-memory one is then gone).
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final String SETTINGS = ";LOCK_TIMEOUT=10000";

  private final JdbcConnectionPool pool;

  private EmbeddedDatabase(String url) {
    this.pool = JdbcConnectionPool.create(url, "sa", "");
    try {
      JdbcLeadStore.createSchema(pool);
    } catch (RuntimeException e) {
      pool.dispose();
      throw e;
    }
  }

  /**
   * Opens (or creates) the database in the file {@code <path>.mv.db}.
   *
   * @throws IllegalArgumentException if the path holds a ';', which H2 would read as a setting
   * @throws LeadStoreException if the file cannot be opened (another process has it, say)
   */
  public static EmbeddedDatabase file(Path path) {
    String file = requireNonNull(path, "path").toAbsolutePath().toString();
    checkArgument(!file.contains(";"), "an embedded database path must not hold ';': %s", file);
    return new EmbeddedDatabase("jdbc:h2:file:" + file + SETTINGS);
  }

  /**
   * Opens a database in memory, shared by every connection of this object, gone when it closes.
   *
   * @throws IllegalArgumentException if the name is empty or holds anything but letters, digits and
   *     '_'
   */
  public static EmbeddedDatabase inMemory(String name) {
    requireNonNull(name, "name");
    checkArgument(
        name.matches("[A-Za-z0-9_]+"),
        "an in-memory database name is letters, digits, '_': %s",
        name);
    return new EmbeddedDatabase("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1" + SETTINGS);
  }

  /** Returns the pooled data source of the database, for {@link JdbcLeadStore#builder}. */
  public DataSource dataSource() {
    return pool;
  }

  /**
   * Shuts the database down and closes its pool; a file database is written out.
   *
   * @throws LeadStoreException if the shutdown fails
   */
  @Override
  public void close() {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("SHUTDOWN");
    } catch (SQLException e) {
      throw new LeadStoreException("could not shut the embedded database down", e);
    } finally {
      pool.dispose();
    }
  }
}
