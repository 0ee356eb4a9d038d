package dev.funnel.io;

import java.util.Locale;
import java.util.Optional;

/**
 * The formats {@link EventReader} reads. A file's format is taken from its name unless the reader
 * is told; {@link #ofName} says how.
 */
public enum EventFormat {
  /** Comma-separated values (or another delimiter) under a header row that names the columns. */
  CSV,
  /**
   * Newline-delimited JSON (NDJSON, JSON Lines): one JSON object per line, whose fields are the
   * columns.
   */
  NDJSON,
  /**
   * Apache Parquet, whose columns are the columns; read from a file only (it is read from its end),
   * through DuckDB's JDBC driver ({@code org.duckdb:duckdb_jdbc}), which must be on the class path.
   */
  PARQUET;

  /**
   * Returns the format a file's name says, a trailing {@code .gz} aside: {@code .ndjson}, {@code
   * .jsonl} and {@code .json} are NDJSON; {@code .csv}, {@code .tsv} and {@code .txt} are CSV;
   * {@code .parquet} is Parquet; any other name says nothing.
   */
  public static Optional<EventFormat> ofName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".gz")) {
      n = n.substring(0, n.length() - 3);
    }
    if (n.endsWith(".ndjson") || n.endsWith(".jsonl") || n.endsWith(".json")) {
      return Optional.of(NDJSON);
    }
    if (n.endsWith(".csv") || n.endsWith(".tsv") || n.endsWith(".txt")) {
      return Optional.of(CSV);
    }
    if (n.endsWith(".parquet")) {
      return Optional.of(PARQUET);
    }
    return Optional.empty();
  }
}
