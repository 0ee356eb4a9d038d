package dev.funnel.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Each dialect against its engine's own worked examples, with the engine's answers:
 *
 * <ul>
 *   <li>ClickHouse: the queries and answers of its test {@code
 *       tests/queries/0_stateless/00632_aggregation_window_funnel.reference} (the version with
 *       {@code allow_reentry}).
 *   <li>Doris: the four examples of its {@code WINDOW_FUNNEL} documentation ({@code
 *       docs/sql-manual/sql-functions/aggregate-functions/window-funnel.md}) and the example of
 *       pull request #62043 (FIXED before and from 4.1).
 *   <li>StarRocks: the four examples of its {@code window_funnel} documentation ({@code
 *       docs/en/sql-reference/sql-functions/aggregate-functions/window_funnel.md}).
 *   <li>duckdb-behavioral: the example of its {@code docs/src/functions/window-funnel.md} and the
 *       unit tests of its {@code src/window_funnel.rs}.
 * </ul>
 *
 * Every case is run through {@link WindowFunnel#evaluate} and, all subjects together, through an
 * aggregation of a grouped batch, so that the dialect is tested through the public pipeline.
 */
class DialectConformanceTest {

  /** One subject's rows: timestamps and, per row, the name of its event. */
  @SuppressWarnings("ArrayRecordComponent") // read only, never compared
  private record Rows(long[] times, String[] events) {
    static Rows of(Object... pairs) {
      long[] times = new long[pairs.length / 2];
      String[] events = new String[pairs.length / 2];
      for (int i = 0; i < times.length; i++) {
        times[i] = ((Number) pairs[2 * i]).longValue();
        events[i] = (String) pairs[2 * i + 1];
      }
      return new Rows(times, events);
    }
  }

  /** The event names are codes 0..n−1; each step lists the names that satisfy its condition. */
  private static int level(
      Dialect dialect, long window, List<String> names, List<List<String>> steps, Rows rows) {
    WindowFunnel funnel = funnel(dialect, window, names, steps);
    int[] codes = new int[rows.events().length];
    for (int i = 0; i < codes.length; i++) {
      codes[i] = names.indexOf(rows.events()[i]);
    }
    return funnel.evaluate(rows.times(), codes).level();
  }

  private static WindowFunnel funnel(
      Dialect dialect, long window, List<String> names, List<List<String>> steps) {
    WindowFunnel.Builder builder =
        WindowFunnel.builder().eventCodes(names.size()).window(window).dialect(dialect);
    for (List<String> step : steps) {
      builder.step(step.stream().mapToInt(names::indexOf).toArray());
    }
    return builder.build();
  }

  /** Levels of several subjects at once, through one aggregation of a grouped batch. */
  private static List<Integer> levels(
      Dialect dialect,
      long window,
      List<String> names,
      List<List<String>> steps,
      Rows... subjects) {
    WindowFunnel funnel = funnel(dialect, window, names, steps);
    List<Long> s = new ArrayList<>();
    List<Long> t = new ArrayList<>();
    List<Integer> c = new ArrayList<>();
    for (int subject = 0; subject < subjects.length; subject++) {
      Rows rows = subjects[subject];
      Integer[] order = new Integer[rows.times().length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      java.util.Arrays.sort(order, java.util.Comparator.comparingLong(i -> rows.times()[i]));
      for (int i : order) {
        s.add((long) subject);
        t.add(rows.times()[i]);
        c.add(names.indexOf(rows.events()[i]));
      }
    }
    int[] levels = new int[subjects.length];
    funnel
        .aggregation()
        .subjects((subject, found) -> levels[(int) subject] = found.level())
        .run(
            EventBatch.grouped(
                s.stream().mapToLong(Long::longValue).toArray(),
                t.stream().mapToLong(Long::longValue).toArray(),
                c.stream().mapToInt(Integer::intValue).toArray()));
    List<Integer> result = new ArrayList<>();
    for (int level : levels) {
      result.add(level);
    }
    // The per-subject path must agree with the batch.
    for (int subject = 0; subject < subjects.length; subject++) {
      assertThat(level(dialect, window, names, steps, subjects[subject]))
          .isEqualTo(levels[subject]);
    }
    return result;
  }

  private static final List<String> ABCD = List.of("a", "b", "c", "d", "x");

  private static List<List<String>> steps(String... names) {
    List<List<String>> steps = new ArrayList<>();
    for (String name : names) {
      steps.add(List.of(name));
    }
    return steps;
  }

  // ---- ClickHouse ----

  private static final List<String> NUMBERED = numbered();

  private static List<String> numbered() {
    List<String> names = new ArrayList<>();
    for (int e = 1000; e <= 1008; e++) {
      names.add(Integer.toString(e));
    }
    return names;
  }

  private static List<List<String>> numberedSteps(int... events) {
    List<List<String>> steps = new ArrayList<>();
    for (int e : events) {
      steps.add(List.of(Integer.toString(e)));
    }
    return steps;
  }

  private static Rows numberedRows(long... timesThenEvents) {
    Object[] pairs = new Object[timesThenEvents.length];
    for (int i = 0; i < timesThenEvents.length; i += 2) {
      pairs[i] = timesThenEvents[i];
      pairs[i + 1] = Long.toString(timesThenEvents[i + 1]);
    }
    return Rows.of(pairs);
  }

  @Test
  void clickHouseDefaultOnItsFirstTables() {
    Dialect ch = Dialect.clickHouse();
    Rows test =
        numberedRows(
            0, 1000, 1, 1001, 2, 1002, 3, 1003, 4, 1004, 5, 1005, 6, 1006, 7, 1007, 8, 1008);
    assertThat(level(ch, 10000, NUMBERED, numberedSteps(1000), test)).isEqualTo(1);
    assertThat(level(ch, 10000, NUMBERED, numberedSteps(1000, 1001), test)).isEqualTo(2);
    assertThat(level(ch, 10000, NUMBERED, numberedSteps(1000, 1001, 1002), test)).isEqualTo(3);
    assertThat(level(ch, 10000, NUMBERED, numberedSteps(1000, 1001, 1002, 1008), test))
        .isEqualTo(4);
    assertThat(level(ch, 1, NUMBERED, numberedSteps(1000), test)).isEqualTo(1);
    assertThat(level(ch, 2, NUMBERED, numberedSteps(1003, 1004, 1005, 1006, 1007), test))
        .isEqualTo(3);
    assertThat(level(ch, 3, NUMBERED, numberedSteps(1003, 1004, 1005, 1006, 1007), test))
        .isEqualTo(4);
    assertThat(level(ch, 4, NUMBERED, numberedSteps(1003, 1004, 1005, 1006, 1007), test))
        .isEqualTo(5);

    Rows test2 =
        numberedRows(1, 1001, 2, 1002, 3, 1003, 4, 1004, 5, 1005, 6, 1006, 7, 1007, 8, 1008);
    assertThat(level(ch, 10000, NUMBERED, numberedSteps(1001, 1008), test2)).isEqualTo(2);
    assertThat(level(ch, 10000, NUMBERED, numberedSteps(1008, 1001), test2)).isEqualTo(1);
    // Overlapping conditions: event <= 1007, event >= 1002, event <= 1006, event >= 1004.
    List<List<String>> overlapping =
        List.of(range(1000, 1007), range(1002, 1008), range(1000, 1006), range(1004, 1008));
    assertThat(level(ch, 4, NUMBERED, overlapping, test2)).isEqualTo(4);
  }

  private static List<String> range(int from, int to) {
    List<String> names = new ArrayList<>();
    for (int e = from; e <= to; e++) {
      names.add(Integer.toString(e));
    }
    return names;
  }

  @Test
  void clickHouseStrictDeduplicationAndIncrease() {
    Rows strict =
        numberedRows(
            0, 1000, 10, 1001, 20, 1002, 30, 1003, 40, 1004, 50, 1005, 51, 1005, 60, 1006, 70, 1007,
            80, 1008);
    List<List<String>> seven = numberedSteps(1000, 1001, 1002, 1003, 1004, 1005, 1006);
    assertThat(level(Dialect.clickHouse("strict_deduplication"), 10000, NUMBERED, seven, strict))
        .isEqualTo(6);
    assertThat(level(Dialect.clickHouse(), 10000, NUMBERED, seven, strict)).isEqualTo(7);

    // ClickHouse issue 27469: a b c b d, strict_deduplication, gives 3.
    assertThat(
            level(
                Dialect.clickHouse("strict_deduplication"),
                86400,
                ABCD,
                steps("a", "b", "c", "d"),
                Rows.of(1, "a", 2, "b", 3, "c", 4, "b", 5, "d")))
        .isEqualTo(3);

    Rows increase = numberedRows(0, 1000, 1, 1001, 1, 1002, 1, 1003, 2, 1004);
    List<List<String>> five = numberedSteps(1000, 1001, 1002, 1003, 1004);
    assertThat(level(Dialect.clickHouse(), 10000, NUMBERED, five, increase)).isEqualTo(5);
    assertThat(level(Dialect.clickHouse("strict_increase"), 10000, NUMBERED, five, increase))
        .isEqualTo(2);
    // One row fills three steps by default; not when times must increase.
    List<List<String>> thrice = numberedSteps(1004, 1004, 1004);
    assertThat(level(Dialect.clickHouse(), 10000, NUMBERED, thrice, increase)).isEqualTo(3);
    assertThat(level(Dialect.clickHouse("strict_increase"), 10000, NUMBERED, thrice, increase))
        .isEqualTo(1);
  }

  private static final Rows[] STRICT_ORDER_USERS = {
    Rows.of(1, "a", 2, "b", 3, "c"),
    Rows.of(1, "a", 2, "d", 3, "b", 4, "c"),
    Rows.of(1, "a", 2, "a", 3, "b", 4, "b", 5, "c", 6, "c"),
    Rows.of(1, "a", 2, "a", 3, "a", 4, "a", 5, "b", 6, "b", 7, "c", 8, "c"),
    Rows.of(1, "a", 2, "a", 3, "b", 4, "b", 5, "d", 6, "c", 7, "c"),
    Rows.of(1, "c", 2, "c", 3, "b", 4, "b", 5, "a", 6, "a")
  };

  @Test
  void clickHouseStrictOrderTable() {
    List<List<String>> abc = steps("a", "b", "c");
    assertThat(levels(Dialect.clickHouse(), 86400, ABCD, abc, STRICT_ORDER_USERS))
        .containsExactly(3, 3, 3, 3, 3, 1);
    assertThat(levels(Dialect.clickHouse("strict_order"), 86400, ABCD, abc, STRICT_ORDER_USERS))
        .containsExactly(3, 1, 3, 3, 2, 1);
    assertThat(
            levels(
                Dialect.clickHouse("strict_deduplication", "strict_order"),
                86400,
                ABCD,
                abc,
                STRICT_ORDER_USERS))
        .containsExactly(3, 1, 2, 2, 2, 1);
    assertThat(
            level(
                Dialect.clickHouse("strict_order"), 10, ABCD, abc, Rows.of(1, "a", 2, "c", 3, "b")))
        .isEqualTo(1);
  }

  private static final Rows[] REENTRY_USERS = {
    Rows.of(1, "a", 2, "b", 3, "a", 4, "c"),
    Rows.of(1, "a", 2, "b", 3, "a", 4, "b", 5, "c"),
    Rows.of(1, "a", 2, "b", 3, "c", 4, "b", 5, "d"),
    Rows.of(1, "a", 2, "c", 3, "b"),
    Rows.of(1, "a", 2, "b", 3, "c", 4, "a", 5, "b", 6, "c", 7, "d")
  };

  @Test
  void clickHouseAllowReentryTable() {
    List<List<String>> abc = steps("a", "b", "c");
    List<List<String>> abcd = steps("a", "b", "c", "d");
    Dialect strictOrder = Dialect.clickHouse("strict_order");
    Dialect reentry = Dialect.clickHouse("strict_order", "allow_reentry");
    assertThat(levels(strictOrder, 86400, ABCD, abc, REENTRY_USERS)).containsExactly(2, 2, 3, 1, 3);
    assertThat(levels(reentry, 86400, ABCD, abc, REENTRY_USERS)).containsExactly(3, 3, 3, 1, 3);
    assertThat(levels(strictOrder, 86400, ABCD, abcd, REENTRY_USERS))
        .containsExactly(2, 2, 4, 1, 3);
    assertThat(levels(reentry, 86400, ABCD, abcd, REENTRY_USERS)).containsExactly(3, 3, 4, 1, 4);
    assertThat(
            levels(
                Dialect.clickHouse("strict_order", "allow_reentry", "strict_deduplication"),
                86400,
                ABCD,
                abc,
                REENTRY_USERS))
        .containsExactly(3, 1, 3, 1, 3);
  }

  @Test
  void clickHouseEcommerceTableWithAStepRepeatedInTheFunnel() {
    List<String> names = List.of("begin_checkout", "view_product_detail", "complete_payment");
    Rows[] users = {
      Rows.of(
          100,
          "begin_checkout",
          200,
          "view_product_detail",
          300,
          "begin_checkout",
          400,
          "complete_payment"),
      Rows.of(
          100,
          "begin_checkout",
          200,
          "view_product_detail",
          250,
          "view_product_detail",
          300,
          "begin_checkout",
          400,
          "complete_payment"),
      Rows.of(100, "begin_checkout", 200, "view_product_detail", 300, "complete_payment")
    };
    List<List<String>> three = steps("begin_checkout", "view_product_detail", "complete_payment");
    List<List<String>> four =
        steps("begin_checkout", "view_product_detail", "begin_checkout", "complete_payment");
    Dialect strictOrder = Dialect.clickHouse("strict_order");
    Dialect reentry = Dialect.clickHouse("strict_order", "allow_reentry");
    assertThat(levels(strictOrder, 600, names, three, users)).containsExactly(2, 2, 3);
    assertThat(levels(reentry, 600, names, three, users)).containsExactly(3, 3, 3);
    assertThat(levels(strictOrder, 600, names, four, users)).containsExactly(1, 1, 1);
    assertThat(levels(reentry, 600, names, four, users)).containsExactly(1, 1, 1);
  }

  /**
   * ClickHouse's nullable table, conditions {@code a is null} and {@code b = 'b3'}; rows as the
   * conditions they satisfy: u4 is (cond 1), (none), (cond 2), so strict_order stops at the row
   * that satisfies nothing.
   */
  @Test
  void clickHouseStrictOrderStopsAtARowThatSatisfiesNothing() {
    List<String> names = List.of("first", "none", "second");
    List<List<String>> two = steps("first", "second");
    Rows u4 = Rows.of(1, "first", 2, "none", 3, "second");
    assertThat(level(Dialect.clickHouse(), 86400, names, two, u4)).isEqualTo(2);
    assertThat(level(Dialect.clickHouse("strict_order"), 86400, names, two, u4)).isEqualTo(1);
  }

  // ---- Doris ----

  private static final List<String> SHOP = List.of("login", "visit", "order", "payment", "login2");
  private static final List<List<String>> SHOP_STEPS = steps("login", "visit", "order", "payment");

  private static long at(int hour, int minute) {
    return hour * 3600L + minute * 60L;
  }

  private static Rows[] dorisUsers(Rows first) {
    return new Rows[] {
      first,
      Rows.of(at(11, 0), "login", at(11, 1), "visit", at(11, 2), "order"),
      Rows.of(at(12, 0), "login", at(12, 1), "visit"),
      Rows.of(at(11, 30), "login", at(11, 31), "visit")
    };
  }

  @Test
  void dorisDocumentationExamples() {
    Rows defaultUser =
        Rows.of(at(10, 1), "login", at(10, 2), "visit", at(10, 4), "order", at(10, 10), "payment");
    assertThat(levels(Dialect.doris("default"), 300, SHOP, SHOP_STEPS, dorisUsers(defaultUser)))
        .containsExactly(3, 3, 2, 2);

    // "after matching the visit event, the login event appears repeatedly": login-visit, 2. The
    // library's RESTART ignores repeats of step 1 and gives 4 here.
    Rows dedupUser =
        Rows.of(
            at(10, 1),
            "login",
            at(10, 2),
            "visit",
            at(10, 3),
            "login",
            at(10, 4),
            "order",
            at(10, 10),
            "payment");
    assertThat(
            levels(Dialect.doris("deduplication"), 3600, SHOP, SHOP_STEPS, dorisUsers(dedupUser)))
        .containsExactly(2, 3, 2, 2);

    // The documentation's fixed example is the behaviour before 4.1: login2 satisfies no
    // condition and interrupts after order.
    Rows fixedUser =
        Rows.of(
            at(10, 1),
            "login",
            at(10, 2),
            "visit",
            at(10, 3),
            "order",
            at(10, 4),
            "login2",
            at(10, 10),
            "payment");
    assertThat(levels(Dialect.dorisV1("fixed"), 3600, SHOP, SHOP_STEPS, dorisUsers(fixedUser)))
        .containsExactly(3, 3, 2, 2);
    assertThat(levels(Dialect.doris("fixed"), 3600, SHOP, SHOP_STEPS, dorisUsers(fixedUser)))
        .containsExactly(4, 3, 2, 2);

    Rows increaseUser =
        Rows.of(at(10, 1), "login", at(10, 2), "visit", at(10, 4), "order", at(10, 4), "payment");
    assertThat(levels(Dialect.doris("increase"), 3600, SHOP, SHOP_STEPS, dorisUsers(increaseUser)))
        .containsExactly(3, 3, 2, 2);
  }

  /**
   * Doris pull request #62043: login, visit, login2, order, payment; fixed gives 2 before 4.1, 4
   * after.
   */
  @Test
  void dorisFixedBeforeAndFrom41() {
    Rows user =
        Rows.of(
            at(10, 1),
            "login",
            at(10, 2),
            "visit",
            at(10, 3),
            "login2",
            at(10, 4),
            "order",
            at(10, 10),
            "payment");
    assertThat(level(Dialect.dorisV1("fixed"), 3600, SHOP, SHOP_STEPS, user)).isEqualTo(2);
    assertThat(level(Dialect.doris("fixed"), 3600, SHOP, SHOP_STEPS, user)).isEqualTo(4);
    // Doris's documentation: A-B-D-C under fixed stops at D: A-B, 2.
    assertThat(
            level(
                Dialect.doris("fixed"),
                3600,
                ABCD,
                steps("a", "b", "c", "d"),
                Rows.of(1, "a", 2, "b", 3, "d", 4, "c")))
        .isEqualTo(2);
    // And A-B-C-B-D under deduplication: A-B-C, 3.
    assertThat(
            level(
                Dialect.doris("deduplication"),
                3600,
                ABCD,
                steps("a", "b", "c", "d"),
                Rows.of(1, "a", 2, "b", 3, "c", 4, "b", 5, "d")))
        .isEqualTo(3);
  }

  // ---- StarRocks ----

  private static final List<String> ACTIONS = List.of("Browse", "Click", "Order", "Pay");
  private static final List<List<String>> ACTION_STEPS = steps("Browse", "Click", "Order", "Pay");

  /** The four examples of StarRocks's {@code window_funnel} documentation, with its answers. */
  @Test
  void starRocksDocumentationExamples() {
    Rows[] example1 = {
      Rows.of(
          at(11, 0),
          "Browse",
          at(11, 10),
          "Click",
          at(11, 20),
          "Order",
          at(11, 30),
          "Pay",
          at(11, 0),
          "Browse"),
      Rows.of(at(11, 0), "Order", at(11, 10), "Pay"),
      Rows.of(at(11, 20), "Browse", at(12, 0), "Click"),
      Rows.of(at(11, 50), "Browse", at(12, 0), "Click"),
      Rows.of(at(11, 50), "Browse", at(12, 0), "Click", at(11, 10), "Order"),
      Rows.of(at(11, 50), "Browse", at(12, 0), "Click", at(12, 10), "Order")
    };
    assertThat(levels(Dialect.starRocks(0), 1800, ACTIONS, ACTION_STEPS, example1))
        .containsExactly(4, 0, 1, 2, 2, 3);

    Rows[] example2 = {
      Rows.of(
          at(11, 0),
          "Browse",
          at(11, 10),
          "Click",
          at(11, 29),
          "Order",
          at(11, 29) + 50,
          "Click",
          at(11, 30),
          "Pay",
          at(11, 40),
          "Click"),
      Rows.of(at(11, 0) + 1, "Browse")
    };
    assertThat(levels(Dialect.starRocks(0), 1800, ACTIONS, ACTION_STEPS, example2))
        .containsExactly(4, 1);
    assertThat(levels(Dialect.starRocks(1), 1800, ACTIONS, ACTION_STEPS, example2))
        .containsExactly(3, 1);

    Rows[] example3 = {
      Rows.of(at(11, 0), "Browse", at(11, 10), "Click", at(11, 30), "Pay", at(11, 31), "Order"),
      Rows.of(at(11, 0) + 1, "Browse")
    };
    assertThat(levels(Dialect.starRocks(0), 1900, ACTIONS, ACTION_STEPS, example3))
        .containsExactly(3, 1);
    assertThat(levels(Dialect.starRocks(2), 1900, ACTIONS, ACTION_STEPS, example3))
        .containsExactly(2, 1);

    List<List<String>> three = steps("Browse", "Click", "Order");
    Rows[] example4 = {
      Rows.of(at(11, 0), "Browse", at(11, 0) + 1, "Click", at(11, 0) + 31, "Order"),
      Rows.of(at(11, 0) + 3, "Browse", at(11, 0) + 3, "Click", at(11, 1) + 3, "Order")
    };
    assertThat(levels(Dialect.starRocks(0), 1900, ACTIONS, three, example4)).containsExactly(3, 3);
    assertThat(levels(Dialect.starRocks(4), 1900, ACTIONS, three, example4)).containsExactly(3, 1);

    // Its modes' own examples: A-B-C-B-D under deduplication is A-B-C; A-B-D-C under fixed is A-B.
    List<List<String>> abcd = steps("a", "b", "c", "d");
    assertThat(
            level(
                Dialect.starRocks(1),
                3600,
                ABCD,
                abcd,
                Rows.of(1, "a", 2, "b", 3, "c", 4, "b", 5, "d")))
        .isEqualTo(3);
    assertThat(
            level(Dialect.starRocks(2), 3600, ABCD, abcd, Rows.of(1, "a", 2, "b", 3, "d", 4, "c")))
        .isEqualTo(2);
  }

  /**
   * Where StarRocks and Doris disagree under one name: Doris's deduplication example (login, visit,
   * login, order, payment) gives 2 in Doris, but in StarRocks a repeat of step 1 only moves its
   * start, and the chain goes on to 4 (as StarRocks's source computes; not from its docs).
   */
  @Test
  void starRocksAndDorisDisagreeOnARepeatOfStepOne() {
    Rows user =
        Rows.of(
            at(10, 1),
            "login",
            at(10, 2),
            "visit",
            at(10, 3),
            "login",
            at(10, 4),
            "order",
            at(10, 10),
            "payment");
    assertThat(level(Dialect.doris("deduplication"), 3600, SHOP, SHOP_STEPS, user)).isEqualTo(2);
    assertThat(level(Dialect.starRocks(1), 3600, SHOP, SHOP_STEPS, user)).isEqualTo(4);
  }

  // ---- duckdb-behavioral ----

  private static final List<String> XYZ = List.of("x", "y", "z", "w");

  private static int duck(String modes, long window, Rows rows, String... steps) {
    return level(Dialect.duckdbBehavioral(modes), window, XYZ, steps(steps), rows);
  }

  @Test
  void duckdbBehavioralDocumentationAndUnitTests() {
    // The documentation: 10:00 page view, 10:20 cart, 11:30 purchase, one hour: 2.
    assertThat(
            duck(
                "", 3600, Rows.of(at(10, 0), "x", at(10, 20), "y", at(11, 30), "z"), "x", "y", "z"))
        .isEqualTo(2);
    // test_multiple_entries_best_wins, test_window_boundary_* (in units of its microseconds).
    assertThat(duck("", 60, Rows.of(0, "x", 120, "y", 200, "x", 230, "y"), "x", "y", "z"))
        .isEqualTo(2);
    assertThat(duck("", 1000, Rows.of(0, "x", 1000, "y"), "x", "y")).isEqualTo(2);
    assertThat(duck("", 1000, Rows.of(0, "x", 1001, "y"), "x", "y")).isEqualTo(1);
    // test_zero_window_*: a window of 0 takes events at the same time only.
    assertThat(duck("", 0, Rows.of(0, "x", 0, "y"), "x", "y")).isEqualTo(2);
    assertThat(duck("", 0, Rows.of(0, "x", 1, "y"), "x", "y")).isEqualTo(1);
    // test_strict_mode, test_strict_mode_backward_step_breaks.
    assertThat(duck("strict", 3600, Rows.of(0, "x", 1, "x", 2, "y"), "x", "y", "z")).isEqualTo(2);
    assertThat(duck("strict", 3600, Rows.of(0, "x", 1, "y", 2, "y", 3, "z"), "x", "y", "z"))
        .isEqualTo(2);
    // test_strict_order_earlier_condition_breaks_chain.
    assertThat(duck("strict_order", 3600, Rows.of(0, "x", 1, "x", 2, "y"), "x", "y", "z"))
        .isEqualTo(2);
    // test_strict_dedup_skips_same_timestamp, test_strict_dedup_skips_then_matches_later.
    assertThat(duck("strict_deduplication", 3600, Rows.of(0, "x", 0, "y"), "x", "y")).isEqualTo(1);
    assertThat(
            duck(
                "strict_deduplication",
                3600,
                Rows.of(0, "x", 0, "y", 1, "y", 2, "z"),
                "x",
                "y",
                "z"))
        .isEqualTo(3);
    // test_duplicate_timestamps_default_mode.
    assertThat(duck("", 3600, Rows.of(100, "x", 100, "y"), "x", "y")).isEqualTo(2);
  }

  @Test
  void duckdbBehavioralOneRowMayFillSeveralStepsUnlessStrictOnce() {
    // One row satisfying y and z (codes: step 2 and step 3 both list "y").
    List<List<String>> overlapping = List.of(List.of("x"), List.of("y"), List.of("y"));
    Rows rows = Rows.of(0, "x", 1, "y");
    assertThat(level(Dialect.duckdbBehavioral(""), 10, XYZ, overlapping, rows)).isEqualTo(3);
    assertThat(level(Dialect.duckdbBehavioral("strict_once"), 10, XYZ, overlapping, rows))
        .isEqualTo(2);
    // The entry row itself fills step 1 only (test_all_conditions_same_row).
    List<List<String>> all = List.of(List.of("x"), List.of("x"), List.of("x"));
    assertThat(level(Dialect.duckdbBehavioral(""), 10, XYZ, all, Rows.of(0, "x"))).isEqualTo(1);
  }

  /**
   * A case of duckdb-behavioral's unit tests, which give each row its condition bits: here a row's
   * event code is its bits (bit 0 for condition 1), and step s is every code with bit s − 1 set.
   */
  private static int duckBits(String modes, long window, int steps, long... timesAndBits) {
    return bits(Dialect.duckdbBehavioral(modes), window, steps, timesAndBits);
  }

  /** One subject's level, each row given as its time and its condition bits. */
  private static int bits(Dialect dialect, long window, int steps, long... timesAndBits) {
    WindowFunnel.Builder builder =
        WindowFunnel.builder().eventCodes(1 << steps).window(window).dialect(dialect);
    for (int s = 0; s < steps; s++) {
      int bit = s;
      builder.step(IntStream.range(0, 1 << steps).filter(c -> (c & (1 << bit)) != 0).toArray());
    }
    long[] times = new long[timesAndBits.length / 2];
    int[] codes = new int[times.length];
    for (int i = 0; i < times.length; i++) {
      times[i] = timesAndBits[2 * i];
      codes[i] = (int) timesAndBits[2 * i + 1];
    }
    return builder.build().evaluate(times, codes).level();
  }

  /**
   * The unit tests of duckdb-behavioral's greedy scan ({@code src/window_funnel.rs}, module {@code
   * tests}, at commit 11a0ea2), each named after its test and with its asserted answer; times in
   * its microseconds, windows of an hour unless the test sets one.
   */
  @Test
  void duckdbBehavioralUnitTestsModeByMode() {
    long hour = 3_600_000_000L;
    // test_window_expiry, test_no_entry_point, test_single_step_funnel, test_large_funnel.
    assertThat(duckBits("", 60_000_000, 3, 0, 0b001, 30_000_000, 0b010, 120_000_000, 0b100))
        .isEqualTo(2);
    assertThat(duckBits("", hour, 3, 0, 0b010, 1_000_000, 0b100)).isZero();
    assertThat(duckBits("", hour, 1, 0, 0b1)).isEqualTo(1);
    long[] eight = new long[16];
    for (int i = 0; i < 8; i++) {
      eight[2 * i] = i * 1_000_000L;
      eight[2 * i + 1] = 1L << i;
    }
    assertThat(duckBits("", hour, 8, eight)).isEqualTo(8);
    // test_max_step_uses_max_not_assignment: the second entry completes the funnel.
    assertThat(
            duckBits(
                "",
                60_000_000,
                3,
                0,
                0b001,
                30_000_000,
                0b010,
                120_000_000,
                0b100,
                200_000_000,
                0b001,
                210_000_000,
                0b010,
                220_000_000,
                0b100))
        .isEqualTo(3);
    // test_strict_mode_allows_forward_movement, test_strict_order_basic_success.
    assertThat(duckBits("strict", hour, 3, 0, 0b001, 1000, 0b010, 2000, 0b100)).isEqualTo(3);
    assertThat(duckBits("strict_order", hour, 3, 0, 0b001, 1000, 0b010, 2000, 0b100)).isEqualTo(3);
    // test_strict_dedup_different_timestamps_ok,
    // test_strict_dedup_timestamp_equality_not_inequality.
    assertThat(duckBits("strict_deduplication", hour, 2, 0, 0b01, 1, 0b10)).isEqualTo(2);
    assertThat(duckBits("strict_deduplication", hour, 2, 100, 0b01, 100, 0b10, 101, 0b10))
        .isEqualTo(2);
    // test_strict_increase_*.
    assertThat(duckBits("strict_increase", hour, 3, 0, 0b001, 0, 0b010)).isEqualTo(1);
    assertThat(duckBits("strict_increase", hour, 3, 0, 0b001, 1, 0b010, 2, 0b100)).isEqualTo(3);
    assertThat(duckBits("strict_increase", hour, 3, 0, 0b001, 1000, 0b010, 1000, 0b100))
        .isEqualTo(2);
    assertThat(duckBits("strict_increase", hour, 3, 0, 0b001, 0, 0b010, 1000, 0b010, 2000, 0b100))
        .isEqualTo(3);
    assertThat(duckBits("strict_increase", hour, 2, 0, 0b01, 1, 0b10)).isEqualTo(2);
    // test_strict_once_multi_condition_event_advances_only_one (3 without strict_once), and
    // test_strict_once_triple_condition_event.
    assertThat(duckBits("", hour, 3, 0, 0b001, 1000, 0b110)).isEqualTo(3);
    assertThat(duckBits("strict_once", hour, 3, 0, 0b001, 1000, 0b110)).isEqualTo(2);
    assertThat(
            duckBits("strict_once", hour, 4, 0, 0b1111, 1000, 0b1110, 2000, 0b1100, 3000, 0b1000))
        .isEqualTo(4);
    // test_allow_reentry_longer_chain_from_reentry, _multiple_reentries,
    // _resets_from_correct_point.
    assertThat(
            duckBits(
                "allow_reentry",
                hour,
                3,
                0,
                0b001,
                1000,
                0b010,
                2000,
                0b001,
                3000,
                0b010,
                4000,
                0b100))
        .isEqualTo(3);
    assertThat(duckBits("allow_reentry", hour, 2, 0, 0b01, 1000, 0b01, 2000, 0b01, 3000, 0b10))
        .isEqualTo(2);
    assertThat(duckBits("allow_reentry", 50_000, 2, 0, 0b01, 100_000, 0b01, 120_000, 0b10))
        .isEqualTo(2);
    // The combined-mode tests.
    assertThat(duckBits("strict, strict_increase", hour, 3, 0, 0b001, 1000, 0b010, 2000, 0b100))
        .isEqualTo(3);
    assertThat(duckBits("strict_order, strict_increase", hour, 3, 0, 0b001, 0, 0b010)).isEqualTo(1);
    assertThat(duckBits("strict_deduplication, strict_increase", hour, 2, 0, 0b01, 0, 0b10))
        .isEqualTo(1);
    assertThat(
            duckBits("strict_once, strict_increase", hour, 3, 0, 0b001, 1000, 0b110, 2000, 0b100))
        .isEqualTo(3);
    assertThat(
            duckBits(
                "allow_reentry, strict_order",
                hour,
                3,
                0,
                0b001,
                1000,
                0b010,
                2000,
                0b001,
                3000,
                0b010,
                4000,
                0b100))
        .isEqualTo(3);
    assertThat(
            duckBits(
                "strict, strict_order, strict_deduplication, strict_increase, strict_once",
                hour,
                3,
                0,
                0b001,
                1000,
                0b010,
                2000,
                0b100))
        .isEqualTo(3);
    assertThat(
            duckBits(
                "strict_deduplication, allow_reentry",
                hour,
                3,
                100,
                0b001,
                100,
                0b010,
                200,
                0b010,
                300,
                0b100))
        .isEqualTo(3);
    assertThat(
            duckBits(
                "strict_deduplication, allow_reentry",
                hour,
                3,
                100,
                0b001,
                200,
                0b010,
                300,
                0b001,
                300,
                0b010,
                400,
                0b010,
                500,
                0b100))
        .isEqualTo(3);
    assertThat(
            duckBits(
                "strict_deduplication, strict_order",
                hour,
                3,
                100,
                0b001,
                100,
                0b010,
                200,
                0b010,
                300,
                0b100))
        .isEqualTo(3);
  }

  /**
   * Cases read off duckdb-behavioral's {@code scan_funnel} (same commit) where its unit tests stop
   * short: the scan returns as soon as every step is matched, so a later entry under allow_reentry
   * cannot undo a complete funnel; a step-1 row is a re-entry only once step 2 is reached, so under
   * strict_deduplication it does not move the time a tied step 2 is compared with; strict_order
   * stops at a row of an earlier step; and strict looks at the step just matched, not earlier ones.
   */
  @Test
  void duckdbBehavioralScanAtItsEdges() {
    assertThat(duckBits("allow_reentry", 10, 3, 0, 0b001, 1, 0b010, 2, 0b100, 3, 0b001))
        .isEqualTo(3);
    assertThat(duckBits("allow_reentry, strict_deduplication", 10, 2, 0, 0b01, 5, 0b01, 5, 0b10))
        .isEqualTo(2);
    // strict_order: after steps 1 and 2, a row of step 2 again ends the scan from that entry.
    assertThat(duckBits("strict_order", 10, 3, 0, 0b001, 1, 0b010, 2, 0b010, 3, 0b100))
        .isEqualTo(2);
    // strict: after steps 1 and 2, a row of step 1 (not the step just matched) does not break.
    assertThat(duckBits("strict", 10, 3, 0, 0b001, 1, 0b010, 2, 0b001, 3, 0b100)).isEqualTo(3);
    // The window is measured from the entry row: a step at most the window after it counts.
    assertThat(duckBits("", 10, 2, 0, 0b01, 10, 0b10)).isEqualTo(2);
    assertThat(duckBits("", 10, 2, 0, 0b01, 11, 0b10)).isEqualTo(1);
  }

  /**
   * Rows with equal timestamps, where a later row satisfies an earlier condition: ClickHouse and
   * StarRocks sort the entries of all rows by time, then condition, so the step-2 entry of the
   * second row comes between the step-1 and step-3 entries of the first (ClickHouse's {@code
   * AggregateFunctionWindowFunnel} sorts its (timestamp, condition) list; StarRocks sorts its
   * events the same way). Doris takes each row as one event: the first row fills step 1 only.
   */
  @Test
  void tiedRowsAreEntriesInConditionOrderInTheSinglePassEngines() {
    long[] rows = {5, 0b101, 5, 0b010};
    assertThat(bits(Dialect.clickHouse(), 10, 3, rows)).isEqualTo(3);
    assertThat(bits(Dialect.starRocks(0), 10, 3, rows)).isEqualTo(3);
    assertThat(bits(Dialect.doris("default"), 10, 3, rows)).isEqualTo(2);
  }

  /**
   * Doris's deduplication as its documentation defines it: only a repeat of an event already
   * matched ends a chain, so a row of a later step passed over does not (x, z, y, z gives 3), while
   * a repeat of step 1 does (x, y, x, z gives 2). A step exactly the window after step 1 counts.
   */
  @Test
  void dorisDeduplicationEndsAChainOnlyAtARepeat() {
    assertThat(bits(Dialect.doris("deduplication"), 10, 3, 0, 0b001, 1, 0b100, 2, 0b010, 3, 0b100))
        .isEqualTo(3);
    assertThat(bits(Dialect.doris("deduplication"), 10, 3, 0, 0b001, 1, 0b010, 2, 0b001, 3, 0b100))
        .isEqualTo(2);
    assertThat(bits(Dialect.doris("default"), 10, 2, 0, 0b01, 10, 0b10)).isEqualTo(2);
    assertThat(bits(Dialect.doris("default"), 10, 2, 0, 0b01, 11, 0b10)).isEqualTo(1);
  }

  /**
   * Under strict_deduplication ClickHouse answers, at a repeat, the condition of the entry before
   * it ({@code return data.events_list[i - 1].second} in {@code AggregateFunctionWindowFunnel}),
   * even a step no chain reached: x@0, y@1, z@5 outside a window of 3, then y@6 gives 3. The chain
   * is then the steps reached, then the time of that entry; nothing of an earlier subject.
   */
  @Test
  void clickHouseStrictDeduplicationAnswersTheConditionBeforeTheRepeat() {
    WindowFunnel funnel =
        WindowFunnel.builder()
            .eventCodes(3)
            .step(0)
            .step(1)
            .step(2)
            .window(3)
            .dialect(Dialect.clickHouse("strict_deduplication"))
            .build();
    Map<Long, SubjectResult> results = new HashMap<>();
    funnel
        .aggregation()
        .subjects(results::put)
        .run(
            EventBatch.grouped(
                new long[] {1, 1, 1, 2, 2, 2, 2},
                new long[] {100, 101, 102, 0, 1, 5, 6},
                new int[] {0, 1, 2, 0, 1, 2, 1}));
    assertThat(results.get(1L).chain().toArray()).containsExactly(100, 101, 102);
    assertThat(results.get(2L).level()).isEqualTo(3);
    assertThat(results.get(2L).chain().toArray()).containsExactly(0, 1, 5);
  }

  // ---- limits and bad input ----

  @Test
  void aWindowOfZeroAndThirtyTwoStepsAreAccepted() {
    WindowFunnel zero = WindowFunnel.builder().eventCodes(2).step(0).step(1).window(0).build();
    assertThat(zero.evaluate(new long[] {5, 5}, new int[] {0, 1}).level()).isEqualTo(2);
    assertThat(zero.evaluate(new long[] {5, 6}, new int[] {0, 1}).level()).isEqualTo(1);

    WindowFunnel.Builder builder = WindowFunnel.builder().eventCodes(32).window(100);
    long[] times = new long[32];
    int[] codes = new int[32];
    for (int s = 0; s < 32; s++) {
      builder.step(s);
      times[s] = s;
      codes[s] = s;
    }
    assertThat(builder.build().evaluate(times, codes).level()).isEqualTo(32);
    assertThatThrownBy(() -> builder.step(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a funnel has at most 32 steps; step 33 is one too many");
  }

  @Test
  void badDialectsAndConflictingPoliciesAreRejected() {
    assertThatThrownBy(() -> Dialect.clickHouse("strict"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown ClickHouse mode 'strict'");
    assertThatThrownBy(() -> Dialect.clickHouse("allow_reentry"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("allow_reentry requires strict_order");
    assertThatThrownBy(() -> Dialect.doris("fixed, increase"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown Doris mode");
    assertThatThrownBy(() -> Dialect.starRocks(8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(increase): 8");
    assertThatThrownBy(() -> Dialect.duckdbBehavioral("strict_once, strict_once"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("duckdb-behavioral mode 'strict_once' is given twice");
    assertThatThrownBy(
            () ->
                WindowFunnel.builder()
                    .eventCodes(2)
                    .step(0)
                    .step(1)
                    .window(10)
                    .dialect(Dialect.doris("default"))
                    .repeats(RepeatPolicy.STOP)
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "the dialect DORIS[default] sets every policy; it cannot be combined with [repeats STOP]");
    assertThatThrownBy(() -> WindowFunnel.builder().window(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("window must not be negative: -1");
  }
}
