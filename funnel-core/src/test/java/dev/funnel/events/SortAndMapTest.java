package dev.funnel.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The two small data structures under the layouts, against the JDK: {@link Grouping#sortByTime}
 * against a stable {@code Arrays.sort} of the indices, and {@link LongIntHashMap} against a {@code
 * LinkedHashMap} of first-seen indices. Sizes reach past the insertion-sort cutoff and through
 * several rehashes.
 */
class SortAndMapTest {

  @Test
  void sortByTimeIsTheStableSortByTimeAndOptionallyCode() {
    qt().withFixedSeed(20261203L)
        .withExamples(500)
        .forAll(
            lists().of(integers().between(0, 40)).ofSizeBetween(0, 300),
            lists().of(integers().between(0, 5)).ofSizeBetween(1, 300),
            booleans().all())
        .checkAssert(
            (times, codes, byCode) -> {
              int n = times.size();
              long[] t = new long[n + 2];
              int[] c = new int[n + 2];
              // One element either side that the sort must leave alone.
              t[0] = 99;
              t[n + 1] = -1;
              for (int i = 0; i < n; i++) {
                t[i + 1] = times.get(i);
                c[i + 1] = codes.get(i % codes.size()) * 1000 + i;
              }
              // Arrays.sort of objects is stable; a code here is its value times 1000 plus its
              // position, so that sorting by code still shows whether equal times kept their order.
              Integer[] order = new Integer[n];
              Arrays.setAll(order, i -> i + 1);
              Comparator<Integer> byTime = Comparator.comparingLong(i -> t[i]);
              Arrays.sort(order, byCode ? byTime.thenComparingInt(i -> c[i]) : byTime);
              long[] expectedT = new long[n];
              int[] expectedC = new int[n];
              for (int k = 0; k < n; k++) {
                expectedT[k] = t[order[k]];
                expectedC[k] = c[order[k]];
              }

              Grouping.sortByTime(t, c, 1, n + 1, new long[n], new int[n], byCode);

              assertThat(Arrays.copyOfRange(t, 1, n + 1)).isEqualTo(expectedT);
              assertThat(Arrays.copyOfRange(c, 1, n + 1)).isEqualTo(expectedC);
              assertThat(t[0]).isEqualTo(99);
              assertThat(t[n + 1]).isEqualTo(-1);
            });
  }

  @Test
  void theHashMapGivesFirstSeenIndicesThroughEveryRehash() {
    qt().withFixedSeed(20261203L)
        .withExamples(300)
        .forAll(
            lists().of(longs().between(-50, 50)).ofSizeBetween(0, 2000),
            longs().all(),
            integers().between(1, 64))
        .checkAssert(
            (offsets, stride, expected) -> {
              // Keys spread by a stride (often colliding modulo a power of two), with repeats.
              LongIntHashMap map = new LongIntHashMap(expected);
              Map<Long, Integer> reference = new LinkedHashMap<>();
              for (int i = 0; i < offsets.size(); i++) {
                long key =
                    (i / 2 + offsets.get(i)) * (stride | 1) + (i % 3 == 0 ? stride << 32 : 0);
                Integer known = reference.putIfAbsent(key, reference.size());
                assertThat(map.indexOf(key))
                    .isEqualTo(known == null ? reference.size() - 1 : known);
              }

              assertThat(map.size()).isEqualTo(reference.size());
              reference.forEach((key, index) -> assertThat(map.find(key)).isEqualTo(index));
              assertThat(map.keysInOrder())
                  .containsExactly(
                      reference.keySet().stream().mapToLong(Long::longValue).toArray());
              for (long absent = 0; absent < 50; absent++) {
                long key = absent * 0x9E3779B97F4A7C15L + 1;
                if (!reference.containsKey(key)) {
                  assertThat(map.find(key)).isEqualTo(-1);
                }
              }
            });
  }

  @Test
  void theHashMapKeepsKeysThatHashToOneSlot() {
    // Multiples of 2^32 times the multiplier's inverse would all mix alike; plain multiples of a
    // large power of two already crowd a small table's low bits.
    LongIntHashMap map = new LongIntHashMap(1);
    for (int i = 0; i < 5000; i++) {
      assertThat(map.indexOf((long) i << 40)).isEqualTo(i);
    }
    for (int i = 0; i < 5000; i++) {
      assertThat(map.find((long) i << 40)).isEqualTo(i);
      assertThat(map.indexOf((long) i << 40)).isEqualTo(i);
    }
    assertThat(map.find(-1)).isEqualTo(-1);
    assertThat(map.size()).isEqualTo(5000);
  }
}
