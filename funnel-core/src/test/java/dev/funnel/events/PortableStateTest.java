package dev.funnel.events;

import static dev.funnel.events.SeededLogs.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import dev.funnel.metrics.DurationStats;
import dev.funnel.testkit.EventLog;
import dev.funnel.testkit.EventLogs;
import dev.funnel.testkit.WindowFunnels;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.generators.Generate;

/**
 * Partial states that cross processes: equal definitions, bytes, accumulation and full results. The
 * reference is always one batch of the same events (with ties in code order, as states put them),
 * computed by the aggregation the library's other tests check against the brute-force oracle.
 */
class PortableStateTest {
  private static final long SEED = 0x57A7EL;

  /** What one aggregation tells about every subject: its level and chain, and conversion times. */
  record Outcome(Map<Long, String> subjects, LevelCounts counts, List<String> times) {}

  static Outcome outcome(
      Aggregation aggregation, java.util.function.Function<Aggregation, FunnelResult> run) {
    Map<Long, String> subjects = new TreeMap<>();
    FunnelResult result =
        run.apply(
            aggregation
                .conversionTimes(Duration.ofMillis(1))
                .subjects(
                    (subject, found) ->
                        subjects.put(subject, found.level() + " " + found.chain())));
    List<String> times = new ArrayList<>();
    ConversionTimes conversion = result.conversionTimes().orElseThrow();
    for (int step = 2; step <= result.counts().steps(); step++) {
      times.add(describe(conversion.toStep(step)));
    }
    times.add(describe(conversion.endToEnd()));
    return new Outcome(subjects, result.counts(), times);
  }

  private static String describe(DurationStats stats) {
    return stats.count() + " " + stats.median() + " " + stats.mean() + " " + stats.max();
  }

  /** The batch the merged states must equal: all rows, grouped, ties in code order. */
  static Outcome batchOutcome(WindowFunnel funnel, List<long[]> rows) {
    List<long[]> sorted = new ArrayList<>(rows);
    sorted.sort(
        Comparator.<long[]>comparingLong(r -> r[0])
            .thenComparingLong(r -> r[1])
            .thenComparingLong(r -> r[2]));
    return outcome(funnel.aggregation(), a -> a.run(batch(sorted, EventBatch.Layout.GROUPED)));
  }

