package dev.funnel.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.funnel.testkit.EventLogs;
import dev.funnel.testkit.WindowFunnels;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** Funnels sent through Java serialization, as Spark ships them to its executors. */
class WindowFunnelSerializationTest {
  @Test
  void aFunnelReadBackIsEqualAndAggregatesTheSame() {
    qt().withFixedSeed(20261207L)
        .withExamples(500)
        .forAll(WindowFunnels.funnels(7), EventLogs.logs(7))
        .checkAssert(
            (funnel, log) -> {
              WindowFunnel back = roundTrip(funnel);
              assertThat(back).isEqualTo(funnel);
              EventBatch batch = log.batch(EventBatch.Layout.ARBITRARY);
              assertThat(back.aggregate(batch)).isEqualTo(funnel.aggregate(batch));
            });
    qt().withFixedSeed(20261207L)
        .withExamples(300)
        .forAll(WindowFunnels.dialectFunnels(7))
        .checkAssert(funnel -> assertThat(roundTrip(funnel)).isEqualTo(funnel));
  }

  /** The value written with Java serialization and read back; for the other tests here too. */
  @SuppressWarnings("unchecked") // what was written is read back
  static <T> T roundTrip(T value) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(value);
      }
      try (ObjectInputStream in =
          new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        return (T) in.readObject();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }
}
