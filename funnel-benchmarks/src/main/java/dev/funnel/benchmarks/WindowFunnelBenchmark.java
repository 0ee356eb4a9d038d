package dev.funnel.benchmarks;

import dev.funnel.events.EventBatch;
import dev.funnel.events.LevelCounts;
import dev.funnel.events.WindowFunnel;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Window funnels on the R1 workload, per layout: the library on one and two threads, the plain Java
 * streams implementation, and the floor (one read of the same input arrays). Before timing, the
 * setup checks that the library's counts on one and two threads equal the streams reference.
 *
 * <pre>{@code
 * ./mvnw -q -pl funnel-benchmarks -am package -DskipTests
 * java -jar funnel-benchmarks/target/benchmarks.jar WindowFunnelBenchmark
 * java -jar funnel-benchmarks/target/benchmarks.jar WindowFunnelBenchmark -p events=100000 -wi 0 -i 1 -r 100ms  # smoke
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// Fifteen seconds of warm-up: the two-thread aggregation speeds up for about ten (RESULTS.md).
@Warmup(iterations = 15, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms12g", "-Xmx12g", "-XX:+AlwaysPreTouch"})
public class WindowFunnelBenchmark {
  /** Far more than the four ids per event up to which funnel-core indexes ids directly. */
  private static final long SPARSE_ID_STEP = 1_000_003;

  @Param({"10000000"})
  public int events;

  @Param({"GROUPED", "TIME_ORDERED", "ARBITRARY"})
  public EventBatch.Layout layout;

  private R1Workload data;
  private EventBatch batch;

  /** The batch with subject ids spread a million apart: too sparse to index, they are hashed. */
  private EventBatch sparseIds;

  private WindowFunnel funnel;

  @Setup
  public void setUp() {
    data = R1Workload.generate(events, 42).in(layout);
    batch = data.batch(layout);
    funnel = R1Workload.funnel();
    long[] reference =
        StreamsFunnel.levels(
            data.subjects, data.timestamps, data.codes, R1Workload.STEPS, R1Workload.WINDOW);
    check("library, 1 thread", reference, funnel.aggregate(batch).counts());
    check("library, 2 threads", reference, funnel.aggregation().threads(2).run(batch).counts());
    long[] spread = new long[data.subjects.length];
    for (int i = 0; i < spread.length; i++) {
      spread[i] = data.subjects[i] * SPARSE_ID_STEP;
    }
    sparseIds = new R1Workload(spread, data.timestamps, data.codes).batch(layout);
    check("library, sparse ids", reference, funnel.aggregate(sparseIds).counts());
  }

  static void check(String contender, long[] reference, LevelCounts counts) {
    long[] actual = new long[counts.steps() + 1];
    for (int level = 0; level <= counts.steps(); level++) {
      actual[level] = counts.exactly(level);
    }
    if (!Arrays.equals(reference, actual)) {
      throw new IllegalStateException(
          contender
              + " disagrees with the reference: "
              + Arrays.toString(actual)
              + " vs "
              + Arrays.toString(reference));
    }
  }

  /** One read of the three input arrays: what no aggregation can beat. */
  @Benchmark
  public long floor() {
    long[] s = data.subjects;
    long[] t = data.timestamps;
    int[] c = data.codes;
    long sum = 0;
    for (int i = 0; i < c.length; i++) {
      sum += s[i] + t[i] + c[i];
    }
    return sum;
  }

  @Benchmark
  public LevelCounts library() {
    return funnel.aggregate(batch).counts();
  }

  /** The regrouping through a hash table of ids, which serves ids too sparse to index. */
  @Benchmark
  public LevelCounts librarySparseIds() {
    return funnel.aggregate(sparseIds).counts();
  }

  @Benchmark
  public LevelCounts libraryTwoThreads() {
    return funnel.aggregation().threads(2).run(batch).counts();
  }

  @Benchmark
  @Warmup(iterations = 1)
  @Measurement(iterations = 3)
  public long[] streams() {
    return StreamsFunnel.levels(
        data.subjects, data.timestamps, data.codes, R1Workload.STEPS, R1Workload.WINDOW);
  }
}
