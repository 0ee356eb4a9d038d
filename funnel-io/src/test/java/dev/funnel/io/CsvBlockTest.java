package dev.funnel.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The word-at-a-time field scan against the byte loop it replaces. */
class CsvBlockTest {
  @Test
  void fieldEndFindsTheFirstDelimiterOrLineEndFromEveryOffset() {
    Random random = new Random(20261204L);
    // Bytes that matter, their neighbours (for the borrow of the zero-byte test) and UTF-8 bytes.
    byte[] alphabet = {
      ',', '\n', '\t', ';', 'a', '0', 0, 1, (byte) 0x80, (byte) 0xC3, (byte) 0xFF, '\r'
    };
    for (int round = 0; round < 2_000; round++) {
      byte[] b = new byte[random.nextInt(40)];
      for (int i = 0; i < b.length; i++) {
        b[i] = random.nextInt(3) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) 'x';
      }
      byte delimiter = random.nextBoolean() ? (byte) ',' : (byte) '\t';
      int end = b.length == 0 ? 0 : random.nextInt(b.length + 1);
      for (int from = 0; from <= end; from++) {
        int expected = from;
        while (expected < end && b[expected] != delimiter && b[expected] != '\n') {
          expected++;
        }
        assertThat(CsvBlock.fieldEnd(b, from, end, CsvBlock.everyByte(delimiter)))
            .as("from %d to %d in %s", from, end, java.util.Arrays.toString(b))
            .isEqualTo(expected);
      }
    }
  }
}
