package dev.funnel.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sql.DataSource;

/** The two databases the store runs on, started once for all tests of the module. */
final class Databases {
  private Databases() {}

  private static final class Postgres {
    static final EmbeddedPostgres SERVER = start();

    private static EmbeddedPostgres start() {
      try {
        EmbeddedPostgres server = EmbeddedPostgres.builder().start();
        JdbcLeadStore.createSchema(server.getPostgresDatabase());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server)));
        return server;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static void stop(EmbeddedPostgres server) {
      try {
        server.close();
      } catch (IOException e) {
        // The JVM is ending; the server's directory is a temporary one.
      }
    }
  }

  private static final class H2 {
    static final EmbeddedDatabase DATABASE = EmbeddedDatabase.inMemory("tests");
  }

  /** A PostgreSQL server from zonky's embedded binaries, with the schema. */
  static DataSource postgres() {
    return Postgres.SERVER.getPostgresDatabase();
  }

  /** The embedded H2, with the schema. */
  static DataSource h2() {
    return H2.DATABASE.dataSource();
  }
}
