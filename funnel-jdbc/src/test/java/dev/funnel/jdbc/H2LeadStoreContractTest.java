package dev.funnel.jdbc;

import javax.sql.DataSource;

/** The store keeps the LeadStore contract on the embedded default, H2. */
class H2LeadStoreContractTest extends JdbcLeadStoreContract {
  @Override
  protected DataSource dataSource() {
    return Databases.h2();
  }
}
