package io.bimtsweep.spark;

import org.apache.spark.sql.SparkSession;

/** One local[2] session for every Spark test in this JVM (starting Spark costs seconds). */
public final class SharedSpark {
  private static SparkSession spark;

  private SharedSpark() {}

  public static synchronized SparkSession get() {
    if (spark == null) {
      spark = Sparks.session("bimt tests", "local[2,4]");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> spark.stop()));
    }
    return spark;
  }
}
