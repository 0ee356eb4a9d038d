package dev.funnel.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.funnel.events.FunnelResult;
import dev.funnel.events.LevelCounts;
import dev.funnel.events.WindowFunnel;
import dev.funnel.metrics.DurationStats;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files streamed into a funnel: a hand-worked file whose counts, times and segments are read off
 * its rows, and generated files checked against the other way in, reading the rows into an {@link
 * EventLog} and aggregating its batch.
 */
class StreamedFunnelTest {
  @TempDir Path dir;

  private static final String HEADER = "user,time,event,price,brand\n";
  private static final List<String> ROWS =
      List.of(
          "1,2026-01-01T00:00:00Z,view,50,apple",
          "2,2026-01-01T00:00:00Z,view,150,samsung",
          "3,2026-01-01T00:00:00Z,view,,",
          "1,2026-01-01T00:01:00Z,purchase,50,apple",
          "2,2026-01-01T00:02:00Z,purchase,150.00,samsung",
          "3,2026-01-01T00:03:00Z,purchase,1e3,apple",
          "4,2026-01-01T00:04:00Z,purchase,,apple");
  private static final List<EventFilter> STEPS =
      List.of(EventFilter.parse("view"), EventFilter.parse("purchase where price > 100"));

  private static EventReader reader() {
    return EventReader.builder()
        .columns(EventColumns.builder().subject("user").segment("brand").build())
        .resolution(TimeUnit.SECONDS)
        .threads(2)
        .blockBytes(64)
        .build();
  }

  private Path write(String name, List<String> rows) throws IOException {
    return Files.writeString(dir.resolve(name), HEADER + String.join("\n", rows) + "\n");
  }

  /**
   * View, then a purchase over 100 within ten minutes: user 1 buys for 50 (level 1), users 2 and 3
   * buy for 150 and 1e3 after two and three minutes (level 2), user 4 only buys (level 0). Brands
   * by first touch that has one: 1, 3 and 4 apple (user 3's first row has none), 2 samsung.
   */
  @Test
  void aTimeOrderedFileIsAggregatedInOnePass() throws Exception {
    StreamedFunnel funnel =
        reader()
            .aggregate(
                write("e.csv", ROWS), STEPS, f -> f.window(Duration.ofMinutes(10).toSeconds()));

    assertThat(funnel.onePass()).isTrue();
    checkHandWorked(funnel);
  }

  @Test
  void aFileOutOfTimeOrderIsReadAgainWithItsRowsHeld() throws Exception {
    List<String> reversed = new ArrayList<>(ROWS);
    Collections.reverse(reversed);
    StreamedFunnel funnel =
        reader()
            .aggregate(
                write("r.csv", reversed), STEPS, f -> f.window(Duration.ofMinutes(10).toSeconds()));

    assertThat(funnel.onePass()).isFalse();
    checkHandWorked(funnel);
  }

  @Test
  void aStreamIsReadWithItsRowsHeld() throws Exception {
    byte[] bytes = (HEADER + String.join("\n", ROWS)).getBytes(StandardCharsets.UTF_8);
    StreamedFunnel funnel =
        reader()
            .aggregate(
                new ByteArrayInputStream(bytes),
                "stdin",
                STEPS,
                f -> f.window(Duration.ofMinutes(10).toSeconds()));

    assertThat(funnel.onePass()).isFalse();
    checkHandWorked(funnel);
  }

  private static void checkHandWorked(StreamedFunnel funnel) {
    assertThat(funnel.result().counts()).isEqualTo(LevelCounts.ofExactly(1, 1, 2));
    DurationStats toPurchase = funnel.result().conversionTimes().orElseThrow().toStep(2);
    assertThat(toPurchase.count()).isEqualTo(2);
    assertThat(toPurchase.min()).contains(Duration.ofMinutes(2));
    assertThat(toPurchase.max()).contains(Duration.ofMinutes(3));
    assertThat(funnel.segments())
        .containsExactly(
            Map.entry("apple", LevelCounts.ofExactly(1, 1, 1)),
            Map.entry("samsung", LevelCounts.ofExactly(0, 0, 1)));
    assertThat(funnel.rowsRead()).isEqualTo(7);
    assertThat(funnel.dataRows()).isEqualTo(7);
    assertThat(funnel.subjectCount()).isEqualTo(4);
    assertThat(funnel.rows(STEPS.get(1))).isEqualTo(2);
    assertThat(funnel.rows(EventFilter.of("purchase"))).isEqualTo(4);
    assertThat(funnel.events()).containsExactlyInAnyOrder("view", "purchase");
    assertThat(funnel.firstTime()).hasValue(1_767_225_600L);
    assertThat(funnel.lastTime()).hasValue(1_767_225_600L + 240);
  }

