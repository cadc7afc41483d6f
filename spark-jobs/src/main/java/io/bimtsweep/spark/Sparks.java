package io.bimtsweep.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Spark sessions for sweeps: local mode by default, the submitting master under spark-submit. */
public final class Sparks {
  /** All cores, and up to 4 attempts per task so local mode retries like a cluster does. */
  public static final String DEFAULT_MASTER = "local[*,4]";

  private Sparks() {}

  /** The spark-submit jar (deploy/target/bimt-sweep-app.jar), as the launcher names it in bimt.app.jar. */
  static String applicationJar() {
    String jar = System.getProperty("bimt.app.jar");
    if (jar == null || !new java.io.File(jar).isFile()) {
      throw new IllegalArgumentException("a cluster master needs the application jar for its executors: build it with "
          + "`mvn -DskipTests package` (deploy/target/bimt-sweep-app.jar) and run through ./bimt, or set spark.jars");
    }
    return new java.io.File(jar).getAbsolutePath();
  }

  /**
   * Master yarn finds its ResourceManager in yarn-site.xml on the classpath (the launcher puts
   * HADOOP_CONF_DIR there); without it Hadoop's client would retry 0.0.0.0:8032 for minutes, so
   * say what is missing at once, as spark-submit does.
   */
  static void checkYarnClientConfiguration(java.util.Map<String, String> env, boolean yarnSiteOnClasspath) {
    boolean named = !env.getOrDefault("HADOOP_CONF_DIR", "").isEmpty() || !env.getOrDefault("YARN_CONF_DIR", "").isEmpty();
    if (!named && !yarnSiteOnClasspath) {
      throw new IllegalArgumentException("master yarn needs the cluster's client configuration: set HADOOP_CONF_DIR"
          + " (or YARN_CONF_DIR) to the folder holding its core-site.xml and yarn-site.xml");
    }
  }

  /**
   * Bytes one trial may use where it will run: an executor's memory (spark.executor.memory, Spark's
   * default 1g) on a cluster, this JVM's heap in local mode, where trials run in the driver.
   *
   * @param master the --master given, or null for the one spark-submit set, else local mode
   */
  public static long trialMemory(String master) {
    // SparkConf(true) reads the spark.* system properties; local mode needs none of Spark started
    String effective = master != null ? master : System.getProperty("spark.master", DEFAULT_MASTER);
    if (effective.startsWith("local")) {
      return Runtime.getRuntime().maxMemory();
    }
    SparkConf conf = new SparkConf(true);
    return org.apache.spark.network.util.JavaUtils.byteStringAsBytes(conf.get("spark.executor.memory", "1g"));
  }

  /** Spark's log off when the command line asked for quiet (property bimt.spark.log=off, set by bimt unless --verbose). */
  public static void quietIfAsked() {
    if ("off".equals(System.getProperty("bimt.spark.log"))) {
      org.apache.logging.log4j.core.config.Configurator.setRootLevel(org.apache.logging.log4j.Level.OFF);
    }
  }

  /** The innermost cause (a cause chain that loops ends where it would repeat). */
  static Throwable rootCause(Throwable e) {
    Throwable t = e;
    java.util.Set<Throwable> seen = new java.util.HashSet<>();
    while (t.getCause() != null && seen.add(t)) {
      t = t.getCause();
    }
    return t;
  }

  /**
   * Runs {@code start}, and once more if it failed on a ConcurrentModificationException: a race
   * between threads inside Spark or Hadoop, not a problem with what the user asked for. One driver
   * start for master yarn in about 30 (YarnIT, 2026-11-30) failed so, with nothing run and nothing
   * written; a second start is what the user would do by hand. Other failures are not retried.
   */
  static <T> T startRetryingARace(java.util.function.Supplier<T> start, java.io.PrintStream log) {
    try {
      return start.get();
    } catch (RuntimeException e) {
      if (!(rootCause(e) instanceof java.util.ConcurrentModificationException)) {
        throw e;
      }
      log.println("bimt: Spark's start failed on a race inside Spark or Hadoop (" + rootCause(e) + "); starting it once more");
      if (System.getenv("BIMT_DEBUG") != null) {
        e.printStackTrace(log);
      }
      return start.get();
    }
  }

  /**
   * @param master a master URL, or null: the one spark-submit set, else {@link #DEFAULT_MASTER}
   */
  public static SparkSession session(String appName, String master) {
    quietIfAsked();
    SparkConf conf = new SparkConf(true);
    SparkSession.Builder b = SparkSession.builder().appName(appName)
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        // one trial per task slot: any BLAS or OpenMP pool inside a trial must stay single-threaded
        .config("spark.executorEnv.OMP_NUM_THREADS", "1")
        .config("spark.executorEnv.OPENBLAS_NUM_THREADS", "1");
    if (master != null) {
      b.master(master);
    } else if (!conf.contains("spark.master")) {
      b.master(DEFAULT_MASTER);
    }
    String secret = System.getenv("_SPARK_AUTH_SECRET");
    if (secret != null && conf.getBoolean("spark.authenticate", false) && !conf.contains("spark.authenticate.secret")) {
      // a standalone driver must have the secret in its configuration; keep it off the command line
      b.config("spark.authenticate.secret", secret);
    }
    String effective = master != null ? master : conf.get("spark.master", DEFAULT_MASTER);
    // spark-submit (it sets the deploy mode) ships the application jar itself
    boolean fromSparkSubmit = conf.contains("spark.submit.deployMode");
    if (!effective.startsWith("local") && !conf.contains("spark.jars") && !fromSparkSubmit) {
      // a cluster started outside spark-submit: ship our code to the executors
      b.config("spark.jars", applicationJar());
    }
    if (effective.equals("yarn") && !fromSparkSubmit) {
      checkYarnClientConfiguration(System.getenv(), Thread.currentThread().getContextClassLoader().getResource("yarn-site.xml") != null);
      YarnJars.archive(conf, System.getenv("SPARK_HOME"), System.getProperty("java.class.path"))
          .ifPresent(archive -> b.config("spark.yarn.archive", archive));
    }
    String data = System.getProperty("bimt.data");
    if (data != null && !effective.startsWith("local") && !conf.contains("spark.executor.extraJavaOptions")) {
      // the launcher's data folder (data/mnist), for executors that share this machine's disk; on a
      // real cluster give task_options.path a folder every worker can read
      b.config("spark.executor.extraJavaOptions", "-Dbimt.data=" + data);
    }
    if (!conf.contains("spark.driver.bindAddress") && System.getenv("SPARK_LOCAL_IP") == null
        && (master == null || master.startsWith("local"))) {
      b.config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1");
    }
    try {
      return startRetryingARace(b::getOrCreate, System.err);
    } catch (Exception e) { // SparkException is thrown undeclared
      Throwable t = rootCause(e);
      // a message names a configuration problem; without one it is a failure inside Spark or Hadoop
      throw new IllegalArgumentException("cannot start Spark with master " + effective + ": "
          + (t.getMessage() == null ? t.getClass().getName() + " (set BIMT_DEBUG=1 for where it came from)" : t.getMessage()), e);
    }
  }
}
