package io.bimtsweep.core.train;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Per-kernel timings ({@code bimt bench --kernels}): each product of a dense layer at the shapes the
 * presets use and a few larger ones, by the scalar loops, the Vector API kernels and the BLAS the
 * engine uses for large products, then the float32 kernels and sgemm ({@code dtype: float32}),
 * with each one's ratio to the float64 scalar loops in the same run. So the next change to a kernel
 * is measured the same way. It ends with what modular addition's products alone cost per step:
 * the floor under that preset's run time on this machine, whatever the rest of a step costs.
 */
public final class KernelBench {
  private KernelBench() {}

  /**
   * batch, inputs, outputs: the layers of independence, two moons and modular addition (whose first
   * layer reads its token embeddings' projections and is no product over the batch), then wider ones.
   */
  static final int[][] SHAPES = {
      {100, 4, 20}, {100, 20, 20}, {100, 20, 2}, {200, 2, 20}, {200, 20, 20}, {200, 20, 2}, {2785, 50, 50},
      {2785, 50, 59}, {100, 100, 100}, {100, 300, 300}};

  /**
   * Modular addition's products over its whole training set, each run forward and twice backward per
   * step: 80% of 59^2 pairs, 2,784.8, rounded to 2,785 (KernelBenchTest checks it against the task).
   */
  static final int MODULAR_ADDITION_BATCH = 2785;

  static final int MODULAR_ADDITION_STEPS = 20_000;

  /** Floating-point operations of the products the floor sums: each of its shapes forward and twice backward, a multiply-add being two. */
  static double modularAdditionFlops() {
    double flops = 0;
    for (int[] shape : SHAPES) {
      if (shape[0] == MODULAR_ADDITION_BATCH) {
        flops += 3 * 2.0 * shape[0] * shape[1] * shape[2];
      }
    }
    return flops;
  }

  private interface Product {
    void run();
  }

  public static void run(PrintStream out, double secondsPerFigure) {
    List<String> names = new ArrayList<>();
    List<DenseKernels> impls = new ArrayList<>();
    impls.add(ScalarKernels.INSTANCE);
    if (Kernels.vectorApiPresent()) {
      impls.add(Kernels.choose("vector"));
    }
    for (DenseKernels k : impls) {
      names.add(k.name());
    }
    names.add("BLAS " + Dense.implementation());
    List<FloatKernels> floats = new ArrayList<>();
    for (DenseKernels k : impls) {
      floats.add(Kernels.floatOf(k));
      names.add("f32 " + Kernels.floatOf(k).name());
    }
    names.add("f32 BLAS");
    out.printf("kernels: the engine uses %s for float64 products of every size (from %,d multiply-adds on, BLAS %s "
        + "without the Vector API), and sgemm for float32 ones from there; microseconds per call, median of 5; "
        + "(ratio to scalar)%n", Kernels.standard().name(), Dense.BLAS_THRESHOLD, Dense.implementation());
    StringBuilder head = new StringBuilder(String.format("%-17s %-16s", "shape b x in>out", "product"));
    for (String n : names) {
      head.append(String.format(" %22s", n));
    }
    out.println(head);
    // a first pass compiles every kernel on every shape (HotSpot recompiles a kernel when a new shape
    // takes a path its first profile never saw); only the second pass is printed
    double[] floor = new double[3];
    for (int pass = 0; pass < 2; pass++) {
      floor = measure(impls, floats, pass == 0 ? secondsPerFigure / 4 : secondsPerFigure, pass == 0 ? null : out);
    }
    out.println("(ratio > 1: faster than the float64 scalar loops. The float64 scalar and vector kernels give the same "
        + "bits at every size, BLAS its own; the float32 kernels give each other's bits at every size.)");
    String engine = impls.get(impls.size() - 1).name();
    out.printf("modular addition: its six products per step (%d x 50>50 and 50>59, forward and both gradients) take "
        + "%.3f ms on the engine's float64 kernels (%s), %.3f ms on BLAS in float64 and %.3f ms on BLAS in float32 in "
        + "this run, so %,d steps take at least %.1f s, %.1f s and %.1f s here, whatever the rest of a step costs%n",
        MODULAR_ADDITION_BATCH, floor[2] / 1e3, engine, floor[0] / 1e3, floor[1] / 1e3, MODULAR_ADDITION_STEPS,
        floor[2] * MODULAR_ADDITION_STEPS / 1e6, floor[0] * MODULAR_ADDITION_STEPS / 1e6,
        floor[1] * MODULAR_ADDITION_STEPS / 1e6);
    if (Kernels.vectorApiPresent()) {
      double peak = FmaPeak.gflops((long) (secondsPerFigure * 2e9));
      double flops = modularAdditionFlops();
      out.printf("one core's peak in this run: %.1f GFLOP/s of independent float64 fused multiply-adds on its widest "
          + "vector; modular addition's products ran at %.1f GFLOP/s (%.0f%% of it) on %s and %.1f GFLOP/s "
          + "(%.0f%%) on BLAS%n", peak, flops / floor[2] / 1e3, 100 * flops / floor[2] / 1e3 / peak, engine,
          flops / floor[0] / 1e3, 100 * flops / floor[0] / 1e3 / peak);
    }
  }