  @Test
  void refusesABadFunnelBeforeReading() {
    Path missing = dir.resolve("never-read.csv");
    EventReader reader = reader();
    assertThatThrownBy(() -> reader.aggregate(missing, List.of(), f -> f.window(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a funnel streamed from a file has 1 to 16 steps, not 0");
    assertThatThrownBy(
            () ->
                reader.aggregate(
                    missing, Collections.nCopies(17, EventFilter.of("view")), f -> f.window(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a funnel streamed from a file has 1 to 16 steps, not 17");
    assertThatThrownBy(() -> reader.aggregate(missing, STEPS, f -> f.window(1).step(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the funnel's steps are the 2 filters given; it may not add steps (it has 3)");
    assertThatThrownBy(() -> reader.aggregate(missing, STEPS, f -> f.window(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }

  @Test
  void badRowsFailTheReadAsTheyFailRead() throws Exception {
    Path file = write("bad.csv", List.of(ROWS.get(0), "2,not a time,view,1,x", ROWS.get(3)));
    assertThatThrownBy(() -> reader().aggregate(file, STEPS, f -> f.window(600)))
        .isInstanceOf(BadEventsException.class)
        .hasMessageContaining("bad.csv:3:2: the time (time) 'not a time'");
  }

  /**
   * Generated files, in time order or not, on one to three threads with small blocks (so that rows
   * of one second fall into different blocks): streamed, they give what the held log's batch gives,
   * per level, per segment and in conversion times.
   */
  @Test
  void aStreamedFileEqualsItsLogAggregated() {
    qt().withFixedSeed(20261207L)
        .withExamples(200)
        .forAll(
            longs().all(), integers().between(0, 150), integers().between(1, 3), booleans().all())
        .checkAssert(
            (seed, rows, threads, ordered) -> {
              try {
                checkAgainstTheLog(seed, rows, threads, ordered);
              } catch (IOException | BadEventsException e) {
                throw new AssertionError(e);
              }
            });
  }

  private void checkAgainstTheLog(long seed, int rows, int threads, boolean ordered)
      throws IOException, BadEventsException {
    Random random = new Random(seed);
    String[] events = {"view", "cart", "purchase", "other"};
    String[] brands = {"x", "y", ""};
    long[] times = new long[rows];
    for (int i = 0; i < rows; i++) {
      times[i] = random.nextInt(40);
    }
    if (ordered) {
      Arrays.sort(times);
    }
    boolean inTimeOrder = true;
    for (int i = 1; i < rows; i++) {
      inTimeOrder &= times[i] >= times[i - 1];
    }
    StringBuilder csv = new StringBuilder(HEADER);
    for (int i = 0; i < rows; i++) {
      csv.append(random.nextInt(8))
          .append(',')
          .append(1_767_225_600L + times[i])
          .append(',')
          .append(events[random.nextInt(events.length)])
          .append(',')
          .append(random.nextInt(200))
          .append(',')
          .append(brands[random.nextInt(brands.length)])
          .append('\n');
    }
    Path file;
    try {
      file = Files.writeString(Files.createTempFile(dir, "g", ".csv"), csv);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<EventFilter> steps =
        List.of(
            EventFilter.parse("view,cart"),
            EventFilter.parse("cart where price >= 50"),
            EventFilter.parse("purchase"));
    EventReader reader =
        EventReader.builder()
            .columns(EventColumns.builder().subject("user").segment("brand").build())
            .timeFormat(TimeFormat.epoch(EpochUnit.SECONDS))
            .resolution(TimeUnit.SECONDS)
            .threads(threads)
            .blockBytes(64)
            .filters(steps)
            .build();
    long window = 1 + seed % 10 + (seed % 10 < 0 ? 10 : 0);

    StreamedFunnel streamed = reader.aggregate(file, steps, f -> f.window(window));

    EventLog log = reader.read(file);
    WindowFunnel.Builder builder = WindowFunnel.builder().eventCodes(log.codeCount() + 1);
    for (EventFilter step : steps) {
      int[] codes = log.codes(step);
      builder.step(codes.length > 0 ? codes : new int[] {log.codeCount()});
    }
    int[] levels = new int[log.subjectCount()];
    FunnelResult expected =
        builder
            .window(window)
            .build()
            .aggregation()
            .conversionTimes(Duration.ofSeconds(1))
            .subjects((subject, found) -> levels[(int) subject] = found.level())
            .run(log.batch());
    Map<String, long[]> bySegment = new TreeMap<>();
    for (int s = 0; s < levels.length; s++) {
      bySegment.computeIfAbsent(log.segment(s).orElse("(none)"), k -> new long[4])[levels[s]]++;
    }
    Map<String, LevelCounts> expectedSegments = new TreeMap<>();
    bySegment.forEach((k, v) -> expectedSegments.put(k, LevelCounts.ofExactly(v)));

    assertThat(streamed.onePass()).isEqualTo(inTimeOrder);
    assertThat(streamed.result()).isEqualTo(expected);
    assertThat(streamed.segments()).containsExactlyEntriesOf(expectedSegments);
    assertThat(streamed.rowsRead()).isEqualTo(log.rowsRead());
    assertThat(streamed.subjectCount()).isEqualTo(log.subjectCount());
  }
}
