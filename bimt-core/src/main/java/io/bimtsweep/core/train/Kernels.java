package io.bimtsweep.core.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Which {@link DenseKernels} the engine runs. The Vector API is an incubator module in Java 17:
 * it is there only when the JVM starts with {@code --add-modules jdk.incubator.vector} (the
 * launcher, Maven's tests and Spark's own executor and driver options pass it). Without it the
 * scalar loops run, with the same results, only slower.
 *
 * <p>{@code -Dbimt.kernels=scalar|vector|vector64|vector128|vector256|vector512} picks one (for
 * measurements and tests); the default, when the module is there, is the machine's widest vector,
 * up to 256 bits for float64 (see VectorKernels.defaultSpecies) and at any width for float32.
 */
public final class Kernels {
  private static final DenseKernels DEFAULT = fromProperty(System.getProperty("bimt.kernels", "auto"));

  /** The property's choice; a wrong one is named on stderr and the default used (it changes speed, never results). */
  private static DenseKernels fromProperty(String value) {
    try {
      return choose(value);
    } catch (IllegalArgumentException e) {
      DenseKernels fallback = choose("auto");
      System.err.println("bimt: ignoring -Dbimt.kernels=" + value + ": " + e.getMessage() + "; using " + fallback.name());
      return fallback;
    }
  }

  private Kernels() {}

  private static final FloatKernels DEFAULT_FLOAT = floatOf(DEFAULT);

  /** The float32 kernels a run uses: those of the same kind and width as {@link #standard()}. */
  public static FloatKernels standardFloat() {
    return DEFAULT_FLOAT;
  }

  /** The float32 kernels of the same kind and width as the given float64 ones (scalar, or this JVM's vectors). */
  public static FloatKernels floatOf(DenseKernels kernels) {
    return kernels == ScalarKernels.INSTANCE ? ScalarFloatKernels.INSTANCE : VectorHolder.floatKernels();
  }

  /** The kernels a run uses unless a test forces others. */
  public static DenseKernels standard() {
    return DEFAULT;
  }

  private static final Boolean HARDWARE_FMA = readUseFma();

  static {
    if (Boolean.FALSE.equals(HARDWARE_FMA)) {
      System.err.println("bimt: this processor has no fused multiply-add instruction (the JVM's UseFMA is off), so "
          + "the engine's products run Math.fma in software: the same results, many times slower");
    }
  }

  /**
   * Whether Math.fma, which every product of the kernels uses, runs as the processor's instruction:
   * true on aarch64 and on x86-64 since 2013 (Haswell, Piledriver), false where the JVM emulates it
   * in software (same bits, far slower), null when the JVM does not say (not HotSpot).
   */
  public static Boolean hardwareFma() {
    return HARDWARE_FMA;
  }

  private static Boolean readUseFma() {
    try {
      var bean = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
      return bean == null ? null : Boolean.valueOf(bean.getVMOption("UseFMA").getValue());
    } catch (RuntimeException | LinkageError e) { // no such option, or no management module
      return null;
    }
  }

  /** How HotSpot compiles the vector kernels in this JVM ({@link ForegroundCompilation}), for benchmarks' headers. */
  public static String compilation() {
    return vectorApiPresent() ? ForegroundCompilation.request() : "no vector kernels";
  }

  /** Whether this JVM has the Vector API (started with --add-modules jdk.incubator.vector). */
  public static boolean vectorApiPresent() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  }

  /**
   * The kernels named: "scalar", "vector" (this JVM's vector kernels), "vector" + 64/128/256/512
   * (only the width this JVM was started with: -Dbimt.kernels), or "auto" (vector when the
   * Vector API is present, else scalar).
   */
  public static DenseKernels choose(String name) {
    String n = name.trim().toLowerCase(java.util.Locale.ROOT);
    if (n.equals("scalar")) {
      return ScalarKernels.INSTANCE;
    }
    if (n.equals("auto")) {
      return vectorApiPresent() ? VectorHolder.kernels() : ScalarKernels.INSTANCE;
    }
    if (n.startsWith("vector")) {
      if (!vectorApiPresent()) {
        throw new IllegalArgumentException("kernels '" + name + "' need the Vector API: start Java with "
            + "--add-modules jdk.incubator.vector (the bimt launcher does)");
      }
      DenseKernels v = VectorHolder.kernels();
      if (!n.equals("vector") && !VectorHolder.species(n).equals(v.name())) {
        throw new IllegalArgumentException("this JVM's vector kernels are " + v.name() + "; for " + n
            + " start it with -Dbimt.kernels=" + n + " (the width is a constant per JVM, so that it compiles to "
            + "machine vectors)");
      }
      return v;
    }
    throw new IllegalArgumentException("unknown kernels '" + name + "': scalar, vector, vector64, vector128, vector256, "
        + "vector512 or auto");
  }

  /** What this JVM can run: the scalar loops, and its vector kernels when the Vector API is present. */
  public static List<DenseKernels> available() {
    List<DenseKernels> all = new ArrayList<>();
    all.add(ScalarKernels.INSTANCE);
    if (vectorApiPresent()) {
      all.add(VectorHolder.kernels());
    }
    return all;
  }

  /** Kept apart so that nothing touches jdk.incubator.vector unless the module is present. */
  private static final class VectorHolder {
    static {
      ForegroundCompilation.request(); // before any vector code runs, so that its first compilations obey it
    }

    static DenseKernels kernels() {
      return VectorKernels.INSTANCE;
    }

    static FloatKernels floatKernels() {
      return VectorFloatKernels.INSTANCE;
    }

    /** The name a species choice stands for ("vector256"), checking the width. */
    static String species(String name) {
      return "vector" + VectorKernels.species(name).vectorBitSize();
    }
  }
}
