package io.bimtsweep.dl4j;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J set up the one way this project runs it: one native thread. With one thread a run gives the
 * same bits in every JVM; with two it did not (and two trials side by side on two cores ran ~50x
 * slower). Parallelism comes from Spark's task slots instead. OMP_NUM_THREADS=1 must also be in
 * the environment before the native library loads: the launcher, the tests and the Spark executor
 * settings set it; {@link #pin()} warns when it is missing.
 */
public final class Nd4jRuntime {
  private static volatile boolean pinned;

  private Nd4jRuntime() {}

  /** Pins ND4J to one thread (idempotent). */
  public static void pin() {
    if (pinned) {
      return;
    }
    synchronized (Nd4jRuntime.class) {
      if (pinned) {
        return;
      }
      // JavaCPP checks the process's physical memory at every native allocation when these limits are set:
      // ~20% of a small network's step (measured with JFR). Only effective before ND4J first loads.
      if (System.getProperty("org.bytedeco.javacpp.maxPhysicalBytes") == null) {
        System.setProperty("org.bytedeco.javacpp.maxPhysicalBytes", "0");
      }
      if (System.getProperty("org.bytedeco.javacpp.maxBytes") == null) {
        System.setProperty("org.bytedeco.javacpp.maxBytes", "0");
      }
      if (!"1".equals(System.getenv("OMP_NUM_THREADS"))) {
        System.err.println("bimt-dl4j: OMP_NUM_THREADS is not 1; ND4J's results may then differ from JVM to JVM "
            + "(the bimt launcher and spark-submit scripts set it)");
      }
      Nd4j.getEnvironment().setMaxThreads(1);
      Nd4j.getEnvironment().setMaxMasterThreads(1);
      Nd4j.factory().blas().setMaxThreads(1);
      // no System.gc() every few seconds, no per-op workspace checks: both cost time and neither changes a result
      Nd4j.getMemoryManager().togglePeriodicGc(false);
      Nd4j.getExecutioner().setProfilingMode(org.nd4j.linalg.api.ops.executioner.OpExecutioner.ProfilingMode.DISABLED);
      pinned = true;
    }
  }

  /** Library versions and back end, for every row's provenance. */
  public static Map<String, String> facts() {
    pin();
    Map<String, String> m = new LinkedHashMap<>();
    m.put("dl4j", version("org.deeplearning4j", "deeplearning4j-nn"));
    m.put("nd4j", version("org.nd4j", "nd4j-native"));
    m.put("nd4j_backend", Nd4j.getBackend().getClass().getSimpleName());
    m.put("blas", "nd4j-native " + Nd4j.factory().blas().getBlasVendor());
    m.put("nd4j_threads", Integer.toString(Nd4j.getEnvironment().maxThreads()));
    return m;
  }

  /** A Maven artifact's version from its pom.properties, or "unknown". */
  static String version(String group, String artifact) {
    String path = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
    try (InputStream in = Nd4jRuntime.class.getResourceAsStream(path)) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
