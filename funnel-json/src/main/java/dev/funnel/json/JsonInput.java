package dev.funnel.json;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A strict reader over Jackson's streaming parser: every value is read where it stands, so that a
 * problem names its own line, column and path, and the library's own refusals ({@code
 * IllegalArgumentException}, {@code IllegalStateException}) are reported at the value or object
 * that caused them. Not thread-safe; one per document.
 */
final class JsonInput {
  private final JsonParser parser;
  private Mark field = new Mark("", 0, 0);

  JsonInput(JsonParser parser) {
    this.parser = parser;
  }

  /** A place in the document, kept so that a later problem can point at it. */
  record Mark(String path, long line, long column) {}

  /** Returns the place of the current token. */
  Mark mark() {
    JsonLocation at = parser.currentTokenLocation();
    return new Mark(
        parser.getParsingContext().pathAsPointer().toString(), at.getLineNr(), at.getColumnNr());
  }

  /** Returns an error at the current token. */
  FunnelJsonException error(String problem) {
    return error(mark(), problem, null);
  }

  static FunnelJsonException error(Mark at, String problem, @Nullable Throwable cause) {
    return new FunnelJsonException(at.path(), at.line(), at.column(), problem, cause);
  }

  /** Moves to the next token; malformed JSON and repeated keys are errors here. */
  private @Nullable JsonToken next() {
    try {
      return parser.nextToken();
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String message = e.getOriginalMessage();
      int newline = message.indexOf('\n');
      throw new FunnelJsonException(
          parser.getParsingContext().pathAsPointer().toString(),
          at == null ? 0 : at.getLineNr(),
          at == null ? 0 : at.getColumnNr(),
          newline < 0 ? message : message.substring(0, newline),
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads the first token, which must open an object. */
  Mark startDocument() {
    if (next() == null) {
      throw error("the document is empty");
    }
    return startObject("the document");
  }

  /** Checks that nothing follows the document. */
  void endDocument() {
    if (next() != null) {
      throw error("more follows the end of the document: " + describe(parser.currentToken()));
    }
  }

  /** Checks that the current token opens an object, and returns its place. */
  Mark startObject(String what) {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw error("expected " + what + " as an object, found " + describe(parser.currentToken()));
    }
    return mark();
  }

  /**
   * Moves to the next field of the current object and to its value; returns the field's name, or
   * null at the end of the object.
   */
  @Nullable String nextField() {
    JsonToken token = next();
    if (token == JsonToken.END_OBJECT) {
      return null;
    }
    field = mark();
    try {
      String name = parser.currentName();
      JsonToken value = next();
      if (value == JsonToken.VALUE_NULL) {
        throw error("\"" + name + "\" is null; leave the field out instead");
      }
      return name;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns the error for the field just read, which the current object does not have. */
  FunnelJsonException unknownField(String name, List<String> known) {
    return error(
        field,
        "unknown field \"" + name + "\"; the fields here are " + String.join(", ", known),
        null);
  }

  /** Returns the error for a field the object at {@code at} lacks. */
  static FunnelJsonException missing(Mark at, String what, String name) {
    return error(at, what + " needs \"" + name + "\"", null);
  }

  /** Returns the current token: a value, once {@link #nextField()} has returned a name. */
  JsonToken token() {
    return requireNonNull(parser.currentToken(), "token");
  }

  String text() {
    expect(JsonToken.VALUE_STRING, "a string");
    return value(() -> parser.getText());
  }

  boolean bool() {
    JsonToken token = parser.currentToken();
    if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
      throw error("expected true or false, found " + describe(token));
    }
    return token == JsonToken.VALUE_TRUE;
  }

  double number() {
    JsonToken token = parser.currentToken();
    if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
      throw error("expected a number, found " + describe(token));
    }
    double value = value(() -> parser.getDoubleValue());
    if (!Double.isFinite(value)) {
      throw error("the number " + value(() -> parser.getText()) + " is too large");
    }
    return value;
  }

  int integer() {
    expect(JsonToken.VALUE_NUMBER_INT, "a whole number");
    if (value(() -> parser.getNumberType()) != JsonParser.NumberType.INT) {
      throw error("the number " + value(() -> parser.getText()) + " is too large");
    }
    return value(() -> parser.getIntValue());
  }

  long wholeNumber() {
    expect(JsonToken.VALUE_NUMBER_INT, "a whole number");
    JsonParser.NumberType type = value(() -> parser.getNumberType());
    if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
      throw error("the number " + value(() -> parser.getText()) + " is too large");
    }
    return value(() -> parser.getLongValue());
  }

  BigDecimal decimal() {
    JsonToken token = parser.currentToken();
    if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
      throw error("expected a number, found " + describe(token));
    }
    return value(() -> parser.getDecimalValue());
  }

  Instant time() {
    String text = text();
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw error(
          "'" + text + "' is not an ISO-8601 instant in UTC such as 2026-01-31T09:30:00Z", e);
    }
  }

  Duration duration() {
    String text = text();
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw error("'" + text + "' is not an ISO-8601 duration such as P30D or PT2H", e);
    }
  }

  private FunnelJsonException error(String problem, Throwable cause) {
    return error(mark(), problem, cause);
  }

  /** Reads an array, each element by {@code element} with the parser on its first token. */
  <T> ImmutableList<T> list(Supplier<T> element) {
    expect(JsonToken.START_ARRAY, "an array");
    ImmutableList.Builder<T> elements = ImmutableList.builder();
    while (next() != JsonToken.END_ARRAY) {
      elements.add(element.get());
    }
    return elements.build();
  }

  ImmutableList<String> texts() {
    return list(this::text);
  }

  /** Runs {@code step}, reporting the library's refusal at the current token. */
  <T> T check(Supplier<T> step) {
    return check(mark(), step);
  }

  /** Runs {@code step}, reporting the library's refusal at {@code at}. */
  static <T> T check(Mark at, Supplier<T> step) {
    try {
      return step.get();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw error(at, String.valueOf(e.getMessage()), e);
    }
  }

  private void expect(JsonToken token, String what) {
    if (parser.currentToken() != token) {
      throw error("expected " + what + ", found " + describe(parser.currentToken()));
    }
  }

  private interface Read<T> {
    T get() throws IOException;
  }

  private <T> T value(Read<T> read) {
    try {
      return read.get();
    } catch (JsonProcessingException e) {
      throw error(e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String describe(@Nullable JsonToken token) {
    if (token == null) {
      return "the end of the document";
    }
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.toString();
    };
  }
}
