package dev.funnel.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The store hands back exactly the rows it was given, in file order and grouped by subject (a
 * stable sort by subject id, {@link List#sort} being stable, is the reference), whether a chunk's
 * times fit in offsets from its first or not: steps of a millisecond, of days, backwards, and of
 * more than 2^31.
 */
class RowStoreTest {
  private record Row(int subject, long time, int event) {}

  @Test
  void givesBackTheRowsAddedInEitherOrder() {
    qt().withExamples(60)
        .forAll(longs().all(), integers().between(0, 3 * RowStore.CHUNK), integers().between(0, 3))
        .checkAssert(RowStoreTest::check);
  }

  private static void check(long seed, int rows, int jumps) {
    Random random = new Random(seed);
    long[] steps = {1, 86_400_000L, -5_000, 1L << 33};
    List<Row> added = new ArrayList<>();
    long time = 1_569_888_000_000L;
    for (int r = 0; r < rows; r++) {
      time = Math.max(0, time + (random.nextInt(100) == 0 ? steps[jumps] : random.nextInt(1000)));
      added.add(new Row(random.nextInt(50), time, random.nextInt(7)));
    }
    for (boolean grouped : new boolean[] {false, true}) {
      RowStore store = new RowStore();
      int from = 0;
      while (from < rows) {
        int n = Math.min(rows - from, 1 + random.nextInt(5_000));
        int[] s = new int[n + 3];
        long[] t = new long[n + 3];
        int[] e = new int[n + 3];
        for (int i = 0; i < n; i++) {
          Row row = added.get(from + i);
          s[i] = row.subject();
          t[i] = row.time();
          e[i] = row.event();
        }
        store.add(s, t, e, n);
        from += n;
      }
      assertThat(store.size()).isEqualTo(rows);
      RowStore.Columns columns = grouped ? store.groupedBySubject(50) : store.columns();
      List<Row> back = new ArrayList<>();
      for (int r = 0; r < rows; r++) {
        back.add(new Row((int) columns.subjects[r], columns.times[r], columns.events[r]));
      }
      List<Row> expected = new ArrayList<>(added);
      if (grouped) {
        expected.sort(Comparator.comparingInt(Row::subject));
      }
      assertThat(back).isEqualTo(expected);
      assertThat(store.size()).isZero();
    }
  }
}
