package dev.funnel.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.funnel.events.EventBatch;
import dev.funnel.events.FunnelResult;
import dev.funnel.events.WindowFunnel;
import dev.funnel.metrics.FunnelCounts;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's "Aggregate raw events" snippet on a small log. */
class ReadmeEventsTest {
  private static final int VIEW = 0;
  private static final int CART = 1;
  private static final int CHECKOUT = 2;
  private static final int PAY = 3;

  @Test
  void aggregateRawEvents() {
    long day = Duration.ofDays(1).toSeconds();
    // Subject 1 pays within a day; subject 2 pays, but two days after its view.
    long[] subjects = {1, 1, 1, 1, 2, 2, 2, 2};
    long[] timestamps = {0, 60, 120, 600, 0, 60, 120, 2 * day};
    int[] codes = {VIEW, CART, CHECKOUT, PAY, VIEW, CART, CHECKOUT, PAY};

    WindowFunnel funnel =
        WindowFunnel.builder()
            .eventCodes(6) // event codes are 0..5
            .step(VIEW)
            .step(CART)
            .step(CHECKOUT)
            .step(PAY)
            .window(Duration.ofDays(1).toSeconds()) // same unit as the timestamps
            .build();
    FunnelResult result =
        funnel
            .aggregation()
            .threads(2)
            .run(EventBatch.grouped(subjects, timestamps, codes)); // parallel primitive arrays

    assertThat(result.counts().reachedAtLeast(4)).isEqualTo(1);
    FunnelCounts counts =
        result.counts().toFunnelCounts(List.of("view", "cart", "checkout", "pay"));
    assertThat(counts.reached("checkout")).isEqualTo(2);
  }
}
