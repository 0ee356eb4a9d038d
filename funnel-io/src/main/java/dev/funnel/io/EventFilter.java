package dev.funnel.io;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Which rows count for a step: rows whose event is one of some names and, optionally, whose other
 * columns pass every one of some conditions, as in {@code purchase where price > 100} or {@code
 * view,cart where brand = 'apple'}. A reader {@linkplain EventReader.Builder#filters given} filters
 * with conditions tests them on each row while reading, and {@link EventLog#codes(EventFilter)}
 * gives the event codes of the rows that pass, for a step of a {@code WindowFunnel}.
 *
 * <p>A condition compares a column with a number or a text. Numbers compare by value as IEEE 754
 * doubles ({@code 100}, {@code 100.0} and {@code 1e2} are equal), with {@code =}, {@code !=},
 * {@code <}, {@code <=}, {@code >} and {@code >=}; text compares exactly (case and spaces count),
 * with {@code =} and {@code !=} only. A row whose column is empty, null or missing passes no
 * condition on it, {@code !=} included (as SQL's comparisons with {@code NULL}). A row of one of
 * the filter's events whose column is not empty and not a number, where a number is compared, is a
 * bad row naming the column and the value; rows of other events are not tested.
 *
 * <p>Immutable and thread-safe; equal filters are equal, and {@link #toString()} writes a filter as
 * {@link #parse} reads it.
 */
public final class EventFilter {
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern WHERE = Pattern.compile("(?i)\\s+where\\s+");
  private static final Pattern AND = Pattern.compile("(?i)\\s+and\\s+");

  private final ImmutableSet<String> events;
  private final ImmutableList<Condition> conditions;

  private EventFilter(ImmutableSet<String> events, ImmutableList<Condition> conditions) {
    this.events = events;
    this.conditions = conditions;
  }

  /**
   * Returns the filter of rows whose event is one of {@code events}, without conditions.
   *
   * @throws IllegalArgumentException if there are no events or a name is blank
   */
  public static EventFilter of(String... events) {
    return of(Arrays.asList(events));
  }

  /**
   * Returns the filter of rows whose event is one of {@code events}, without conditions.
   *
   * @throws IllegalArgumentException if there are no events or a name is blank
   */
  public static EventFilter of(Collection<String> events) {
    ImmutableSet<String> set = ImmutableSet.copyOf(events);
    if (set.isEmpty()) {
      throw new IllegalArgumentException("a filter needs at least one event");
    }
    for (String event : set) {
      if (event.isBlank()) {
        throw new IllegalArgumentException("an event name is blank: " + set);
      }
    }
    return new EventFilter(set, ImmutableList.of());
  }

  /**
   * Reads a filter written {@code EVENT[,EVENT…][ where CONDITION[ and CONDITION…]]}, a condition
   * {@code COLUMN OPERATOR VALUE}: the operator one of {@code = == != <> < <= > >=}, the value a
   * number, a text in single or double quotes (a quote doubled inside), or a bare word. The words
   * {@code where} and {@code and} match in any case; a value that holds {@code " and "} must be
   * quoted. Event names are taken as written, trimmed.
   *
   * @throws IllegalArgumentException naming the part that cannot be read
   */
  public static EventFilter parse(String text) {
    requireNonNull(text, "text");
    String[] parts = WHERE.split(text.strip(), 2);
    List<String> names = Arrays.stream(parts[0].split(",", -1)).map(String::strip).toList();
    if (names.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException(
          "the filter '" + text + "' has an empty event name; write EVENT[,EVENT…] [where …]");
    }
    EventFilter filter = of(names);
    return parts.length == 2 ? filter.where(parts[1]) : filter;
  }

  /**
   * Returns this filter with more conditions, written {@code CONDITION[ and CONDITION…]} as in
   * {@link #parse}, such as {@code price > 100 and brand = 'apple'}.
   *
   * @throws IllegalArgumentException if a condition cannot be read
   */
  public EventFilter where(String conditions) {
    requireNonNull(conditions, "conditions");
    EventFilter filter = this;
    for (String condition : splitConditions(conditions)) {
      filter = filter.with(Condition.parse(condition));
    }
    return filter;
  }

  /**
   * Returns this filter with one more condition: {@code column} compared with a number.
   *
   * @throws IllegalArgumentException if the column's name is blank or the number is not finite
   */
  public EventFilter where(String column, Operator operator, double number) {
    if (!Double.isFinite(number)) {
      throw new IllegalArgumentException(
          "a condition on '" + column + "' compares with a number that is not finite: " + number);
    }
    return with(new Condition(column, operator, number, numberText(number)));
  }

  /**
   * Returns this filter with one more condition: {@code column} compared with a text.
   *
   * @throws IllegalArgumentException if the column's name is blank, or the operator is not {@code
   *     =} or {@code !=} (text has no order here)
   */
  public EventFilter where(String column, Operator operator, String text) {
    return with(new Condition(column, operator, Double.NaN, requireNonNull(text, "text")));
  }

  /** Returns the event names; a row must have one of them. */
  public ImmutableSet<String> events() {
    return events;
  }

  /** Returns the conditions, all of which a row must pass; empty for a filter of events only. */
  public ImmutableList<Condition> conditions() {
    return conditions;
  }

  private EventFilter with(Condition condition) {
    return new EventFilter(
        events, ImmutableList.<Condition>builder().addAll(conditions).add(condition).build());
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof EventFilter f && events.equals(f.events) && conditions.equals(f.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(events, conditions);
  }

  /** Returns the filter as {@link #parse} reads it, such as {@code purchase where price > 100}. */
  @Override
  public String toString() {
    String names = String.join(",", events);
    return conditions.isEmpty()
        ? names
        : names
            + " where "
            + conditions.stream().map(Condition::toString).collect(Collectors.joining(" and "));
  }

  private static List<String> splitConditions(String text) {
    // " and " inside a quoted value does not split.
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (Character.isWhitespace(c)) {
        var m = AND.matcher(text).region(i, text.length());
        if (m.lookingAt()) {
          parts.add(part.toString());
          part.setLength(0);
          i = m.end() - 1;
          continue;
        }
      }
      part.append(c);
    }
    if (quote != 0) {
      throw new IllegalArgumentException(
          "the conditions '" + text + "' have a quote " + quote + " that is not closed");
    }
    parts.add(part.toString());
    return parts;
  }

  /** Whether {@code text} is a number as {@link #parse} reads one. */
  static boolean isNumber(String text) {
    return NUMBER.matcher(text).matches();
  }

  private static String numberText(double number) {
    return number == Math.rint(number) && Math.abs(number) < 1e15
        ? Long.toString((long) number)
        : Double.toString(number);
  }

  /** How a condition compares a column's value with its own. */
  public enum Operator {
    /** The value equals. */
    EQUAL("="),
    /** The value differs; a row without a value does not pass. */
    NOT_EQUAL("!="),
    /** The value is less (numbers only). */
    LESS("<"),
    /** The value is less or equal (numbers only). */
    LESS_OR_EQUAL("<="),
    /** The value is greater (numbers only). */
    GREATER(">"),
    /** The value is greater or equal (numbers only). */
    GREATER_OR_EQUAL(">=");

    private final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }

    /** Returns how the operator is written: {@code =}, {@code !=}, {@code <}, … */
    public String symbol() {
      return symbol;
    }

    boolean holds(int comparison) {
      return switch (this) {
        case EQUAL -> comparison == 0;
        case NOT_EQUAL -> comparison != 0;
        case LESS -> comparison < 0;
        case LESS_OR_EQUAL -> comparison <= 0;
        case GREATER -> comparison > 0;
        case GREATER_OR_EQUAL -> comparison >= 0;
      };
    }
  }

  /**
   * One condition of a filter: a column, an operator and the number or text compared with.
   * Immutable and thread-safe.
   */
  public static final class Condition {
    private final String column;
    private final Operator operator;
    private final double number;
    private final String value;

    private Condition(String column, Operator operator, double number, String value) {
      requireNonNull(column, "column");
      requireNonNull(operator, "operator");
      if (column.isBlank()) {
        throw new IllegalArgumentException("a condition's column name is blank");
      }
      boolean isNumber = !Double.isNaN(number);
      if (!isNumber && operator != Operator.EQUAL && operator != Operator.NOT_EQUAL) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "'%s %s %s' compares text, which only = and != do; write a number to compare"
                    + " numbers",
                column.strip(),
                operator.symbol,
                quoted(value)));
      }
      this.column = column.strip();
      this.operator = operator;
      // -0.0 becomes 0.0, so that equal conditions hash alike.
      this.number = number + 0.0;
      this.value = value;
    }

    static Condition parse(String text) {
      requireNonNull(text, "condition");
      String t = text.strip();
      int at = -1;
      for (int i = 0; i < t.length() && at < 0; i++) {
        char c = t.charAt(i);
        if (c == '=' || c == '!' || c == '<' || c == '>') {
          at = i;
        }
      }
      if (at <= 0) {
        throw new IllegalArgumentException(
            "the condition '"
                + text
                + "' is not COLUMN OPERATOR VALUE with one of = != < <= > >= (as in price > 100)");
      }
      String rest = t.substring(at);
      String symbol =
          Arrays.asList("==", "!=", "<>", "<=", ">=", "=", "<", ">").stream()
              .filter(rest::startsWith)
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "the condition '" + text + "' has no operator = != < <= > >="));
      Operator operator =
          switch (symbol) {
            case "=", "==" -> Operator.EQUAL;
            case "!=", "<>" -> Operator.NOT_EQUAL;
            case "<" -> Operator.LESS;
            case "<=" -> Operator.LESS_OR_EQUAL;
            case ">" -> Operator.GREATER;
            default -> Operator.GREATER_OR_EQUAL;
          };
      String column = t.substring(0, at).strip();
      String written = rest.substring(symbol.length()).strip();
      if (written.isEmpty()) {
        throw new IllegalArgumentException("the condition '" + text + "' has no value after it");
      }
      char first = written.charAt(0);
      if (first == '\'' || first == '"') {
        return new Condition(column, operator, Double.NaN, unquote(written, text));
      }
      if (isNumber(written)) {
        return new Condition(column, operator, Double.parseDouble(written), written);
      }
      return new Condition(column, operator, Double.NaN, written);
    }

    private static String unquote(String written, String text) {
      char quote = written.charAt(0);
      StringBuilder value = new StringBuilder();
      int i = 1;
      while (true) {
        if (i >= written.length()) {
          throw new IllegalArgumentException(
              "the condition '" + text + "' has a quote " + quote + " that is not closed");
        }
        char c = written.charAt(i);
        if (c == quote) {
          if (i + 1 < written.length() && written.charAt(i + 1) == quote) {
            value.append(quote);
            i += 2;
            continue;
          }
          break;
        }
        value.append(c);
        i++;
      }
      if (i + 1 != written.length()) {
        throw new IllegalArgumentException(
            "the condition '"
                + text
                + "' has '"
                + written.substring(i + 1).strip()
                + "' after its quoted value");
      }
      return value.toString();
    }

    private static String quoted(String text) {
      return "'" + text.replace("'", "''") + "'";
    }

    /** Returns the column's name, matched like {@link EventColumns}' names. */
    public String column() {
      return column;
    }

    /** Returns the operator. */
    public Operator operator() {
      return operator;
    }

    /** Returns whether the condition compares numbers; if not, it compares text. */
    public boolean comparesNumbers() {
      return !Double.isNaN(number);
    }

    /**
     * Returns the number compared with.
     *
     * @throws IllegalStateException if the condition compares text
     */
    public double number() {
      if (!comparesNumbers()) {
        throw new IllegalStateException("'" + this + "' compares text, not a number");
      }
      return number;
    }

    /** Returns the value compared with as written: the text, or the number's digits. */
    public String value() {
      return value;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Condition c
          && column.equalsIgnoreCase(c.column)
          && operator == c.operator
          && (comparesNumbers()
              ? c.comparesNumbers() && number == c.number
              : !c.comparesNumbers() && value.equals(c.value));
    }

    @Override
    public int hashCode() {
      return Objects.hash(
          column.toLowerCase(Locale.ROOT), operator, comparesNumbers() ? number : value);
    }

    /** Returns the condition as {@link EventFilter#parse} reads it, such as {@code price > 100}. */
    @Override
    public String toString() {
      return column + " " + operator.symbol + " " + (comparesNumbers() ? value : quoted(value));
    }
  }
}
