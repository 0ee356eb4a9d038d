package dev.funnel.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Dialects as written in a query or on a command line, read into the engines' factories. */
class DialectParseTest {
  @Test
  void readsEachEngineWithItsModes() {
    assertThat(Dialect.parse("clickhouse")).isEqualTo(Dialect.clickHouse());
    assertThat(Dialect.parse(" ClickHouse : strict_order, strict_increase "))
        .isEqualTo(Dialect.clickHouse("strict_order", "strict_increase"));
    assertThat(Dialect.parse("doris")).isEqualTo(Dialect.doris("default"));
    assertThat(Dialect.parse("doris:increase")).isEqualTo(Dialect.doris("increase"));
    assertThat(Dialect.parse("doris-v1:fixed")).isEqualTo(Dialect.dorisV1("fixed"));
    assertThat(Dialect.parse("starrocks")).isEqualTo(Dialect.starRocks(0));
    assertThat(Dialect.parse("starrocks:3")).isEqualTo(Dialect.starRocks(3));
    assertThat(Dialect.parse("duckdb-behavioral:strict_once"))
        .isEqualTo(Dialect.duckdbBehavioral("strict_once"));
  }

  @Test
  void refusesWhatIsNoEngineOrMode() {
    assertThatThrownBy(() -> Dialect.parse("postgres"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "dialect 'postgres' names no engine; known: clickhouse, doris, doris-v1, starrocks,"
                + " duckdb-behavioral");
    assertThatThrownBy(() -> Dialect.parse("starrocks:x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dialect starrocks takes its integer mode, 0 to 7: 'x'");
    assertThatThrownBy(() -> Dialect.parse("clickhouse:strict_orders"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("strict_orders");
  }
}
