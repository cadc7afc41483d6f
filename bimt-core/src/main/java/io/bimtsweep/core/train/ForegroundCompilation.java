package io.bimtsweep.core.train;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.ObjectName;

/**
 * Asks HotSpot's C2 to compile the kernels' exponential, and the Vector API methods it inlines, in
 * the thread that needs them instead of in the background: a compiler directive with {@code c2:
 * {BackgroundCompilation: false}}, added through the JVM's diagnostic-command MBean (what {@code
 * jcmd PID Compiler.directives_add} does), so that no JVM flag is needed in the launcher, under
 * spark-submit or in a user's own program.
 *
 * <p>Why: compiled in the background, the exponential's C2 code depended on how far the thread had
 * run on meanwhile. In about one fresh JVM in three (2 of 6, 2 of 10 and 3 of 8 on 2026-12-01) it
 * lost its vectors' types ({@code -XX:+PrintIntrinsics} prints {@code missing constant:
 * vclass=DecodeN} for its stores), and every store there ran the Vector API's Java fallback:
 * modular addition's step took 7-9 ms instead of 4.0-5.3 ms, for the whole run. With this
 * directive none of 12 fresh JVMs did (and none of 32 with wider ones). The same bimodality is
 * reported for other Vector API code (corretto/corretto-jdk#161, on JDK 25).
 *
 * <p>Why only these methods: with the whole kernel package in the foreground, the thread also
 * waited for every recompilation of the small presets' kernels, and three independence runs in one
 * JVM took 1.0 s each in float32 instead of 0.37 s. Compiling the exponential alone in the
 * foreground was not enough (one bad JVM of 10): the Vector API methods it inlines must be
 * compiled the same way. C1 stays in the background.
 *
 * <p>Since 2026-12-02 also {@link WideKernels}' copies for small products ({@code *Small}): a
 * sweep's short trials otherwise ran their first steps on code C2 had not compiled yet (the
 * quickstart 13.9-17.0 s wall against 11.9-13.8 s). Not its copies for large products: compiled
 * before their shapes had a profile, modular addition's step took 8-10% longer.
 *
 * <p>{@code -Dbimt.foregroundCompilation=false} leaves HotSpot's default; a JVM without the MBean
 * (not HotSpot, or no java.management) keeps it too. Only speed depends on this, never results.
 */
final class ForegroundCompilation {
  static final String DIRECTIVES = "[{match: [\"io/bimtsweep/core/train/VectorKernels.expInto\", "
      + "\"io/bimtsweep/core/train/VectorKernels.expIntoLong\", \"io/bimtsweep/core/train/WideKernels.*Small\", "
      + "\"io/bimtsweep/core/train/VectorFloatKernels.expInto\", \"jdk/incubator/vector/*.*\"], "
      + "c2: {BackgroundCompilation: false}}]";
  private static String outcome;

  private ForegroundCompilation() {}

  /** Adds the directive once per JVM; returns what happened, for benchmarks' headers. */
  static synchronized String request() {
    if (outcome == null) {
      outcome = add(Boolean.parseBoolean(System.getProperty("bimt.foregroundCompilation", "true")));
    }
    return outcome;
  }

  static String add(boolean wanted) {
    if (!wanted) {
      return "in the background (-Dbimt.foregroundCompilation=false)";
    }
    Path file = null;
    try {
      file = Files.createTempFile("bimt-compiler-directives", ".json");
      Files.writeString(file, DIRECTIVES);
      Object answer = ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
          new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
      String text = String.valueOf(answer).trim();
      return text.startsWith("1 compiler directives added") ? "the kernels' exponential in the foreground"
          : "in the background (the JVM refused the directive: " + text + ")";
    } catch (Exception | LinkageError e) {
      return "in the background (no compiler directives here: " + e.getClass().getSimpleName() + ")";
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (java.io.IOException ignored) {
          // a temporary file of 100 bytes left behind is no reason to fail training
        }
      }
    }
  }
}
