package dev.funnel.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import dev.funnel.io.EventFilter.Operator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * Filters as written: each operator, quoting, {@code and} inside quotes, the errors; and the
 * reader's number parser against the JDK's {@link Double#parseDouble}, which rounds correctly (Java
 * SE's specification of {@code Double.valueOf(String)}), on random decimal spellings.
 */
class EventFilterTest {
  @Test
  void readsEventsAndConditions() {
    EventFilter filter =
        EventFilter.parse(" view , cart WHERE price >= 10.5 AND brand = 'a and b' ");

    assertThat(filter.events()).containsExactly("view", "cart");
    assertThat(filter.conditions()).hasSize(2);
    EventFilter.Condition price = filter.conditions().get(0);
    assertThat(price.column()).isEqualTo("price");
    assertThat(price.operator()).isEqualTo(Operator.GREATER_OR_EQUAL);
    assertThat(price.comparesNumbers()).isTrue();
    assertThat(price.number()).isEqualTo(10.5);
    EventFilter.Condition brand = filter.conditions().get(1);
    assertThat(brand.comparesNumbers()).isFalse();
    assertThat(brand.value()).isEqualTo("a and b");
    assertThat(filter).hasToString("view,cart where price >= 10.5 and brand = 'a and b'");
    assertThat(EventFilter.parse(filter.toString())).isEqualTo(filter);
  }

  @Test
  void readsEveryOperator() {
    assertThat(operator("x = 1")).isEqualTo(Operator.EQUAL);
    assertThat(operator("x == 1")).isEqualTo(Operator.EQUAL);
    assertThat(operator("x != 1")).isEqualTo(Operator.NOT_EQUAL);
    assertThat(operator("x <> 1")).isEqualTo(Operator.NOT_EQUAL);
    assertThat(operator("x < 1")).isEqualTo(Operator.LESS);
    assertThat(operator("x <= 1")).isEqualTo(Operator.LESS_OR_EQUAL);
    assertThat(operator("x>1")).isEqualTo(Operator.GREATER);
    assertThat(operator("x>=1")).isEqualTo(Operator.GREATER_OR_EQUAL);
  }

  private static Operator operator(String condition) {
    return EventFilter.of("e").where(condition).conditions().get(0).operator();
  }

  @Test
  void tellsNumbersFromText() {
    assertThat(EventFilter.parse("e where x = 1e2").conditions().get(0).number()).isEqualTo(100);
    assertThat(EventFilter.parse("e where x = '100'").conditions().get(0).comparesNumbers())
        .isFalse();
    assertThat(EventFilter.parse("e where x = apple").conditions().get(0).value())
        .isEqualTo("apple");
    assertThat(EventFilter.parse("e where x = \"it's\"").conditions().get(0).value())
        .isEqualTo("it's");
    assertThat(EventFilter.parse("e where x = 'it''s'").conditions().get(0).value())
        .isEqualTo("it's");
    // Equal numbers however written; text apart from numbers.
    assertThat(EventFilter.parse("e where x = 100"))
        .isEqualTo(EventFilter.parse("e where X = 100.0"))
        .isEqualTo(EventFilter.of("e").where("x", Operator.EQUAL, 100))
        .isNotEqualTo(EventFilter.parse("e where x = '100'"));
  }

  @Test
  void refusesWhatItCannotRead() {
    assertThatThrownBy(() -> EventFilter.parse("view, where x = 1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty event name");
    assertThatThrownBy(() -> EventFilter.parse("view where price"))
        .hasMessageContaining("'price' is not COLUMN OPERATOR VALUE");
    assertThatThrownBy(() -> EventFilter.parse("view where price >"))
        .hasMessageContaining("has no value");
    assertThatThrownBy(() -> EventFilter.parse("view where = 3"))
        .hasMessageContaining("is not COLUMN OPERATOR VALUE");
    assertThatThrownBy(() -> EventFilter.parse("view where brand = 'apple"))
        .hasMessageContaining("not closed");
    assertThatThrownBy(() -> EventFilter.parse("view where brand = 'apple' x"))
        .hasMessageContaining("'x' after its quoted value");
    assertThatThrownBy(() -> EventFilter.parse("view where brand < apple"))
        .hasMessageContaining("'brand < 'apple'' compares text, which only = and != do");
    assertThatThrownBy(() -> EventFilter.of("view").where("x", Operator.LESS, Double.NaN))
        .hasMessageContaining("not finite: NaN");
    assertThatThrownBy(() -> EventFilter.of()).hasMessageContaining("at least one event");
  }

  @Test
  void readsNumbersAsTheJdkDoes() {
    qt().withExamples(5_000)
        .forAll(decimals())
        .checkAssert(
            text -> {
              byte[] b = ("x" + text + "y").getBytes(StandardCharsets.US_ASCII);
              assertThat(RowFilters.number(b, 1, b.length - 1))
                  .as(text)
                  .isEqualTo(Double.parseDouble(text));
            });
  }

  @Test
  void findsNoNumberInWhatIsNotOne() {
    for (String text :
        new String[] {
          "", "-", "+", ".", "1.2.3", "1e", "abc", "NaN", "Infinity", "0x10", "1d", "1 "
        }) {
      byte[] b = text.getBytes(StandardCharsets.US_ASCII);
      assertThat(RowFilters.number(b, 0, b.length)).as("'%s'", text).isNaN();
    }
  }

  /** Decimal spellings: signs, leading zeros, long mantissas, points, exponents. */
  private static Gen<String> decimals() {
    Gen<String> digits =
        SourceDSL.lists()
            .of(Generate.range(0, 9))
            .ofSizeBetween(1, 24)
            .map(ds -> ds.stream().map(String::valueOf).reduce("", String::concat));
    Gen<String> sign = Generate.pick(java.util.List.of("", "-", "+"));
    Gen<String> exponent =
        Generate.pick(java.util.List.of("", "", "", "e3", "E-7", "e+21", "e-330", "e308"));
    return sign.zip(digits, digits, Generate.range(0, 3), exponent, EventFilterTest::decimal);
  }

  private static String decimal(String sign, String whole, String fraction, int form, String e) {
    return switch (form) {
      case 0 -> sign + whole + e;
      case 1 -> sign + whole + "." + fraction + e;
      case 2 -> sign + "." + fraction + e;
      default -> sign + whole + "." + e;
    };
  }
}