  /**
   * Prints (unless out is null) every figure; returns modular addition's products' microseconds per
   * step: BLAS in float64, sgemm in float32, and the engine's float64 kernels (the vector kernels,
   * which hand these shapes to {@link WideKernels}; the scalar loops without the Vector API).
   */
  private static double[] measure(List<DenseKernels> impls, List<FloatKernels> floats, double secondsPerFigure,
      PrintStream out) {
    double[] floor = new double[3];
    for (int[] shape : SHAPES) {
      int batch = shape[0];
      int nIn = shape[1];
      int nOut = shape[2];
      SplittableRandom r = new SplittableRandom(1);
      double[] p = r.doubles(nIn * nOut + nOut, -1, 1).toArray();
      double[] x = r.doubles((long) batch * nIn, -1, 1).toArray();
      double[] dz = r.doubles((long) batch * nOut, -1, 1).toArray();
      double[] z = new double[batch * nOut];
      double[] g = new double[p.length];
      double[] dx = new double[batch * nIn];
      int bOff = nIn * nOut;
      float[] pf = Numerics.narrowed(p);
      float[] xf = Numerics.narrowed(x);
      float[] dzf = Numerics.narrowed(dz);
      float[] zf = new float[z.length];
      float[] gf = new float[g.length];
      float[] dxf = new float[dx.length];
      for (String product : new String[] {"forward", "weight gradient", "input gradient"}) {
        StringBuilder line = new StringBuilder(String.format("%-17s %-16s", batch + " x " + nIn + ">" + nOut, product));
        double scalarMicros = Double.NaN;
        int blas = impls.size();
        int floatBlas = impls.size() + floats.size() + 1;
        for (int k = 0; k <= floatBlas; k++) {
          Product run;
          if (k == floatBlas) {
            run = switch (product) {
              case "forward" -> () -> Dense32.blasForward(batch, nIn, nOut, xf, pf, 0, bOff, zf);
              case "weight gradient" -> () -> Dense32.blasWeightGradient(batch, nIn, nOut, xf, dzf, gf, 0, bOff);
              default -> () -> Dense32.blasInputGradient(batch, nIn, nOut, dzf, pf, 0, dxf);
            };
          } else if (k > impls.size()) {
            FloatKernels impl = floats.get(k - impls.size() - 1);
            run = switch (product) {
              case "forward" -> () -> impl.forward(batch, nIn, nOut, xf, pf, 0, bOff, zf);
              case "weight gradient" -> () -> impl.weightGradient(batch, nIn, nOut, xf, dzf, gf, 0, bOff);
              default -> () -> impl.inputGradient(batch, nIn, nOut, dzf, pf, 0, dxf);
            };
          } else if (k < impls.size()) {
            DenseKernels impl = impls.get(k);
            run = switch (product) {
              case "forward" -> () -> impl.forward(batch, nIn, nOut, x, p, 0, bOff, z);
              case "weight gradient" -> () -> impl.weightGradient(batch, nIn, nOut, x, dz, g, 0, bOff);
              default -> () -> impl.inputGradient(batch, nIn, nOut, dz, p, 0, dx);
            };
          } else {
            run = switch (product) {
              case "forward" -> () -> Dense.blasForward(batch, nIn, nOut, x, p, 0, bOff, z);
              case "weight gradient" -> () -> Dense.blasWeightGradient(batch, nIn, nOut, x, dz, g, 0, bOff);
              default -> () -> Dense.blasInputGradient(batch, nIn, nOut, dz, p, 0, dx);
            };
          }
          double micros = time(run, secondsPerFigure, () -> {
            Arrays.fill(g, 0.0); // the weight gradient accumulates: keep its values bounded
            Arrays.fill(gf, 0f);
          });
          if (k == 0) {
            scalarMicros = micros;
          }
          if (batch == MODULAR_ADDITION_BATCH && (k == blas || k == floatBlas || k == impls.size() - 1)) {
            floor[k == blas ? 0 : k == floatBlas ? 1 : 2] += micros; // the last float64 kernels: the engine's
          }
          line.append(String.format(" %12.2f (%5.2fx)", micros, scalarMicros / micros));
        }
        if (out != null) {
          out.println(line);
        }
      }
    }
    return floor;
  }

  private static double time(Product run, double seconds, Runnable reset) {
    long budget = (long) (seconds * 1e9 / 6);
    int reps = 1;
    long t0 = System.nanoTime();
    while (System.nanoTime() - t0 < budget) { // warm-up, and the repetitions that take ~budget
      for (int i = 0; i < reps; i++) {
        run.run();
      }
      reps *= 2;
      reset.run();
    }
    reps = Math.max(1, reps / 2);
    double[] micros = new double[5];
    for (int m = 0; m < micros.length; m++) {
      long s = System.nanoTime();
      for (int i = 0; i < reps; i++) {
        run.run();
      }
      micros[m] = (System.nanoTime() - s) / 1e3 / reps;
      reset.run();
    }
    Arrays.sort(micros);
    return micros[2];
  }
}
