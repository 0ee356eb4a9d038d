package dev.funnel.jdbc;

import dev.funnel.rules.TransitionEngine;
import dev.funnel.store.LeadStore;
import dev.funnel.testkit.LeadStoreContract;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** The contract on a database: each new store starts from empty tables. */
abstract class JdbcLeadStoreContract extends LeadStoreContract {

  /** Returns the database, its schema created. */
  protected abstract DataSource dataSource();

  @Override
  protected LeadStore newStore(TransitionEngine engine) {
    clear(dataSource());
    return JdbcLeadStore.builder(dataSource(), engine).build();
  }

  /** Deletes every row, children first. */
  static void clear(DataSource dataSource) {
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
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
