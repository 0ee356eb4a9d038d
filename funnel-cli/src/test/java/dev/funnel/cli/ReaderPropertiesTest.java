package dev.funnel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.funnel.io.BadEventsException;
import dev.funnel.io.BadRow;
import dev.funnel.io.EventColumns;
import dev.funnel.io.EventLog;
import dev.funnel.io.EventReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The event reader, as the command drives it, and the funnel-file reader on randomly damaged input
 * (edits drawn by QuickTheories, which shrinks a failure to the fewest and smallest; jqwik is not
 * used): whatever the bytes, a reader returns a consistent result or an {@link InputException}
 * whose problems point inside the file, and never fails in any other way.
 */
class ReaderPropertiesTest {
  private static final long SEED = 20261122L;
  private static final int EXAMPLES = 2_000;

  private static final String CSV =
      """
      subject,time,event,source
      a,2026-11-01T10:00:00Z,page_view,search
      a,2026-11-01T10:05:00+01:00,purchase,search
      "b, the second",1793520000000,page_view,"social ""ads""\"
      c,2026-11-02T08:00:00Z,add_to_cart,email
      """;

  private static final String JSON =
      """
      {
        "schemaVersion": 1,
        "funnel": {"name": "Shop", "stages": [{"id": "view", "name": "Viewed"}, {"id": "buy"}]},
        "log": {
          "window": "PT1H",
          "segment": "source",
          "events": {"view": ["page_view"], "buy": ["purchase", "order"]}
        }
      }
      """;

  // Characters that matter to the formats, a multi-byte one, and a control character.
  private static final byte[] NOISE =
      "\",\n\r{}[]:\\ aZ9-T.é\u0000".getBytes(StandardCharsets.UTF_8);

  @Test
  void csvReaderNeverFailsOtherThanByNamingProblemsInsideTheFile() {
    qt().withFixedSeed(SEED)
        .withExamples(EXAMPLES)
        .forAll(edits(), booleans().all(), booleans().all())
        .checkAssert(
            (edits, skip, closed) -> {
              byte[] damaged = damage(CSV.getBytes(StandardCharsets.UTF_8), edits);
              long lines = lineCount(damaged);
              EventReader.Builder reader =
                  EventReader.builder()
                      .columns(EventColumns.builder().segment("source").build())
                      .skipBadRows(skip)
                      .threads(1);
              if (closed) {
                reader.onlyEvents(List.of("page_view", "purchase"));
              }
              try {
                EventLog log = reader.build().read(new ByteArrayInputStream(damaged), "e.csv");
                assertThat(log.rowsRead()).isNotNegative().isLessThanOrEqualTo(lines);
                assertThat(log.rowsRead() + log.rowsSkipped()).isEqualTo(log.dataRows());
                for (int i = 0; i < log.rowsRead(); i++) {
                  assertThat(log.eventCode(i)).isBetween(0, log.events().size() - 1);
                  assertThat(log.subjectId(i)).isBetween(0, log.subjectCount() - 1);
                }
                assertThat(log.badRows()).allSatisfy(p -> assertInside(p, lines));
                if (!skip) {
                  assertThat(log.rowsSkipped()).isZero();
                }
              } catch (BadEventsException e) {
                assertThat(e.problems()).isNotEmpty().allSatisfy(p -> assertInside(p, lines));
                assertThat(e.total()).isGreaterThanOrEqualTo(e.problems().size());
              } catch (IOException e) {
                throw new AssertionError("an in-memory stream cannot fail to read", e);
              }
            });
  }

  @Test
  void jsonReaderNeverFailsOtherThanByNamingProblemsInsideTheFile() {
    qt().withFixedSeed(SEED)
        .withExamples(EXAMPLES)
        .forAll(edits())
        .checkAssert(
            edits -> {
              byte[] damaged = damage(JSON.getBytes(StandardCharsets.UTF_8), edits);
              long lines = lineCount(damaged);
              try {
                FunnelDefinition definition =
                    FunnelDefinition.read("f.json", new ByteArrayInputStream(damaged));
                assertThat(definition.name()).isNotBlank();
                assertThat(definition.steps()).isNotEmpty();
                assertThat(definition.steps()).allSatisfy(s -> assertThat(s.events()).isNotEmpty());
              } catch (InputException e) {
                assertThat(e.problems()).hasSize(1).allSatisfy(p -> assertInside(p, lines));
              } catch (IOException e) {
                throw new AssertionError("an in-memory stream cannot fail to read", e);
              }
            });
  }

  private static void assertInside(Problem p, long lines) {
    assertThat(p.line()).isBetween(0L, lines + 1);
    assertThat(p.column()).isNotNegative();
    assertThat(p.message()).isNotBlank();
  }

  private static void assertInside(BadRow p, long lines) {
    assertThat(p.file()).isEqualTo("e.csv");
    assertThat(p.line()).isBetween(0L, lines + 1);
    assertThat(p.column()).isNotNegative();
    assertThat(p.message()).isNotBlank();
  }

  /**
   * One to four edits, each three integers: what (insert noise, delete a run, duplicate a run,
   * truncate, or append half a character), where (modulo the current length) and how much (which
   * noise, or the run's length). Shrinks toward one small insertion at the start.
   */
  private static Gen<List<List<Integer>>> edits() {
    Gen<List<Integer>> edit =
        integers()
            .between(0, 4)
            .zip(
                integers().between(0, 9_999),
                integers().between(0, 39),
                (kind, at, amount) -> List.of(kind, at, amount));
    return lists().of(edit).ofSizeBetween(1, 4);
  }

  private static byte[] damage(byte[] text, List<List<Integer>> edits) {
    byte[] current = text;
    for (List<Integer> edit : edits) {
      if (current.length == 0) {
        break;
      }
      int at = edit.get(1) % current.length;
      int amount = edit.get(2);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      switch (edit.get(0)) {
        case 0 -> {
          out.write(current, 0, at);
          out.write(NOISE[amount % NOISE.length]);
          out.write(current, at, current.length - at);
        }
        case 1 -> {
          int length = Math.min(current.length - at, 1 + amount % 8);
          out.write(current, 0, at);
          out.write(current, at + length, current.length - at - length);
        }
        case 2 -> {
          int length = Math.min(current.length - at, 1 + amount);
          out.write(current, 0, at + length);
          out.write(current, at, current.length - at);
        }
        case 3 -> out.write(current, 0, at);
        default -> {
          out.write(current, 0, current.length);
          out.write(0xC3); // half of a two-byte character: invalid UTF-8 at the end
        }
      }
      current = out.toByteArray();
    }
    return current;
  }

  private static long lineCount(byte[] text) {
    long lines = 1;
    for (byte b : text) {
      if (b == '\n' || b == '\r') {
        lines++;
      }
    }
    return lines;
  }
}
