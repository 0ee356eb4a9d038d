package dev.funnel.benchmarks;

import dev.funnel.events.EventBatch;
import dev.funnel.events.FunnelTracker;
import dev.funnel.events.GroupedStream;
import dev.funnel.events.LevelCounts;
import dev.funnel.events.WindowFunnel;
import java.util.Locale;

/**
 * Whole-run measurements that JMH is not the tool for: grouped streams of 1 to 100 million R1
 * events aggregated in 1-million-event batches (run it with {@code -Xmx2g} to show that 100 million
 * fit a 2 GiB heap), and the tracker's memory per subject.
 *
 * <pre>{@code
 * java -Xmx2g -cp funnel-benchmarks/target/benchmarks.jar dev.funnel.benchmarks.ScalingRun
 * }</pre>
 *
 * <p>Each batch is a freshly generated R1 chunk of 100,000 subjects, so generation time is measured
 * apart and subtracted; the aggregated counts of the 1-million run are checked against the streams
 * reference.
 */
public final class ScalingRun {
  private static final int BATCH = 1_000_000;

  private ScalingRun() {}

  public static void main(String[] args) {
    WindowFunnel funnel = R1Workload.funnel();
    check(funnel);
    System.out.printf(Locale.ROOT, "max heap %d MiB%n", Runtime.getRuntime().maxMemory() >> 20);
    for (int millions : new int[] {1, 10, 100}) {
      long generate = 0;
      long aggregate = 0;
      GroupedStream stream = funnel.aggregation().stream();
      for (int chunk = 0; chunk < millions; chunk++) {
        long t0 = System.nanoTime();
        R1Workload data = R1Workload.generate(BATCH, 1000 + chunk);
        long offset = (long) chunk * (BATCH / 10);
        for (int i = 0; i < data.size(); i++) {
          data.subjects[i] += offset;
        }
        long t1 = System.nanoTime();
        stream.add(EventBatch.grouped(data.subjects, data.timestamps, data.codes));
        aggregate += System.nanoTime() - t1;
        generate += t1 - t0;
      }
      LevelCounts counts = stream.finish().counts();
      System.out.printf(
          Locale.ROOT,
          "%3d M events: aggregate %7.1f ms (%.2f ns/event), generate %7.1f ms, %d subjects%n",
          millions,
          aggregate / 1e6,
          (double) aggregate / (millions * (double) BATCH),
          generate / 1e6,
          counts.subjects());
    }
    trackerMemory(funnel);
  }

  private static void check(WindowFunnel funnel) {
    R1Workload data = R1Workload.generate(BATCH, 1000);
    long[] reference =
        StreamsFunnel.levels(
            data.subjects, data.timestamps, data.codes, R1Workload.STEPS, R1Workload.WINDOW);
    GroupedStream stream = funnel.aggregation().stream();
    stream.add(EventBatch.grouped(data.subjects, data.timestamps, data.codes));
    WindowFunnelBenchmark.check("grouped stream", reference, stream.finish().counts());
  }

  private static void trackerMemory(WindowFunnel funnel) {
    int subjects = 1_000_000;
    R1Workload data = R1Workload.generate(subjects * 10, 7).timeOrdered();
    long before = usedAfterGc();
    FunnelTracker tracker = funnel.newTracker();
    for (int i = 0; i < data.size(); i++) {
      tracker.accept(data.subjects[i], data.timestamps[i], data.codes[i]);
    }
    long after = usedAfterGc();
    System.out.printf(
        Locale.ROOT,
        "tracker: %d subjects, %.0f bytes per subject (heap after GC), %d at the last level%n",
        tracker.subjects(),
        (after - before) / (double) tracker.subjects(),
        tracker.snapshot().exactly(R1Workload.STEPS));
  }

  private static long usedAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
