package dev.funnel.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The generated REES46-shaped file has the sample's header, its time format (as java.time reads
 * it), time order within October 2019, nine fields per row, and the sample's event mix within
 * sampling error (REES46 October 2019: 96.1 % view, 2.2 % cart, 1.7 % purchase).
 */
class Rees46CsvTest {
  @Test
  void looksLikeTheSample() throws IOException {
    int rows = 100_000;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Rees46Csv.write(out, rows, 7);
    List<String> lines = List.of(out.toString(StandardCharsets.UTF_8).split("\n"));
    assertThat(lines).hasSize(rows + 1);
    assertThat(lines.get(0))
        .isEqualTo(
            "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session");
    DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");
    LocalDateTime previous = LocalDateTime.of(2019, 10, 1, 0, 0);
    Map<String, Integer> types = new HashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] fields = line.split(",", -1);
      assertThat(fields).as(line).hasSize(9);
      LocalDateTime time = LocalDateTime.parse(fields[0], format);
      assertThat(time).isAfterOrEqualTo(previous).isBefore(LocalDateTime.of(2019, 11, 1, 0, 0));
      previous = time;
      types.merge(fields[1], 1, Integer::sum);
      assertThat(fields[6]).matches("\\d+\\.\\d\\d");
      assertThat(fields[8]).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }
    // Binomial standard errors at 100,000 rows are under 0.07 points; allow about five.
    assertThat(types.get("view") / (double) rows).isBetween(0.958, 0.964);
    assertThat(types.get("cart") / (double) rows).isBetween(0.019, 0.025);
    assertThat(types.get("purchase") / (double) rows).isBetween(0.014, 0.020);
  }
}
