/**
 * A {@link dev.funnel.store.LeadStore} on a real database through JDBC ({@link
 * dev.funnel.jdbc.JdbcLeadStore}): PostgreSQL, or H2 embedded in the application ({@link
 * dev.funnel.jdbc.EmbeddedDatabase}). The schema ships as plain SQL scripts beside these classes.
 *
 * <p>Everything here is thread-safe; each call takes its own connection from the data source.
 */
@NullMarked
package dev.funnel.jdbc;

import org.jspecify.annotations.NullMarked;
