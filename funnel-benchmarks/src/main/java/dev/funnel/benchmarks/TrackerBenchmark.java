package dev.funnel.benchmarks;

import dev.funnel.events.FunnelTracker;
import dev.funnel.events.LevelCounts;
import dev.funnel.events.WindowFunnel;
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
 * {@link FunnelTracker} on R1 in time order, one event at a time, as a live stream would feed it: a
 * new tracker per invocation, so that every subject is met for the first time once. Before timing,
 * the setup checks the tracker's final counts against the streams reference.
 *
 * <pre>{@code
 * java -jar funnel-benchmarks/target/benchmarks.jar TrackerBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms12g", "-Xmx12g", "-XX:+AlwaysPreTouch"})
public class TrackerBenchmark {
  @Param({"1000000"})
  public int events;

  private R1Workload data;
  private WindowFunnel funnel;

  @Setup
  public void setUp() {
    data = R1Workload.generate(events, 42).timeOrdered();
    funnel = R1Workload.funnel();
    long[] reference =
        StreamsFunnel.levels(
            data.subjects, data.timestamps, data.codes, R1Workload.STEPS, R1Workload.WINDOW);
    WindowFunnelBenchmark.check("tracker", reference, track());
  }

  @Benchmark
  public LevelCounts track() {
    FunnelTracker tracker = funnel.newTracker();
    long[] subjects = data.subjects;
    long[] timestamps = data.timestamps;
    int[] codes = data.codes;
    for (int i = 0; i < subjects.length; i++) {
      tracker.accept(subjects[i], timestamps[i], codes[i]);
    }
    return tracker.snapshot();
  }
}
