package io.bimtsweep.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.bimtsweep.core.config.Presets;
import io.bimtsweep.core.config.TrialConfig;
import io.bimtsweep.core.cost.ConnectionCost;
import io.bimtsweep.core.model.Network;
import io.bimtsweep.core.run.TrialSetup;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The trainer's connection-cost gradient (cached coefficients, added by the kernels in vectors)
 * gives {@link ConnectionCost#addGradient}'s bits: in both number types, with and without the
 * biases' term and seRNN's factors, with exact zeros among the weights, for a dense and a token
 * network, and after lambda or the factors change (the cache must not serve stale coefficients).
 */
class CostCoefficientsTest {

  @ParameterizedTest
  @CsvSource({"independence, float64", "independence, float32", "modular_addition, float64",
      "modular_addition, float32"})
  void theTrainersCostGradientIsTheReferenceBitForBit(String task, String dtype) {
    TrialConfig c = Presets.config(task, Map.of("dtype", dtype)).effective();
    Problem problem = TrialSetup.problem(c, TrialSetup.data(c));
    TrainingSettings s = TrialSetup.settings(c);
    var arch = problem.architecture();
    Network net = Network.initialise(arch, 3);
    double[] p = net.parameters();
    SplittableRandom r = new SplittableRandom(8);
    for (int k = 0; k < 40; k++) {
      p[arch.weightOffset(0) + r.nextInt(arch.width(0) * arch.width(1))] = k % 2 == 0 ? 0.0 : -0.0;
    }
    ConnectionCost cost = new ConnectionCost(arch, problem.geometry(), s.reduction(), s.distanceInLastLayer());
    boolean f32 = dtype.equals("float32");
    Numerics num = Numerics.of(f32 ? Dtype.FLOAT32 : Dtype.FLOAT64, net, problem, s);
    double[][] factors = randomFactors(cost, r);
    double[][] otherFactors = randomFactors(cost, r);
    Object[][] cases = {{1e-3, true, null}, {1e-3, false, null}, {0.25, true, null}, {0.25, true, factors},
        {0.25, false, otherFactors}, {1e-3, true, null}};
    for (Object[] cs : cases) {
      double lambda = (double) cs[0];
      boolean biases = (boolean) cs[1];
      double[][] f = (double[][]) cs[2];
      num.lossAndGradient(problem.train(), null);
      double[] before = num.gradient();
      double[] params = num.parameters();
      num.addCostGradient(cost, lambda, biases, f);
      double[] expected;
      if (f32) {
        float[] pf = new float[params.length];
        float[] gf = new float[before.length];
        Numerics.narrow(params, pf);
        Numerics.narrow(before, gf);
        cost.addGradient(pf, gf, lambda, biases, f);
        expected = new double[gf.length];
        Numerics.widen(gf, expected);
      } else {
        expected = before.clone();
        cost.addGradient(params, expected, lambda, biases, f);
      }
      String what = task + " " + dtype + " lambda " + lambda + " biases " + biases + " factors " + (f != null);
      assertArrayEquals(expected, num.gradient(), what);
      assertNotEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(expected), what + ": the cost adds something");
    }
  }

  private static double[][] randomFactors(ConnectionCost cost, SplittableRandom r) {
    double[][] w = cost.weightCoefficients(1, null);
    double[][] f = new double[w.length][];
    for (int l = 0; l < w.length; l++) {
      f[l] = r.doubles(w[l].length, 0, 2).toArray();
    }
    return f;
  }
}
