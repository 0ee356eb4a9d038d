package dev.funnel.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The README's Spark example, word for word, on a small events table. */
class ReadmeExampleTest {
  private static final SparkSession spark = LocalSpark.session();

  /**
   * Within a week (604,800 seconds): user 1 views, adds to cart and buys within a day (level 3);
   * user 2 views, and adds to cart eight days later (level 1); user 3 only buys (level 0).
   */
  @Test
  void theReadmeQueryGivesEachUsersLevel() {
    spark
        .sql(
            "SELECT user_id, TIMESTAMP'2026-11-01 10:00:00' + make_interval(0, 0, 0, d, h) AS"
                + " event_time, event_type FROM VALUES (1, 0, 0, 'view'), (1, 0, 2, 'cart'), (1, 1,"
                + " 0, 'purchase'), (2, 0, 0, 'view'), (2, 8, 0, 'cart'), (3, 0, 0, 'purchase') AS"
                + " t(user_id, d, h, event_type)")
        .createOrReplaceTempView("events");

    FunnelFunctions.register(spark);
    Dataset<Row> levels =
        spark.sql(
            """
        SELECT user_id,
               window_funnel(604800, event_time,
                             array(event_type = 'view', event_type = 'cart', event_type = 'purchase')) AS level
        FROM events GROUP BY user_id""");

    List<Row> rows = levels.orderBy("user_id").collectAsList();
    assertThat(rows).extracting(r -> r.getInt(1)).containsExactly(3, 1, 0);
  }
}
