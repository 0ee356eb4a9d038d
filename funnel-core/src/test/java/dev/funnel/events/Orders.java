package dev.funnel.events;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.funnel.testkit.EventLog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.quicktheories.core.Gen;

/**
 * Input orders and partitions of an event log, drawn as lists of small keys so that they shrink
 * with the rest of a case: toward the log's own order, one part, and one-event batches.
 */
final class Orders {
  private Orders() {}

  /** Returns lists of up to 40 keys from 0 to 99; row i of a log takes key i modulo the size. */
  static Gen<List<Integer>> keys() {
    return lists().of(integers().between(0, 99)).ofSizeBetween(0, 40);
  }

  private static int key(List<Integer> keys, int i) {
    return keys.isEmpty() ? 0 : keys.get(i % keys.size());
  }

  /** Returns the log's rows sorted stably by their keys. */
  static EventLog reorder(EventLog log, List<Integer> keys) {
    Integer[] order = new Integer[log.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingInt(i -> key(keys, i)));
    return select(log, Arrays.asList(order));
  }

  /** Returns {@code parts} logs, row i in part {@code key(i) % parts}, in the log's order. */
  static List<EventLog> split(EventLog log, List<Integer> keys, int parts) {
    List<List<Integer>> rows = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      rows.add(new ArrayList<>());
    }
    for (int i = 0; i < log.size(); i++) {
      rows.get(key(keys, i) % parts).add(i);
    }
    return rows.stream().map(part -> select(log, part)).toList();
  }

  /**
   * Returns consecutive runs of the log, the k-th of {@code 1 + key(k) % 4} rows, each extended
   * over the rows that tie with its last on subject and time (a grouped stream needs them in one
   * batch).
   */
  static List<EventLog> batches(EventLog log, List<Integer> keys) {
    long[] s = log.subjects();
    long[] t = log.times();
    List<EventLog> batches = new ArrayList<>();
    int from = 0;
    for (int k = 0; from < log.size(); k++) {
      int to = Math.min(log.size(), from + 1 + key(keys, k) % 4);
      while (to < log.size() && s[to] == s[to - 1] && t[to] == t[to - 1]) {
        to++;
      }
      List<Integer> rows = new ArrayList<>();
      for (int i = from; i < to; i++) {
        rows.add(i);
      }
      batches.add(select(log, rows));
      from = to;
    }
    return batches;
  }

  /** Returns the log with distinct timestamps: row i at {@code 3i + (its time mod 3)}. */
  static EventLog distinctTimes(EventLog log) {
    long[] times = log.times();
    for (int i = 0; i < times.length; i++) {
      times[i] = 3L * i + times[i] % 3;
    }
    return EventLog.of(log.subjects(), times, log.codes());
  }

  static EventLog select(EventLog log, List<Integer> rows) {
    long[] s = log.subjects();
    long[] t = log.times();
    int[] c = log.codes();
    return EventLog.of(
        rows.stream().mapToLong(i -> s[i]).toArray(),
        rows.stream().mapToLong(i -> t[i]).toArray(),
        rows.stream().mapToInt(i -> c[i]).toArray());
  }
}
