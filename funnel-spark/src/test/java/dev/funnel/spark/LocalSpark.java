package dev.funnel.spark;

import org.apache.spark.sql.SparkSession;

/**
 * One Spark session on two local threads for every test class, with the library's functions
 * registered; Spark stops it when the JVM ends.
 */
final class LocalSpark {
  private static final SparkSession SESSION = start();

  private LocalSpark() {}

  static SparkSession session() {
    return SESSION;
  }

  private static SparkSession start() {
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("funnel-spark tests")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate();
    FunnelFunctions.register(spark);
    return spark;
  }
}
