package io.bimtsweep.core.train;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * What one core's floating-point units retire at best: ten independent chains of float64 fused
 * multiply-adds on the machine's widest vector, no loads. {@code bimt bench --kernels} divides the
 * BLAS products' rate by it, so that "how far from the machine's limit" is a ratio measured in the
 * same run rather than a datasheet figure (a VM reports its base clock, and cores boost). Only
 * touched when the Vector API is present.
 */
final class FmaPeak {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

  /** Where the chains' sum goes, so that the JIT cannot drop them. */
  static volatile double sink;

  private FmaPeak() {}

  /**
   * The best rate of many short runs over at least {@code nanos} (and half a second), in GFLOP/s (a
   * multiply-add is two). Short runs, because HotSpot compiles the chains to machine vectors in
   * the background and a call only picks that code up when it starts: until then each vector
   * operation is an object, a thousand times slower (a test's JVM measured 1 GFLOP/s with five
   * long runs).
   */
  static double gflops(long nanos) {
    long passes = 200_000;
    long budget = Math.max(nanos, 500_000_000L);
    double best = 0;
    long start = System.nanoTime();
    while (System.nanoTime() - start < budget) {
      long t0 = System.nanoTime();
      sink = chains(passes);
      best = Math.max(best, passes * 10.0 * S.length() * 2 / Math.max(1, System.nanoTime() - t0));
    }
    return best;
  }

  private static double chains(long passes) {
    DoubleVector m = DoubleVector.broadcast(S, 0.999999);
    DoubleVector c = DoubleVector.broadcast(S, 1e-9);
    DoubleVector a0 = DoubleVector.broadcast(S, 1.0);
    DoubleVector a1 = a0.add(1);
    DoubleVector a2 = a0.add(2);
    DoubleVector a3 = a0.add(3);
    DoubleVector a4 = a0.add(4);
    DoubleVector a5 = a0.add(5);
    DoubleVector a6 = a0.add(6);
    DoubleVector a7 = a0.add(7);
    DoubleVector a8 = a0.add(8);
    DoubleVector a9 = a0.add(9);
    for (long i = 0; i < passes; i++) {
      a0 = a0.fma(m, c);
      a1 = a1.fma(m, c);
      a2 = a2.fma(m, c);
      a3 = a3.fma(m, c);
      a4 = a4.fma(m, c);
      a5 = a5.fma(m, c);
      a6 = a6.fma(m, c);
      a7 = a7.fma(m, c);
      a8 = a8.fma(m, c);
      a9 = a9.fma(m, c);
    }
    return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9)
        .reduceLanes(VectorOperators.ADD);
  }
}
