package dev.funnel.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.funnel.events.WindowFunnel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * Filters tested while reading: hand-worked files whose expected codes and counts are read off the
 * rows, and generated CSV and NDJSON files checked against a reference outside the reader: Apache
 * Commons CSV reads the same bytes and {@link BigDecimal} compares each value exactly.
 */
class EventReaderFiltersTest {
  private static final String CSV =
      """
      user,time,event,price,brand
      1,2026-01-01T00:00:00Z,view,50,apple
      1,2026-01-01T00:01:00Z,purchase,50,apple
      2,2026-01-01T00:00:00Z,view,150,samsung
      2,2026-01-01T00:02:00Z,purchase,150.00,"sam""sung"
      3,2026-01-01T00:00:00Z,view,,
      3,2026-01-01T00:03:00Z,purchase,1e3,apple
      4,2026-01-01T00:04:00Z,purchase,,apple
      """;

  private static EventReader.Builder reader(EventFilter... filters) {
    return EventReader.builder()
        .columns(EventColumns.builder().subject("user").build())
        .resolution(TimeUnit.SECONDS)
        .threads(1)
        .filters(filters);
  }

  private static EventLog read(EventReader.Builder reader, String text)
      throws IOException, BadEventsException {
    return reader
        .build()
        .read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "t");
  }

  @Test
  void givesTheCodesOfTheRowsThatPass() throws Exception {
    EventFilter big = EventFilter.parse("purchase where price > 100");
    EventFilter apple = EventFilter.parse("view,purchase where brand = apple");
    EventLog log = read(reader(big, apple), CSV);

    // Purchases over 100: user 2's 150.00 and user 3's 1e3; user 4's empty price passes nothing.
    assertThat(log.rows(big)).isEqualTo(2);
    // apple: user 1's two rows, user 3's purchase, user 4's purchase; user 2's brand is sam"sung.
    assertThat(log.rows(apple)).isEqualTo(4);
    // Every row keeps its event name, and the plain events still find all their rows.
    assertThat(log.rows(EventFilter.of("purchase"))).isEqualTo(4);
    assertThat(log.rows(EventFilter.of("view"))).isEqualTo(3);
    // Purchases: (big, apple) for user 3; big only for user 2; apple only for 1 and 4: three codes.
    assertThat(log.codes("purchase")).hasSize(3);
    assertThatThrownBy(() -> log.eventCode("purchase"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("have 3 codes");
    assertThat(log.codeCount()).isEqualTo(5);

    // A funnel over the codes: view, then a purchase over 100 within 10 minutes: users 2 and 3.
    WindowFunnel funnel =
        WindowFunnel.builder()
            .eventCodes(log.codeCount())
            .step(log.codes("view"))
            .step(log.codes(big))
            .window(600)
            .build();
    assertThat(funnel.aggregate(log.batch()).counts().reachedAtLeast(2)).isEqualTo(2);
  }

  @Test
  void aStepCanGiveTheSegment() throws Exception {
    EventColumns withBrand = EventColumns.builder().subject("user").segment("brand").build();
    EventLog firstTouch = read(reader().columns(withBrand), CSV);
    EventLog ofPurchase =
        read(reader().columns(withBrand).segmentAttribution(EventFilter.of("purchase")), CSV);
    EventFilter big = EventFilter.parse("purchase where price > 100");
    // The step with conditions is not among the filters: the reader adds it.
    EventLog ofBigPurchase = read(reader().columns(withBrand).segmentAttribution(big), CSV);

    // By hand, users 1 to 4 (ids 0 to 3): first touch takes the first row with a brand; the
    // purchase step takes the brand of the first purchase; the big purchase step that of the first
    // purchase over 100 (users 2 and 3 only; the others have none).
    assertThat(segments(firstTouch)).containsExactly("apple", "samsung", "apple", "apple");
    assertThat(segments(ofPurchase)).containsExactly("apple", "sam\"sung", "apple", "apple");
    assertThat(segments(ofBigPurchase)).containsExactly("-", "sam\"sung", "apple", "-");
  }

  private static List<String> segments(EventLog log) {
    List<String> segments = new ArrayList<>();
    for (int s = 0; s < log.subjectCount(); s++) {
      segments.add(log.segment(s).orElse("-"));
    }
    return segments;
  }

  @Test
  void emptyAndMissingValuesPassNoCondition() throws Exception {
    EventFilter notApple = EventFilter.parse("view,purchase where brand != apple");
    EventFilter notFifty = EventFilter.parse("view,purchase where price != 50");
    EventLog log = read(reader(notApple, notFifty), CSV);
    // brand != apple: user 2's two rows; user 3's view has no brand and does not pass.
    assertThat(log.rows(notApple)).isEqualTo(2);
    // price != 50: 150, 150.00, 1e3; the two empty prices do not pass.
    assertThat(log.rows(notFifty)).isEqualTo(3);

    String ndjson =
        """
        {"user":1,"time":"2026-01-01T00:00:00Z","event":"view","price":50}
        {"user":2,"time":"2026-01-01T00:00:00Z","event":"view","price":null}
        {"user":3,"time":"2026-01-01T00:00:00Z","event":"view"}
        {"user":4,"time":"2026-01-01T00:00:00Z","event":"view","price":7.5}
        """;
    EventFilter notFiftyView = EventFilter.parse("view where price != 50");
    EventLog json = read(reader(notFiftyView).format(EventFormat.NDJSON), ndjson);
    assertThat(json.rows(notFiftyView)).isEqualTo(1);
    assertThat(json.rowsRead()).isEqualTo(4);
  }

  @Test
  void aValueThatIsNoNumberIsABadRowOfTheFilteredEventsOnly() throws Exception {
    String csv =
        """
        user,time,event,price
        1,2026-01-01T00:00:00Z,view,n/a
        1,2026-01-01T00:01:00Z,purchase,n/a
        """;
    EventFilter big = EventFilter.parse("purchase where price > 100");
    assertThatThrownBy(() -> read(reader(big), csv))
        .isInstanceOf(BadEventsException.class)
        .hasMessageContaining(
            "t:3:4: the price 'n/a' is not a number, which the filter"
                + " 'purchase where price > 100' compares");

    EventLog log = read(reader(big).skipBadRows(true), csv);
    // The view is not tested, so it is read; the purchase is skipped and accounted for.
    assertThat(log.rowsRead()).isEqualTo(1);
    assertThat(log.rowsSkipped()).isEqualTo(1);
    assertThat(log.codes(big)).isEmpty();
  }

  @Test
  void aConditionOnAColumnTheHeaderLacksIsRefusedBeforeReading() {
    EventFilter filter = EventFilter.parse("view where colour = red and size > 2");
    assertThatThrownBy(() -> read(reader(filter), CSV))
        .isInstanceOf(BadEventsException.class)
        .hasMessageContaining("the header lacks the columns 'colour', 'size'");
  }

  @Test
  void aFilterTheReaderWasNotGivenIsRefused() throws Exception {
    EventLog log = read(reader(), CSV);
    assertThat(log.codeCount()).isEqualTo(log.events().size());
    assertThat(log.codes(EventFilter.of("view", "nothing"))).containsExactly(0);
    assertThatThrownBy(() -> log.codes(EventFilter.parse("view where price > 1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the reader was not given the filter 'view where price > 1'");
    assertThatThrownBy(() -> log.rows(EventFilter.parse("view where price > 1")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesMoreFiltersWithConditionsThanAMaskHolds() {
    List<EventFilter> filters = new ArrayList<>();
    for (int i = 0; i <= RowFilters.MAX; i++) {
      filters.add(EventFilter.parse("view where price > " + i));
    }
    assertThatThrownBy(() -> EventReader.builder().filters(filters))
        .hasMessageContaining("at most 63 filters may have conditions; 64 have");
  }

  private static final String[] PRICES = {
    "", "0", "50", "100", "100.0", "99.99", "1e2", "-3.5", "250", "\"120\"", "007", "n/a"
  };
  private static final String[] BRANDS = {"", "apple", "samsung", "\"a,b\"", "Apple"};
  private static final String[] EVENTS = {"view", "cart", "purchase"};
  private static final String[] OPERATORS = {"=", "!=", "<", "<=", ">", ">="};
  private static final String[] THRESHOLDS = {"0", "50", "100", "99.99", "-3.5", "1e2"};

  @Test
  void countsWhatAnExactComparisonCounts() {
    qt().withExamples(300)
        .forAll(longs().all(), integers().between(0, 200), integers().between(1, 3))
        .checkAssert(this::checkAgainstCommonsCsv);
  }

  private void checkAgainstCommonsCsv(long seed, int rows, int threads) {
    Random random = new Random(seed);
    StringBuilder csv = new StringBuilder("user,time,event,price,brand\n");
    for (int r = 0; r < rows; r++) {
      csv.append(random.nextInt(20))
          .append(",2026-01-01T00:00:")
          .append(String.format("%02d", r % 60))
          .append("Z,")
          .append(EVENTS[random.nextInt(EVENTS.length)])
          .append(',')
          .append(PRICES[random.nextInt(PRICES.length)])
          .append(',')
          .append(BRANDS[random.nextInt(BRANDS.length)])
          .append('\n');
    }
    List<EventFilter> filters = new ArrayList<>();
    for (int f = random.nextInt(4); f >= 0; f--) {
      EventFilter filter = EventFilter.of(EVENTS[random.nextInt(3)], EVENTS[random.nextInt(3)]);
      for (int c = random.nextInt(3); c > 0; c--) {
        filter =
            random.nextBoolean()
                ? filter.where(
                    "price "
                        + OPERATORS[random.nextInt(OPERATORS.length)]
                        + " "
                        + THRESHOLDS[random.nextInt(THRESHOLDS.length)])
                : filter.where("brand " + (random.nextBoolean() ? "=" : "!=") + " " + "'apple'");
      }
      filters.add(filter);
    }

    List<CSVRecord> records;
    try {
      records =
          CSVFormat.RFC4180
              .builder()
              .setHeader()
              .get()
              .parse(new StringReader(csv.toString()))
              .getRecords();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    long[] expected = new long[filters.size()];
    long bad = 0;
    for (CSVRecord record : records) {
      boolean rejected = false;
      boolean[] passes = new boolean[filters.size()];
      for (int f = 0; f < filters.size(); f++) {
        EventFilter filter = filters.get(f);
        if (!filter.events().contains(record.get("event"))) {
          continue;
        }
        passes[f] = true;
        for (EventFilter.Condition condition : filter.conditions()) {
          String value = record.get(condition.column());
          if (value.isEmpty()) {
            passes[f] = false;
            continue;
          }
          int comparison;
          if (condition.comparesNumbers()) {
            BigDecimal number;
            try {
              number = new BigDecimal(value);
            } catch (NumberFormatException e) {
              rejected = true;
              break;
            }
            comparison = number.compareTo(new BigDecimal(condition.value()));
          } else {
            comparison = value.equals(condition.value()) ? 0 : 1;
          }
          if (!condition.operator().holds(comparison)) {
            passes[f] = false;
          }
        }
      }
      if (rejected) {
        bad++;
        continue;
      }
      for (int f = 0; f < filters.size(); f++) {
        expected[f] += passes[f] ? 1 : 0;
      }
    }

    EventLog log;
    try {
      log =
          EventReader.builder()
              .columns(EventColumns.builder().subject("user").build())
              .filters(filters)
              .skipBadRows(true)
              .threads(threads)
              .blockBytes(64 + rows)
              .build()
              .read(new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)), "t");
    } catch (IOException | BadEventsException e) {
      throw new AssertionError(e);
    }
    assertThat(log.rowsSkipped()).as("bad rows").isEqualTo(bad);
    assertThat(log.rowsRead() + log.rowsSkipped()).isEqualTo(rows);
    for (int f = 0; f < filters.size(); f++) {
      assertThat(log.rows(filters.get(f))).as("%s", filters.get(f)).isEqualTo(expected[f]);
    }
  }
}
