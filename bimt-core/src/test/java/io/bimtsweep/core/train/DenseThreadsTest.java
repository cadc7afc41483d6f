package io.bimtsweep.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Trials share a JVM in local mode (two task slots, two trials at once): the products must give
 * the same bits whether or not another thread is computing beside them. Before the native BLAS was
 * locked, four threads running the transformer's shapes got wrong results from Debian's serial
 * OpenBLAS (12 of 24,000 here).
 */
class DenseThreadsTest {
  @Test
  void productsRunningSideBySideGiveTheBitsOfProductsRunningAlone() throws Exception {
    int threads = 4;
    AtomicInteger wrong = new AtomicInteger();
    Thread[] ts = new Thread[threads];
    for (int k = 0; k < threads; k++) {
      final int kk = k;
      ts[k] = new Thread(() -> {
        int batch = 192;
        int nIn = kk % 2 == 0 ? 32 : 128;
        int nOut = kk % 2 == 0 ? 128 : 32;
        SplittableRandom r = new SplittableRandom(kk);
        double[] w = new double[nIn * nOut + nOut];
        double[] x = new double[batch * nIn];
        double[] dz = new double[batch * nOut];
        for (double[] a : new double[][] {w, x, dz}) {
          for (int i = 0; i < a.length; i++) {
            a[i] = r.nextDouble(-1, 1);
          }
        }
        double[] z0 = new double[batch * nOut];
        Dense.forward(batch, nIn, nOut, x, w, 0, nIn * nOut, z0);
        double[] g0 = new double[w.length];
        Dense.weightGradient(batch, nIn, nOut, x, dz, g0, 0, nIn * nOut);
        double[] dx0 = new double[batch * nIn];
        Dense.inputGradient(batch, nIn, nOut, dz, w, 0, dx0);
        for (int it = 0; it < 2000; it++) {
          double[] z = new double[batch * nOut];
          Dense.forward(batch, nIn, nOut, x, w, 0, nIn * nOut, z);
          double[] g = new double[w.length];
          Dense.weightGradient(batch, nIn, nOut, x, dz, g, 0, nIn * nOut);
          double[] dx = new double[batch * nIn];
          Dense.inputGradient(batch, nIn, nOut, dz, w, 0, dx);
          if (!java.util.Arrays.equals(z0, z) || !java.util.Arrays.equals(g0, g) || !java.util.Arrays.equals(dx0, dx)) {
            wrong.incrementAndGet();
          }
        }
      });
    }
    for (Thread t : ts) {
      t.start();
    }
    for (Thread t : ts) {
      t.join();
    }
    assertEquals(0, wrong.get(), "products that came out differently beside other threads (BLAS " + Dense.implementation()
        + ")");
  }
}
