package dev.funnel.spark;

import org.apache.spark.sql.SparkSession;

/** A Spark session on two local threads, with the library's functions registered. */
final class LocalSpark {
  private LocalSpark() {}

  static SparkSession start() {
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
