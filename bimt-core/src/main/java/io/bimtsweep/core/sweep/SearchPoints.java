package io.bimtsweep.core.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.random.SobolSequenceGenerator;

/**
 * The sampled points of a random or Sobol search: point i assigns every sampled axis a value.
 * Deterministic from the sweep seed, and a prefix property: the first N points are the same
 * whatever the number asked for, so raising {@code samples} adds trials and moves none.
 *
 * <p>random: point i draws from its own generator, seeded from the sweep seed and i. sobol:
 * point i is the i-th point of the Sobol sequence (Joe and Kuo's direction numbers, Commons Math)
 * shifted by a random vector drawn from the sweep seed and wrapped into [0, 1) (a Cranley-Patterson
 * rotation): it keeps the sequence's even coverage and its prefixes, and avoids the unshifted
 * sequence's first point, the all-zero corner, which puts every axis at its lowest value.
 */
final class SearchPoints {
  private SearchPoints() {}

  enum Strategy { GRID, RANDOM, SOBOL }

  static List<Map<String, Object>> points(Strategy strategy, int samples, Map<String, Distribution> axes, long seed) {
    List<String> keys = new ArrayList<>(axes.keySet());
    int dims = keys.size();
    List<Map<String, Object>> out = new ArrayList<>(samples);
    double[] shift = null;
    SobolSequenceGenerator sobol = null;
    if (strategy == Strategy.SOBOL) {
      if (dims > 1000) {
        throw new IllegalArgumentException("Sobol sampling takes at most 1000 axes, got " + dims);
      }
      sobol = new SobolSequenceGenerator(dims);
      SplittableRandom r = new SplittableRandom(seed ^ 0x50B01L);
      shift = new double[dims];
      for (int d = 0; d < dims; d++) {
        shift[d] = r.nextDouble();
      }
    }
    for (int i = 0; i < samples; i++) {
      double[] u = new double[dims];
      if (sobol != null) {
        double[] s = sobol.nextVector();
        for (int d = 0; d < dims; d++) {
          double v = s[d] + shift[d];
          u[d] = v >= 1 ? v - 1 : v;
        }
      } else {
        SplittableRandom r = new SplittableRandom(mix(seed, i));
        for (int d = 0; d < dims; d++) {
          u[d] = r.nextDouble();
        }
      }
      Map<String, Object> p = new LinkedHashMap<>();
      for (int d = 0; d < dims; d++) {
        p.put(keys.get(d), axes.get(keys.get(d)).at(u[d]));
      }
      out.add(p);
    }
    return out;
  }

  /** A seed for point i: the sweep seed and i mixed (SplittableRandom's own finaliser). */
  private static long mix(long seed, long i) {
    long z = seed * 0x9E3779B97F4A7C15L + i + 0x632BE59BD9B4E019L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
