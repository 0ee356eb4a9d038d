package dev.funnel.cli;

import dev.funnel.events.Dialect;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@code --dialect ENGINE[:MODES]}: an engine's window-funnel semantics, as the engine names them.
 */
final class Dialects {
  private Dialects() {}

  /**
   * Reads {@code clickhouse[:strict_order,…]}, {@code doris[:mode]}, {@code doris-v1[:mode]},
   * {@code starrocks[:N]} or {@code duckdb-behavioral[:modes]}.
   *
   * @throws IllegalArgumentException naming the engine or mode that is not one
   */
  static Dialect parse(String text) {
    int colon = text.indexOf(':');
    String engine = (colon < 0 ? text : text.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
    String modes = colon < 0 ? "" : text.substring(colon + 1).strip();
    return switch (engine) {
      case "clickhouse" ->
          Dialect.clickHouse(
              modes.isEmpty()
                  ? new String[0]
                  : Arrays.stream(modes.split(",", -1)).map(String::strip).toArray(String[]::new));
      case "doris" -> Dialect.doris(modes.isEmpty() ? "default" : modes);
      case "doris-v1" -> Dialect.dorisV1(modes.isEmpty() ? "default" : modes);
      case "starrocks" -> Dialect.starRocks(starRocksMode(modes));
      case "duckdb-behavioral" -> Dialect.duckdbBehavioral(modes);
      default ->
          throw new IllegalArgumentException(
              "--dialect '"
                  + text
                  + "' names no engine; known: clickhouse, doris, doris-v1, starrocks,"
                  + " duckdb-behavioral");
    };
  }

  private static int starRocksMode(String modes) {
    if (modes.isEmpty()) {
      return 0;
    }
    try {
      return Integer.parseInt(modes);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--dialect starrocks takes its integer mode, 0 to 7: '" + modes + "'", e);
    }
  }
}
