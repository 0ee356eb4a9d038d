package dev.funnel.events;

import static dev.funnel.events.SeededLogs.batch;
import static dev.funnel.events.SeededLogs.randomFunnel;
import static dev.funnel.events.SeededLogs.randomLog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The other process of {@link PortableStateTest}: run in a forked JVM, it rebuilds each case from
 * its seed (a funnel built here, separately from the test's) and writes the states of the even
 * partitions to files.
 */
public final class ForkedStateWriter {
  private ForkedStateWriter() {}

  /** One case: a funnel, a log and its partitions, all from the seed. */
  record Case(WindowFunnel funnel, List<long[]> rows, List<List<long[]>> parts) {
    static Case of(long seed, int index) {
      SplittableRandom random = new SplittableRandom(seed + index);
      WindowFunnel funnel = randomFunnel(new SplittableRandom(random.nextLong()), false);
      List<long[]> rows = randomLog(random);
      return new Case(
          funnel, rows, PortableStateTest.partition(rows, 1 + random.nextInt(4), random));
    }
  }

  static String fileName(int theCase, int part) {
    return "state-" + theCase + "-" + part + ".bin";
  }

  /** Arguments: the directory to write to, the seed, the number of cases. */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    int cases = Integer.parseInt(args[2]);
    for (int c = 0; c < cases; c++) {
      Case theCase = Case.of(seed, c);
      for (int p = 0; p < theCase.parts().size(); p += 2) {
        byte[] bytes =
            theCase
                .funnel()
                .state(batch(theCase.parts().get(p), EventBatch.Layout.ARBITRARY))
                .toBytes();
        Files.write(dir.resolve(fileName(c, p)), bytes);
      }
    }
  }
}
