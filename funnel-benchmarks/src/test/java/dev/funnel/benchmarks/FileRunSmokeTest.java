package dev.funnel.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.funnel.events.FunnelResult;
import dev.funnel.events.WindowFunnel;
import dev.funnel.io.EventColumns;
import dev.funnel.io.EventLog;
import dev.funnel.io.EventReader;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole-run comparison of RESULTS.md on a small file, as CI can afford: DuckDB, a peer engine,
 * counts the rows and purchases and runs the SQL funnel a user would write; funnel-io reads the
 * same file and funnel-core aggregates it, as CSV and as the Parquet DuckDB writes of it. Both must
 * agree, on one thread and on two, before any time of the large run means anything.
 */
class FileRunSmokeTest {
  @TempDir Path dir;

  @Test
  void funnelIoAndCoreAgreeWithDuckDbOnAGeneratedRees46File() throws Exception {
    Path csv = dir.resolve("rees46.csv");
    Rees46Csv.write(csv, 200_000, 46);
    Path parquet = dir.resolve("rees46.parquet");
    DuckDbFileRun.writeParquet(csv, parquet, 2);

    for (int run = 0; run < 4; run++) {
      int threads = 1 + run % 2;
      Path file = run < 2 ? csv : parquet;
      EventLog log =
          EventReader.builder()
              .columns(
                  EventColumns.builder()
                      .subject("user_id")
                      .time("event_time")
                      .event("event_type")
                      .build())
              .threads(threads)
              .build()
              .read(file);
      long[] duckCount = DuckDbFileRun.count(file, threads);
      assertThat(log.rowsRead()).isEqualTo(duckCount[0]).isEqualTo(200_000);
      assertThat(log.rowsWithEvent(log.eventCode("purchase").orElseThrow()))
          .isEqualTo(duckCount[1]);

      WindowFunnel funnel =
          WindowFunnel.builder()
              .eventCodes(log.codeCount())
              .step(log.codes("view"))
              .step(log.codes("cart"))
              .step(log.codes("purchase"))
              .window(Duration.ofDays(7).toMillis())
              .build();
      FunnelResult result = funnel.aggregation().run(log.batch());
      long[] reached = {
        result.counts().reachedAtLeast(1),
        result.counts().reachedAtLeast(2),
        result.counts().reachedAtLeast(3)
      };
      assertThat(reached).isEqualTo(DuckDbFileRun.funnel(file, threads));
      assertThat(reached[2]).isPositive();
    }
  }
}
