package dev.funnel.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The NDJSON reader on generated files, against Jackson (a peer parser) reading the same lines with
 * its strict settings (duplicate keys and trailing tokens are errors): lines Jackson writes in
 * random field order, with escapes, non-ASCII text (raw or as {@code \\u} escapes, surrogate pairs
 * included), nested objects and arrays to step over, numbers, booleans and nulls, blank lines, and
 * broken lines of every kind; cut into blocks of random sizes and parsed on one to three threads.
 * The reader must keep exactly the rows Jackson reads with a subject, a time and an event, reject
 * every other line by its number, and attribute segments by first touch.
 */
class NdjsonReaderPropertiesTest {
  private static final long SEED = 20261205L;
  private static final String[] SUBJECTS = {"u1", "u2", "Smith, J", "say \"hi\"", "é-ü", "a\\b"};
  private static final String[] EVENTS = {"view", "cart", "purchase", "tab\there", "😀 emoji"};
  private static final String[] SEGMENTS = {"web", "app", "line\nend", "ünï"};
  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static String generate(long seed, int rows) {
    Random random = new Random(seed);
    JsonFactory factory = STRICT.getFactory();
    StringBuilder out = new StringBuilder();
    long previous = 1_700_000_000L;
    for (int r = 0; r < rows; r++) {
      StringWriter line = new StringWriter();
      // A file whose first line is an array is refused as a whole (a JSON array file), tested
      // apart.
      int kind = r == 0 ? 10 + random.nextInt(4) : random.nextInt(14);
      try (JsonGenerator g = factory.createGenerator(line)) {
        if (random.nextBoolean()) {
          g.enable(JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature());
        }
        List<Runnable> fields = new ArrayList<>();
        long second = random.nextBoolean() ? previous + random.nextInt(50) : previous - 7;
        previous = second;
        if (kind != 0) {
          fields.add(
              write(
                  g,
                  "subject",
                  kind == 1
                      ? null
                      : kind == 2
                          ? List.of(1)
                          : random.nextInt(3) == 0
                              ? (Object) (long) random.nextInt(5)
                              : SUBJECTS[random.nextInt(SUBJECTS.length)]));
        }
        fields.add(
            write(
                g,
                "time",
                kind == 3
                    ? "yesterday"
                    : kind == 4 ? null : Instant.ofEpochSecond(second).toString()));
        if (kind != 5) {
          fields.add(write(g, "event", EVENTS[random.nextInt(EVENTS.length)]));
        }
        int segment = random.nextInt(6);
        if (segment < SEGMENTS.length) {
          fields.add(write(g, "segment", SEGMENTS[segment]));
        } else if (segment == 4) {
          fields.add(write(g, "segment", null));
        }
        fields.add(write(g, "price", random.nextInt(1000) / 10.0));
        fields.add(write(g, "in_stock", random.nextBoolean()));
        fields.add(
            write(g, "nested", Map.of("subject", "not this", "list", List.of(1, "x", Map.of()))));
        Collections.shuffle(fields, random);
        g.writeStartObject();
        fields.forEach(Runnable::run);
        g.writeEndObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      String text = line.toString();
      switch (kind) {
        case 6 -> text = text.substring(0, random.nextInt(text.length()));
        case 7 -> text = "[" + text + "]";
        case 8 -> text = text + " x";
        case 9 -> text = text.replaceFirst("\\{\"", "{\"event\":\"dup\",\"");
        case 10 -> text = "  " + text.replace(":", " : ") + " \t";
        case 11 -> text = text.replace("\\t", "\t");
        default -> {}
      }
      out.append(text).append(random.nextInt(4) == 0 ? "\r\n" : "\n");
      if (random.nextInt(15) == 0) {
        out.append(random.nextBoolean() ? "\n" : "   \n");
      }
    }
    return out.toString();
  }

  private static Runnable write(JsonGenerator g, String name, Object value) {
    return () -> {
      try {
        g.writeFieldName(name);
        g.writeObject(value);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  @Test
  void keepsWhatJacksonReadsAndReportsEveryOtherLine() {
    qt().withFixedSeed(SEED)
        .withExamples(300)
        .forAll(
            longs().all(),
            integers().between(0, 100),
            integers().between(1, 3),
            integers().between(16, 600))
        .checkAssert(
            (seed, rows, threads, block) -> {
              String file = generate(seed, rows);
              EventLog log;
              try {
                log =
                    EventReader.builder()
                        .columns(EventColumns.builder().segment("segment").build())
                        .resolution(TimeUnit.SECONDS)
                        .skipBadRows(true)
                        .threads(threads)
                        .blockBytes(block)
                        .build()
                        .read(
                            new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)),
                            "g.ndjson");
              } catch (IOException | BadEventsException e) {
                throw new AssertionError(e);
              }
              Reference expected = jackson(file);
              List<String> read = new ArrayList<>();
              Map<String, String> segments = new LinkedHashMap<>();
              for (int r = 0; r < log.rowsRead(); r++) {
                String subject = log.subject(log.subjectId(r));
                read.add(subject + "|" + log.time(r) + "|" + log.event(log.eventCode(r)));
                segments.put(subject, log.segment(log.subjectId(r)).orElse("-"));
              }
              assertThat(read).containsExactlyInAnyOrderElementsOf(expected.rows);
              assertThat(segments).isEqualTo(expected.segments);
              assertThat(log.badRows())
                  .extracting(BadRow::line)
                  .containsExactlyElementsOf(expected.badLines);
              assertThat(log.rowsRead() + log.rowsSkipped()).isEqualTo(log.dataRows());
            });
  }

  private record Reference(List<String> rows, Map<String, String> segments, List<Long> badLines) {}

  /** What Jackson and {@link Instant#parse} read from the lines, and the lines they cannot. */
  private static Reference jackson(String file) {
    List<String> rows = new ArrayList<>();
    Map<String, String> segments = new LinkedHashMap<>();
    Map<String, Long> segmentTime = new LinkedHashMap<>();
    List<Long> bad = new ArrayList<>();
    String[] lines = file.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      long number = i + 1L;
      JsonNode node;
      try {
        node = STRICT.readTree(line);
      } catch (IOException e) {
        bad.add(number);
        continue;
      }
      JsonNode subject = node.get("subject");
      JsonNode time = node.get("time");
      JsonNode event = node.get("event");
      if (!node.isObject() || !scalar(subject) || !scalar(time) || !scalar(event)) {
        bad.add(number);
        continue;
      }
      long second;
      try {
        second = Instant.parse(time.asText()).getEpochSecond();
      } catch (DateTimeParseException e) {
        bad.add(number);
        continue;
      }
      String s = subject.asText();
      rows.add(s + "|" + second + "|" + event.asText());
      JsonNode segment = node.get("segment");
      segments.putIfAbsent(s, "-");
      if (scalar(segment) && (!segmentTime.containsKey(s) || second < segmentTime.get(s))) {
        segments.put(s, segment.asText());
        segmentTime.put(s, second);
      }
    }
    return new Reference(rows, segments, bad);
  }

  private static boolean scalar(JsonNode node) {
    return node != null && node.isValueNode() && !node.isNull();
  }
}