  /** Splits the rows into {@code parts} random partitions (a subject may be in several). */
  static List<List<long[]>> partition(List<long[]> rows, int parts, SplittableRandom random) {
    List<List<long[]>> result = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      result.add(new ArrayList<>());
    }
    rows.forEach(r -> result.get(random.nextInt(parts)).add(r));
    return result;
  }

  @Test
  void separatelyBuiltEqualDefinitionsAreEqualAndTheirStatesMerge() {
    WindowFunnel a = WindowFunnel.builder().eventCodes(3).step(0).step(1, 2).window(10).build();
    WindowFunnel b = WindowFunnel.builder().eventCodes(3).step(0).step(1, 2).window(10).build();
    WindowFunnel other = WindowFunnel.builder().eventCodes(3).step(0).step(1, 2).window(11).build();

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(other);
    assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).isNotEqualTo(other.fingerprint());
    assertThat(a)
        .hasToString(
            "WindowFunnel[codes=3, steps=[[0], [1, 2]], window=10, anchor=LATEST_ENTRY, order=SEQUENTIAL,"
                + " repeats=IGNORE, ties=ALLOW_EQUAL, maxGap=none, exclusions=[], dialect=none]");
    FunnelState left = a.state(EventBatch.arbitrary(new long[] {1}, new long[] {0}, new int[] {0}));
    FunnelState right =
        b.state(EventBatch.arbitrary(new long[] {1}, new long[] {5}, new int[] {2}));
    assertThat(left.plus(right).finish()).isEqualTo(LevelCounts.ofExactly(0, 0, 1));
    assertThatThrownBy(() -> left.plus(other.emptyState()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "cannot merge states of different funnel definitions: WindowFunnel[codes=3");
  }

  /**
   * Any random partition of a random log, each part's state written to bytes and read back for a
   * separately built equal funnel, accumulated, gives exactly the batch's result: counts, every
   * subject's level and chain, and conversion times.
   */
  @Test
  void statesReadFromBytesAndAccumulatedGiveTheBatchResult() {
    qt().withFixedSeed(SEED)
        .withExamples(300)
        .forAll(WindowFunnels.funnels(7), EventLogs.logs(7), Orders.keys(), Generate.range(1, 4))
        .checkAssert(
            (writer, log, keys, parts) -> {
              WindowFunnel reader = rebuilt(writer);
              FunnelState.Accumulator accumulator = reader.stateAccumulator();
              for (EventLog part : Orders.split(log, keys, parts)) {
                accumulator.add(writer.state(part.batch(EventBatch.Layout.ARBITRARY)).toBytes());
              }
              FunnelState merged = accumulator.snapshot();
              Outcome expected = batchOutcome(reader, rows(log));

              assertThat(reader).isEqualTo(writer).isNotSameAs(writer);
              assertThat(outcome(reader.aggregation(), a -> a.run(merged))).isEqualTo(expected);
              assertThat(accumulator.finish()).isEqualTo(expected.counts());
              assertThat(FunnelState.fromBytes(reader, merged.toBytes()).finish())
                  .isEqualTo(expected.counts());
            });
  }

  /** A funnel built anew from the settings {@code funnel} reports: equal, not the same. */
  private static WindowFunnel rebuilt(WindowFunnel funnel) {
    WindowFunnel.Builder builder =
        WindowFunnel.builder()
            .eventCodes(funnel.eventCodes())
            .window(funnel.window())
            .windowAnchor(funnel.windowAnchor())
            .order(funnel.order())
            .repeats(funnel.repeats())
            .ties(funnel.ties());
    funnel.stepCodes().forEach(codes -> builder.step(codes.toArray()));
    funnel.maxGap().ifPresent(builder::maxGap);
    funnel.exclusions().forEach(builder::exclude);
    funnel.dialect().ifPresent(builder::dialect);
    return builder.build();
  }

  private static List<long[]> rows(EventLog log) {
    long[] s = log.subjects();
    long[] t = log.times();
    int[] c = log.codes();
    List<long[]> rows = new ArrayList<>();
    for (int i = 0; i < log.size(); i++) {
      rows.add(new long[] {s[i], t[i], c[i]});
    }
    return rows;
  }

  @Test
  void bytesAreCompactForGroupedSubjectsAndCloseTimes() {
    WindowFunnel funnel =
        WindowFunnel.builder().eventCodes(4).step(0).step(1).step(2).window(1000).build();
    int n = 30_000;
    long[] subjects = new long[n];
    long[] times = new long[n];
    int[] codes = new int[n];
    for (int i = 0; i < n; i++) {
      subjects[i] = 1_000_000L + i / 3;
      times[i] = 1_764_547_200_000L + i * 7L; // epoch milliseconds, 7 ms apart
      codes[i] = i % 3;
    }
    byte[] bytes = funnel.state(EventBatch.grouped(subjects, times, codes)).toBytes();

    // By the layout: 22 bytes of header and checksum, then per event at most 1 byte of subject
    // difference (0 or 1), 1 of time difference (14 zigzagged, after the first event) and 1 of
    // code.
    assertThat(bytes.length).isLessThanOrEqualTo(22 + 3 * n + 16);
  }

  @Test
  void badBytesAreRejectedSayingWhy() {
    WindowFunnel funnel = WindowFunnel.builder().eventCodes(3).step(0).step(1).window(10).build();
    byte[] good =
        funnel
            .state(
                EventBatch.arbitrary(
                    new long[] {1, 1, 2}, new long[] {0, 5, 3}, new int[] {0, 1, 2}))
            .toBytes();

    assertThatThrownBy(
            () -> FunnelState.fromBytes(funnel, java.util.Arrays.copyOf(good, good.length - 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("corrupted or truncated");
    byte[] flipped = good.clone();
    flipped[20] ^= 1;
    assertThatThrownBy(() -> FunnelState.fromBytes(funnel, flipped))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("checksum does not match");
    byte[] newer = good.clone();
    newer[7] = 2;
    assertThatThrownBy(() -> FunnelState.fromBytes(funnel, newer))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the state was written in format version 2; this library reads version 1");
    assertThatThrownBy(
            () ->
                FunnelState.fromBytes(
                    funnel, "not a funnel state, at all".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a funnel state: the first four bytes are 0x");
    WindowFunnel wider = WindowFunnel.builder().eventCodes(3).step(0).step(1).window(20).build();
    assertThatThrownBy(() -> FunnelState.fromBytes(wider, good))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "the state was written for another funnel definition than WindowFunnel[codes=3");
    assertThatThrownBy(() -> FunnelState.fromBytes(funnel, new byte[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a funnel state takes at least 22 bytes, got 3");
    FunnelState.Accumulator accumulator = funnel.stateAccumulator();
    assertThatThrownBy(() -> accumulator.add(flipped)).isInstanceOf(IllegalArgumentException.class);
    assertThat(accumulator.finish()).isEqualTo(LevelCounts.ofExactly(0, 0, 0));
  }

  /**
   * The cross-process law: a forked JVM (a separate process, with its own separately built funnels)
   * writes the states of some partitions to files; this process reads them, merges them with the
   * states of the other partitions, and gets exactly the batch's result.
   */
  @Test
  void statesWrittenByAnotherProcessMergeWithThisOnesIntoTheBatchResult(@TempDir Path dir)
      throws IOException, InterruptedException {
    int cases = 40;
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                runtimePath(),
                ForkedStateWriter.class.getName(),
                dir.toString(),
                Long.toString(SEED),
                Integer.toString(cases))
            .redirectErrorStream(true)
            .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor()).as(output).isZero();

    for (int c = 0; c < cases; c++) {
      ForkedStateWriter.Case theCase = ForkedStateWriter.Case.of(SEED, c);
      WindowFunnel funnel = theCase.funnel();
      FunnelState.Accumulator accumulator = funnel.stateAccumulator();
      for (int p = 0; p < theCase.parts().size(); p++) {
        if (p % 2 == 0) {
          accumulator.add(Files.readAllBytes(dir.resolve(ForkedStateWriter.fileName(c, p))));
        } else {
          accumulator.add(funnel.state(batch(theCase.parts().get(p), EventBatch.Layout.ARBITRARY)));
        }
      }
      FunnelState merged = accumulator.snapshot();
      assertThat(outcome(funnel.aggregation(), a -> a.run(merged)))
          .as("case %s", c)
          .isEqualTo(batchOutcome(funnel, theCase.rows()));
    }
  }

  /**
   * The child's class path: what this JVM runs. Surefire runs these tests inside the module, so the
   * library and its dependencies are on the module path, test-only dependencies on the class path,
   * and the test classes are patched in from {@code target/test-classes}.
   */
  private static String runtimePath() {
    List<String> parts = new ArrayList<>();
    for (String property : List.of("jdk.module.path", "java.class.path")) {
      String value = System.getProperty(property);
      if (value != null && !value.isEmpty()) {
        parts.add(value);
      }
    }
    parts.add(Path.of("target", "test-classes").toAbsolutePath().toString());
    return String.join(File.pathSeparator, parts);
  }
}
