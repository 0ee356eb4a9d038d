package dev.funnel.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.funnel.model.Funnel;
import dev.funnel.model.Lead;
import dev.funnel.rules.TransitionEngine;
import dev.funnel.rules.TransitionRule;
import dev.funnel.rules.TransitionRules;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad document fails with the line, the column, the path and the value: each expected
 * place is counted by hand in the document above it.
 */
class FunnelJsonErrorsTest {
  private static final FunnelJson JSON = FunnelJson.standard();

  private static FunnelJsonException funnelError(String document) {
    return assertThrows(FunnelJsonException.class, () -> JSON.readFunnel(document));
  }

  private static void assertAt(
      FunnelJsonException error, long line, long column, String path, String... fragments) {
    assertEquals(path, error.path(), error.getMessage());
    assertEquals(line, error.line(), error.getMessage());
    assertEquals(column, error.column(), error.getMessage());
    assertThat(error.getMessage()).startsWith("line " + line + ", column " + column + ", at ");
    for (String fragment : fragments) {
      assertThat(error.getMessage()).contains(fragment);
    }
  }

  @Test
  void anUnknownFieldIsNamedWhereItIsWrittenWithTheKnownOnes() {
    FunnelJsonException error =
        funnelError(
            """
            {"schemaVersion": 1, "funnel": {"name": "f", "stages": [
              {"id": "new", "winProbabilty": 0.1}]}}
            """);
    assertAt(
        error,
        2,
        17,
        "/funnel/stages/0/winProbabilty",
        "unknown field \"winProbabilty\"",
        "winProbability");
  }

  @Test
  void aRepeatedKeyIsAnError() {
    FunnelJsonException error =
        funnelError(
            """
            {"schemaVersion": 1, "funnel": {"name": "f", "name": "g", "stages": []}}
            """);
    // Jackson finds the repeat once it has read the name: just after it, at the colon.
    assertAt(error, 1, 52, "/funnel/name", "Duplicate field 'name'");
  }

  @Test
  void aValueOfTheWrongTypeNamesWhatWasExpectedAndFound() {
    FunnelJsonException error =
        funnelError(
            """
            {"schemaVersion": 1, "funnel": {"name": "f", "stages": [
              {"id": "new", "winProbability": "high"}]}}
            """);
    assertAt(error, 2, 35, "/funnel/stages/0/winProbability", "expected a number, found a string");
  }

  @Test
  void aValueTheLibraryRefusesIsReportedAtItsObjectWithTheLibrarysReason() {
    FunnelJsonException error =
        funnelError(
            """
            {"schemaVersion": 1, "funnel": {"name": "f", "stages": [
              {"id": "new"},
              {"id": "next", "winProbability": 1.5}]}}
            """);
    assertAt(
        error, 3, 3, "/funnel/stages/1", "win probability must be in [0, 1] for stage 'next': 1.5");
  }

  @Test
  void aStructuralProblemOfTheFunnelIsReportedAtTheFunnel() {
    FunnelJsonException error =
        funnelError(
            """
            {"schemaVersion": 1,
             "funnel": {"name": "f", "stages": [{"id": "won", "kind": "won"}]}}
            """);
    assertAt(error, 2, 12, "/funnel", "needs at least one open stage");
  }

  @Test
  void aMissingFieldIsNamed() {
    FunnelJsonException error =
        funnelError(
            """
            {"schemaVersion": 1, "funnel": {"name": "f", "stages": [{"name": "New"}]}}
            """);
    assertAt(error, 1, 57, "/funnel/stages/0", "a stage needs \"id\"");
  }

  @Test
  void aNullIsRefusedRatherThanTakenForAbsent() {
    FunnelJsonException error =
        funnelError(
            """
            {"schemaVersion": 1, "funnel": {"name": "f", "stages": [{"id": "a", "guidance": null}]}}
            """);
    assertAt(error, 1, 81, "/funnel/stages/0/guidance", "\"guidance\" is null");
  }

  @Test
  void aNewerSchemaVersionSaysToUpgradeAndAnOlderOneThatItNeverExisted() {
    assertAt(
        funnelError("{\"schemaVersion\": 2, \"funnel\": {}}"),
        1,
        19,
        "/schemaVersion",
        "schemaVersion 2 is newer than this funnel-json, which reads 1");
    assertAt(
        funnelError("{\"schemaVersion\": 0, \"funnel\": {}}"),
        1,
        19,
        "/schemaVersion",
        "schemaVersion 0 does not exist");
    assertAt(
        funnelError("{\"funnel\": {}, \"schemaVersion\": 1}"),
        1,
        1,
        "",
        "a document begins with \"schemaVersion\": 1; this one begins with \"funnel\"",
        "the top of the document");
  }

  @Test
  void malformedJsonAndTrailingContentAreErrors() {
    assertAt(
        funnelError("{\"schemaVersion\": 1, \"funnel\": {\"name\": \"f\",]}"),
        1,
        45,
        "/funnel/name",
        "Unexpected character (']'");
    assertAt(
        funnelError(
            "{\"schemaVersion\": 1, \"funnel\": {\"name\": \"f\", \"stages\": [{\"id\": \"a\"}]}} {}"),
        1,
        72,
        "",
        "more follows the end of the document: an object");
    assertThat(funnelError("").getMessage()).contains("the document is empty");
    assertThat(funnelError("[]").getMessage()).contains("expected the document as an object");
  }

