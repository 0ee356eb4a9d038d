package dev.funnel.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.funnel.model.Funnel;
import dev.funnel.model.Stage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The funnel file of {@code funnel report}: a funnel and how a log maps onto it. */
class LogMappingTest {
  private static final FunnelJson JSON = FunnelJson.standard();
  private static final Funnel SHOP = Funnel.of("Shop", "view", "cart", "buy");

  @Test
  void aConditionCheckOfYourOwnIsReportedAtTheConditionsPlace() {
    LogMapping log =
        LogMapping.events(SHOP, Duration.ofDays(7))
            .events("view", List.of("page_view"))
            .events("cart", List.of("add_to_cart"))
            .events("buy", List.of("purchase"))
            .where("buy", "price ~ 100")
            .build();
    FunnelJson strict =
        FunnelJson.builder()
            .conditions(
                c -> {
                  if (c.contains("~")) {
                    throw new IllegalArgumentException("no operator '~' in '" + c + "'");
                  }
                })
            .build();
    String written = JSON.write(log);
    FunnelJsonException e =
        assertThrows(FunnelJsonException.class, () -> strict.readLogMapping(written));
    assertThat(e.path()).isEqualTo("/log/where/buy");
    assertThat(e.problem()).isEqualTo("no operator '~' in 'price ~ 100'");
    assertThat(e.line()).isPositive();
    // The standard reader takes any text.
    assertEquals(log, JSON.readLogMapping(written));
  }

  @Test
  void anEventMappingReadsBackEqual() {
    LogMapping log =
        LogMapping.events(SHOP, Duration.ofDays(7))
            .segment("source")
            .events("view", List.of("page_view", "landing"))
            .events("cart", List.of("add_to_cart"))
            .events("buy", List.of("purchase"))
            .where("buy", "price > 100")
            .build();
    LogMapping read = JSON.readLogMapping(JSON.write(log));
    assertEquals(log, read);
    assertEquals(List.of("page_view", "landing"), read.events("view"));
    assertEquals("price > 100", read.where("buy").orElseThrow());
    // The funnel of the same document reads as the funnel alone.
    assertEquals(SHOP, JSON.readFunnel(JSON.write(log)));
  }

  @Test
  void aDocumentWithoutLogMapsStageChanges() {
    Funnel pipeline =
        Funnel.builder("Pipeline")
            .stage(Stage.open("lead"))
            .stage(Stage.won("won"))
            .stage(Stage.lost("lost"))
            .build();
    LogMapping log = JSON.readLogMapping(JSON.write(pipeline));
    assertEquals(LogMapping.Input.STAGE_CHANGES, log.input());
    assertEquals(pipeline, log.funnel());
    assertThat(log.window()).isEmpty();
    LogMapping withSegment = LogMapping.stageChanges(pipeline).segment("team").build();
    assertEquals(withSegment, JSON.readLogMapping(JSON.write(withSegment)));
  }

  @Test
  void aMappingThatDoesNotFitItsFunnelIsNamedWhereItIsWritten() {
    String base =
        """
        {"schemaVersion": 1,
         "funnel": {"name": "Shop", "stages": [{"id": "view"}, {"id": "buy"}]},
         "log": {"window": "P7D", "events": {"view": ["page_view"], "bye": ["purchase"]}}}
        """;
    FunnelJsonException unknown =
        assertThrows(FunnelJsonException.class, () -> JSON.readLogMapping(base));
    assertThat(unknown.path()).isEqualTo("/log/events/bye");
    assertThat(unknown.line()).isEqualTo(3);
    assertThat(unknown.problem()).contains("'bye'").contains("view").contains("buy");

    FunnelJsonException missing =
        assertThrows(
            FunnelJsonException.class,
            () -> JSON.readLogMapping(base.replace(", \"bye\": [\"purchase\"]", "")));
    assertThat(missing.problem()).contains("these have none: [buy]");

    FunnelJsonException stageChanges =
        assertThrows(
            FunnelJsonException.class,
            () ->
                JSON.readLogMapping(
                    base.replace("\"window\": \"P7D\"", "\"input\": \"stage-changes\"")));
    assertThat(stageChanges.problem()).contains("are for a log of events");

    FunnelJsonException terminal =
        assertThrows(
            FunnelJsonException.class,
            () ->
                JSON.readLogMapping(
                    base.replace("{\"id\": \"buy\"}", "{\"id\": \"buy\", \"kind\": \"won\"}")));
    assertThat(terminal.problem()).contains("open stages only").contains("'buy' is WON");
    assertThat(terminal.path()).isEqualTo("/log/window");
  }
}
