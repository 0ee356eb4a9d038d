package dev.funnel.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * The binary form of {@link FunnelState} as its Javadoc documents it, written here by hand from
 * that description (big-endian ints, LEB128 varints, zigzag differences, the JDK's CRC-32): such
 * bytes read back, {@code toBytes} writes exactly them, and bytes that pass the checksum but break
 * the layout are refused naming what and where — what a buggy writer in another process produces.
 */
class StateLayoutTest {
  private static final WindowFunnel FUNNEL =
      WindowFunnel.builder().eventCodes(4).step(0).step(1).step(2).window(100).build();

  /** The documented layout, with its parts given raw so that a test can break one of them. */
  private static final class Layout {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Layout header(long events, long idle) {
      putInt(0x464E5354);
      putInt(1);
      putLong(FUNNEL.fingerprint());
      varint(events);
      varint(idle);
      return this;
    }

    Layout event(long subjectDelta, long timeDelta, long code) {
      varint(zigzag(subjectDelta));
      varint(zigzag(timeDelta));
      varint(code);
      return this;
    }

    Layout raw(int... bytes) {
      for (int b : bytes) {
        out.write(b);
      }
      return this;
    }

    void putInt(int v) {
      out.writeBytes(ByteBuffer.allocate(4).putInt(v).array());
    }

    void putLong(long v) {
      out.writeBytes(ByteBuffer.allocate(8).putLong(v).array());
    }

    Layout varint(long v) {
      long rest = v;
      while ((rest & ~0x7FL) != 0) {
        out.write((int) ((rest & 0x7F) | 0x80));
        rest >>>= 7;
      }
      out.write((int) rest);
      return this;
    }

    static long zigzag(long v) {
      return (v << 1) ^ (v >> 63);
    }

    byte[] sealed() {
      CRC32 crc = new CRC32();
      byte[] content = out.toByteArray();
      crc.update(content);
      return ByteBuffer.allocate(content.length + 4)
          .put(content)
          .putInt((int) crc.getValue())
          .array();
    }
  }

  @Test
  void bytesWrittenByTheDocumentedLayoutReadBackAndAreWhatToBytesWrites() {
    // Subject 7: step 1 at 10, step 2 at 15; subject 9: step 1 at 3. Canonical order: by subject,
    // then time; each difference from the event before.
    byte[] byHand =
        new Layout().header(3, 0).event(7, 10, 0).event(0, 5, 1).event(2, -12, 0).sealed();
    FunnelState state =
        FUNNEL.state(
            EventBatch.arbitrary(
                new long[] {9, 7, 7}, new long[] {3, 15, 10}, new int[] {0, 1, 0}));

    assertThat(state.toBytes()).isEqualTo(byHand);
    assertThat(FunnelState.fromBytes(FUNNEL, byHand).finish())
        .isEqualTo(LevelCounts.ofExactly(0, 1, 1, 0));
  }

  @Test
  void idleSubjectsAreSortedZigzagDifferences() {
    // Subjects 5 and −2 did only code 3, which no step uses: idle, counted at level 0.
    byte[] byHand =
        new Layout().header(0, 2).varint(Layout.zigzag(-2)).varint(Layout.zigzag(7)).sealed();
    FunnelState state =
        FUNNEL.state(EventBatch.arbitrary(new long[] {5, -2}, new long[] {1, 2}, new int[] {3, 3}));

    assertThat(state.toBytes()).isEqualTo(byHand);
    assertThat(FunnelState.fromBytes(FUNNEL, byHand).finish())
        .isEqualTo(LevelCounts.ofExactly(2, 0, 0, 0));
  }

  @Test
  void contentThatPassesTheChecksumButBreaksTheLayoutIsRefused() {
    assertThatThrownBy(
            () ->
                FunnelState.fromBytes(FUNNEL, new Layout().header(1000, 0).event(1, 1, 0).sealed()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the state claims 1000 events at byte 16, more than its 26 bytes can hold");
    assertThatThrownBy(
            () -> FunnelState.fromBytes(FUNNEL, new Layout().header(1, 0).event(1, -5, 0).sealed()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("negative timestamp -5 in event 0 at byte 20");
    assertThatThrownBy(
            () -> FunnelState.fromBytes(FUNNEL, new Layout().header(1, 0).event(1, 5, 4).sealed()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event code 4 at byte 20 is outside the funnel's range [0, 4)");
    assertThatThrownBy(
            () ->
                FunnelState.fromBytes(
                    FUNNEL, new Layout().header(1, 0).event(1, 5, 0).raw(0).sealed()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the state has 1 bytes after its content, before the checksum");
    assertThatThrownBy(
            () ->
                FunnelState.fromBytes(
                    FUNNEL,
                    new Layout()
                        .header(1, 0)
                        .raw(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01)
                        .sealed()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a number longer than 10 bytes ends at byte 28");
    assertThatThrownBy(
            () -> FunnelState.fromBytes(FUNNEL, new Layout().header(1, 0).raw(2, 0x80).sealed()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the state is truncated at byte 20");
    // The smallest state, no event and no idle subject: 22 bytes, read as empty.
    byte[] empty = new Layout().header(0, 0).sealed();
    assertThat(empty).hasSize(22);
    assertThat(FunnelState.fromBytes(FUNNEL, empty).finish()).isEqualTo(LevelCounts.empty(3));
    assertThatThrownBy(() -> FunnelState.fromBytes(FUNNEL, java.util.Arrays.copyOf(empty, 21)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a funnel state takes at least 22 bytes, got 21");
  }
}
