package dev.funnel.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AttributesTest {
  private static final Instant DECISION = Instant.parse("2026-03-01T00:00:00Z");

  private final Attributes attributes =
      Attributes.builder()
          .put("industry", "manufacturing")
          .put("employees", 1200)
          .put("has_budget", true)
          .put("decision_date", DECISION)
          .build();

  @Test
  void eachTypeIsReadBackWithItsOwnAccessor() {
    assertThat(attributes.text("industry")).contains("manufacturing");
    assertThat(attributes.number("employees").getAsDouble()).isEqualTo(1200.0);
    assertThat(attributes.bool("has_budget")).contains(true);
    assertThat(attributes.isTrue("has_budget")).isTrue();
    assertThat(attributes.time("decision_date")).contains(DECISION);
    assertThat(attributes.typeOf("employees")).contains(AttributeType.NUMBER);
    assertThat(attributes.names())
        .containsExactly("industry", "employees", "has_budget", "decision_date");
  }

  @Test
  void absentAttributesAreEmptyNotErrors() {
    assertThat(attributes.text("title")).isEmpty();
    assertThat(attributes.number("title")).isEmpty();
    assertThat(attributes.isTrue("title")).isFalse();
    assertThat(attributes.typeOf("title")).isEmpty();
    assertThat(attributes.has("title")).isFalse();
  }

  @Test
  void readingWithTheWrongTypeSaysWhatTheTypeIs() {
    assertThatThrownBy(() -> attributes.text("employees"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("attribute 'employees' is NUMBER, not TEXT: 1200.0");
    assertThatThrownBy(() -> attributes.isTrue("industry"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'industry' is TEXT, not BOOLEAN");
  }

  @Test
  void copiesLeaveTheOriginalUnchanged() {
    Attributes changed = attributes.with("employees", 50).without("industry");

    assertThat(changed.number("employees").getAsDouble()).isEqualTo(50.0);
    assertThat(changed.has("industry")).isFalse();
    assertThat(attributes.number("employees").getAsDouble()).isEqualTo(1200.0);
    assertThat(attributes.has("industry")).isTrue();
    assertThat(attributes.without("absent")).isSameAs(attributes);
    assertThat(attributes.toBuilder().build()).isEqualTo(attributes);
    assertThat(Attributes.builder().build()).isSameAs(Attributes.empty());
  }

  @Test
  void badValuesAreRejected() {
    assertThatThrownBy(() -> Attributes.builder().put("budget", Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("attribute 'budget' must be a finite number: NaN");
    assertThatThrownBy(() -> Attributes.builder().put("budget", Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Infinity");
    assertThatThrownBy(() -> Attributes.builder().put(" ", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attribute name must not be blank");
  }
}