  @Test
  void aRuleOfAnUnknownKindListsTheKinds() {
    FunnelJsonException error =
        assertThrows(
            FunnelJsonException.class,
            () ->
                JSON.readEngine(
                    """
                    {"schemaVersion": 1,
                     "funnel": {"name": "f", "stages": [{"id": "a"}, {"id": "b"}]},
                     "rules": [{"rule": "noSkipping"}]}
                    """));
    assertAt(
        error, 3, 21, "/rules/0/rule", "unknown rule 'noSkipping'", "maxForwardSteps", "custom");
  }

  @Test
  void aRuleOutOfRangeGivesTheLibrarysReason() {
    FunnelJsonException error =
        assertThrows(
            FunnelJsonException.class,
            () ->
                JSON.readEngine(
                    """
                    {"schemaVersion": 1,
                     "funnel": {"name": "f", "stages": [{"id": "a"}, {"id": "b"}]},
                     "rules": [{"rule": "maxForwardSteps", "maxSteps": 0}]}
                    """));
    assertAt(error, 3, 12, "/rules/0", "maxSteps must be at least 1: 0");
  }

  @Test
  void aStageTheFunnelLacksIsNamedWithTheKnownOnes() {
    FunnelJsonException error =
        assertThrows(
            FunnelJsonException.class,
            () ->
                JSON.readEngine(
                    """
                    {"schemaVersion": 1,
                     "funnel": {"name": "f", "stages": [{"id": "a"}, {"id": "b"}]},
                     "rulesInto": {"c": [{"rule": "reasonRequired"}]}}
                    """));
    assertThat(error.path()).isEqualTo("/rulesInto/c");
    assertThat(error.line()).isEqualTo(3);
    assertThat(error.getMessage()).contains("'c'");
  }

  @Test
  void anUnregisteredCustomRuleIsRefusedWhenWrittenAndWhenRead() {
    Funnel funnel = Funnel.of("f", "a", "b");
    TransitionRule mine = TransitionRule.of("mine", t -> true, t -> "");
    TransitionEngine engine = TransitionEngine.builder(funnel).rule(mine).build();
    assertThatThrownBy(() -> JSON.write(engine))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not registered");
    String written = FunnelJson.builder().rule("mine", mine).build().write(engine);
    FunnelJsonException error =
        assertThrows(FunnelJsonException.class, () -> JSON.readEngine(written));
    assertThat(error.getMessage()).contains("no rule is registered as 'mine'; registered: none");
    assertThat(error.path()).isEqualTo("/rules/0");
  }

  @Test
  void aRuleMustNameItsKindFirst() {
    FunnelJsonException error =
        assertThrows(
            FunnelJsonException.class,
            () ->
                JSON.readEngine(
                    """
                    {"schemaVersion": 1,
                     "funnel": {"name": "f", "stages": [{"id": "a"}, {"id": "b"}]},
                     "rules": [{"maxSteps": 1, "rule": "maxForwardSteps"}]}
                    """));
    assertAt(error, 3, 12, "/rules/0", "a rule begins with \"rule\"");
  }

  @Test
  void aLeadWithABadTimeOrAnInconsistentHistoryIsNamed() {
    FunnelJsonException time =
        assertThrows(
            FunnelJsonException.class,
            () ->
                JSON.readLeads(
                    """
                    {"schemaVersion": 1, "leads": [
                      {"id": "L1", "history": [{"stage": "new", "entered": "2026-13-01T00:00:00Z"}]}
                    ]}
                    """));
    assertAt(time, 2, 56, "/leads/0/history/0/entered", "'2026-13-01T00:00:00Z' is not an ISO");
    FunnelJsonException negative =
        assertThrows(
            FunnelJsonException.class,
            () ->
                JSON.readLeads(
                    """
                    {"schemaVersion": 1, "leads": [
                      {"id": "L1", "value": -5, "history": []}
                    ]}
                    """));
    assertAt(negative, 2, 25, "/leads/0/value", "must not be negative: -5");
  }

  @Test
  void anAttributeOfNoKnownFormIsRefused() {
    FunnelJsonException error =
        assertThrows(
            FunnelJsonException.class,
            () ->
                JSON.readLeads(
                    """
                    {"schemaVersion": 1, "leads": [{"id": "L1", "attributes": {"tags": ["a"]},
                      "history": [{"stage": "new", "entered": "2026-01-01T00:00:00Z"}]}]}
                    """));
    assertAt(error, 1, 68, "/leads/0/attributes/tags", "an attribute is a string, a number");
  }

  @Test
  void whatFailsToReadChangesNothingAndWhatReadsIsWhole() {
    Lead lead = Lead.builder("L1").startIn("new", Instant.parse("2026-01-01T00:00:00Z")).build();
    String good = JSON.writeLeads(List.of(lead));
    assertEquals(List.of(lead), JSON.readLeads(good));
    String truncated = good.substring(0, good.length() / 2);
    assertThrows(FunnelJsonException.class, () -> JSON.readLeads(truncated));
    assertEquals(List.of(lead), JSON.readLeads(good));
    assertThat(
            assertThrows(
                    IllegalArgumentException.class,
                    () -> FunnelJson.builder().rule("lock", TransitionRules.terminalLock()).build())
                .getMessage())
        .contains("built-in rule");
  }
}
