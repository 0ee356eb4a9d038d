package dev.funnel.jdbc;

import java.util.Locale;

/** What differs between the databases the store runs on: the schema script and the id order. */
enum Dialect {
  POSTGRESQL("schema-postgresql.sql", "%s"),
  // H2 has no per-column binary collation; as VARBINARY, ids compare by their UTF-8 bytes.
  H2("schema-h2.sql", "CAST(%s AS VARBINARY)");

  private final String script;
  private final String idOrder;

  Dialect(String script, String idOrder) {
    this.script = script;
    this.idOrder = idOrder;
  }

  /** Returns the dialect of a database by the product name its JDBC driver reports. */
  static Dialect of(String productName) {
    return switch (productName) {
      case "PostgreSQL" -> POSTGRESQL;
      case "H2" -> H2;
      default ->
          throw new IllegalArgumentException(
              "funnel-jdbc runs on PostgreSQL and H2, not on " + productName);
    };
  }

  /** Returns the name of the schema script, a resource beside this class. */
  String script() {
    return script;
  }

  /** Returns an expression of the id column that sorts in the store's id order. */
  String sortable(String column) {
    return String.format(Locale.ROOT, idOrder, column);
  }
}
