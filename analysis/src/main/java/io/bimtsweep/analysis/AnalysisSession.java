package io.bimtsweep.analysis;

import io.bimtsweep.analysis.pareto.Front;
import io.bimtsweep.analysis.pareto.Objective;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/** The views an analysis query sees: trials, and pareto (the trials on the current fronts). */
public final class AnalysisSession {
  public static final String DEFAULT_OBJECTIVES = "test_loss:min,modularity_q:max";

  /** A per-process temporary warehouse, removed when the JVM exits. */
  static final java.nio.file.Path WAREHOUSE = warehouse();

  private AnalysisSession() {}

  private static java.nio.file.Path warehouse() {
    try {
      java.nio.file.Path d = java.nio.file.Files.createTempDirectory("bimt-warehouse-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try (var w = java.nio.file.Files.walk(d)) {
          w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
          // a temporary folder left behind is harmless
        }
      }));
      return d;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot create a temporary folder: " + e.getMessage(), e);
    }
  }

  /** A session for one command: closing it stops Spark only if this call started it. */
  public static final class Handle implements AutoCloseable {
    private final SparkSession spark;
    private final boolean owned;

    private Handle(SparkSession spark, boolean owned) {
      this.spark = spark;
      this.owned = owned;
    }

    public SparkSession spark() {
      return spark;
    }

    @Override
    public void close() {
      if (owned) {
        spark.stop();
      }
    }
  }

  public static Handle open() {
    boolean existing = SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined();
    return new Handle(spark(), !existing);
  }

  public static SparkSession spark() {
    if ("off".equals(System.getProperty("bimt.spark.log"))) {
      // bimt without --verbose: Spark's own log stays off (see the cli's Cli.quietUnlessVerbose)
      org.apache.logging.log4j.core.config.Configurator.setRootLevel(org.apache.logging.log4j.Level.OFF);
    }
    SparkSession s = SparkSession.builder().appName("bimt analysis").master("local[*]")
        .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.debug.maxToStringFields", "1000")
        // CREATE TABLE must not leave spark-warehouse/ in the user's folder
        .config("spark.sql.warehouse.dir", WAREHOUSE.toUri().toString())
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
        .getOrCreate();
    return s;
  }

  /** Registers the views {@code trials} and {@code pareto}; returns the fronts behind pareto. */
  public static Map<String, Front> register(SparkSession spark, String results, List<Objective> objectives) {
    Dataset<Row> trials = registerTrials(spark, results, objectives);
    Map<String, Front> fronts = SparkPareto.fronts(trials, objectives, false, null);
    List<String> ids = new ArrayList<>();
    fronts.values().forEach(f -> f.members().forEach(m -> ids.add(m.id())));
    trials.filter(functions.col("trial_id").isin(ids.toArray())).createOrReplaceTempView("pareto");
    return fronts;
  }

  /**
   * Registers the view {@code trials} alone, after checking that the objectives name numeric
   * columns. The fronts behind {@code pareto} take two Spark jobs (seconds in a fresh JVM), which a
   * query that never names pareto need not wait for.
   */
  public static Dataset<Row> registerTrials(SparkSession spark, String results, List<Objective> objectives) {
    Dataset<Row> trials = Results.load(spark, results);
    Results.checkObjectives(trials, objectives);
    trials.createOrReplaceTempView("trials");
    return trials;
  }

  /**
   * Whether a query may read the view {@code pareto}: it names it as a word, in any case, quoted
   * or not. A false "yes" (the word in a string literal) costs only the fronts' time.
   */
  public static boolean mayReadPareto(String query) {
    return PARETO_WORD.matcher(query).find();
  }

  private static final java.util.regex.Pattern PARETO_WORD =
      java.util.regex.Pattern.compile("(?<![A-Za-z0-9_])pareto(?![A-Za-z0-9_])", java.util.regex.Pattern.CASE_INSENSITIVE);
}
