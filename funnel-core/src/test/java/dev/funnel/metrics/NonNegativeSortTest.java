package dev.funnel.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The radix sort behind {@link DurationStats} sorts as {@link Arrays#sort(long[])} does. */
class NonNegativeSortTest {
  @Test
  void sortsLikeArraysSortWhateverTheLengthAndTheRangeOfValues() {
    qt().withFixedSeed(20261202L)
        .withExamples(200)
        .forAll(
            lists().of(longs().between(0, Long.MAX_VALUE)).ofSizeBetween(0, 20_000),
            integers().between(0, 63))
        .checkAssert(
            (drawn, bits) -> {
              long bound = bits == 63 ? Long.MAX_VALUE : 1L << bits;
              long[] values = new long[drawn.size()];
              for (int i = 0; i < values.length; i++) {
                long v = drawn.get(i);
                // A quarter of the values repeat an earlier one, so that duplicates are common.
                values[i] = i > 0 && (v & 3) == 0 ? values[(int) ((v >>> 2) % i)] : v % bound;
              }
              long[] expected = values.clone();
              Arrays.sort(expected);

              NonNegativeSort.sort(values);

              assertThat(values).isEqualTo(expected);
            });
  }

  @Test
  void sortsTheExtremes() {
    long[] values = new long[10_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = i % 3 == 0 ? Long.MAX_VALUE : i % 3 == 1 ? 0 : values.length - i;
    }
    long[] expected = values.clone();
    Arrays.sort(expected);

    NonNegativeSort.sort(values);

    assertThat(values).isEqualTo(expected);
  }
}
