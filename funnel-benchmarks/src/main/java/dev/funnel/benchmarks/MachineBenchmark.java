package dev.funnel.benchmarks;

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
 * What a second thread can gain on this machine, with none of the library in the way: each thread
 * reads an array of its own, once one that stays in its core's L1 cache, once one that comes from
 * main memory. Run it with one thread and with two; a thread's time with two, against its time
 * alone, is the most any aggregation can gain from the second thread for work of that kind.
 *
 * <pre>{@code
 * java -jar funnel-benchmarks/target/benchmarks.jar MachineBenchmark -t 1
 * java -jar funnel-benchmarks/target/benchmarks.jar MachineBenchmark -t 2
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class MachineBenchmark {
  /** 200 MB per thread, as much as R1's three input arrays. */
  @Param({"25000000"})
  public int memoryLongs;

  /** 32 KB: fits in a core's L1 data cache. */
  private static final int CACHE_LONGS = 4_096;

  /** Passes over the cached array per operation: as many longs read as from memory. */
  private int cachePasses;

  private long[] memory;
  private long[] cache;

  @Setup
  public void setUp() {
    memory = ramp(memoryLongs);
    cache = ramp(CACHE_LONGS);
    cachePasses = memoryLongs / CACHE_LONGS;
    check("memory", (long) memoryLongs * (memoryLongs - 1) / 2, fromMemory());
    check("cache", (long) cachePasses * CACHE_LONGS * (CACHE_LONGS - 1) / 2, fromCache());
  }

  private static long[] ramp(int n) {
    long[] values = new long[n];
    for (int i = 0; i < n; i++) {
      values[i] = i;
    }
    return values;
  }

  private static void check(String contender, long expected, long actual) {
    if (expected != actual) {
      throw new IllegalStateException(contender + ": sum " + actual + ", expected " + expected);
    }
  }

  /** Reads the thread's 200 MB array once: bound by the memory bandwidth the thread gets. */
  @Benchmark
  public long fromMemory() {
    return sum(memory);
  }

  /** Reads a 32 KB array as many times as gives the same number of longs: bound by the core. */
  @Benchmark
  public long fromCache() {
    long total = 0;
    for (int pass = 0; pass < cachePasses; pass++) {
      total += sum(cache);
    }
    return total;
  }

  private static long sum(long[] values) {
    long sum = 0;
    for (long value : values) {
      sum += value;
    }
    return sum;
  }
}
