package io.bimtsweep.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bimtsweep.analysis.pareto.Objective;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The price of interpretability along lambda, on results whose transition is known by construction. */
public class LambdaPathTest {
  static final double[] LAMBDAS = {0, 1e-4, 1e-3, 1e-2, 1e-1};
  static final Objective ACC = Objective.parse("test_accuracy:max");
  static final Objective COMPONENTS = Objective.parse("components:max");

  /**
   * Two paths (A = 1 and A = 2), three seeds each. With A = 1 the network splits into 2 components
   * from lambda 1e-3 on, with A = 2 from 1e-2 on (one seed of A = 2 splits early at 1e-3, so the
   * seed mean there is 4/3 < 2). Accuracy falls by 0.01 per decade of lambda after 1e-4, plus the
   * seed: 0.99 - 0.01 * decade + 0.001 * seed.
   */
  static List<LambdaPath.Trial> synthetic() {
    List<LambdaPath.Trial> out = new ArrayList<>();
    for (double a : new double[] {1, 2}) {
      for (double l : LAMBDAS) {
        for (int seed = 0; seed < 3; seed++) {
          double from = a == 1 ? 1e-3 : 1e-2;
          double components = l >= from || (a == 2 && seed == 0 && l >= 1e-3) ? 2 : 1;
          double decade = l == 0 ? 0 : Math.max(0, Math.log10(l) + 4);
          double acc = 0.99 - 0.01 * decade + 0.001 * seed;
          out.add(new LambdaPath.Trial(Map.of("layout_width", Double.toString(a), "mode", "bimt", "seed",
              Integer.toString(seed), "steps", "1000"), l, acc, components));
        }
      }
    }
    return out;
  }

  @Test
  void transitionsAndPricesAreTheConstructedOnes() {
    List<LambdaPath.Path> paths = LambdaPath.compute(synthetic(), ACC, COMPONENTS, null);
    assertEquals(2, paths.size());
    LambdaPath.Path a1 = paths.get(0);
    LambdaPath.Path a2 = paths.get(1);
    assertEquals(Map.of("layout_width", "1.0"), a1.group(), "paths are named by what differs between them");
    assertEquals(5, a1.points().size());
    assertEquals(3, a1.points().get(0).trials());
    assertEquals(1e-3, a1.transition().lambda());
    assertEquals(1e-2, a2.transition().lambda());
    assertEquals(2.0, a2.transition().structure());
    assertEquals("lambda 0 on the path", a1.baselineSource());
    // baseline: 0.99 + 0.001 * mean(0, 1, 2); at 1e-3 (one decade past 1e-4): 0.98 + 0.001
    assertEquals(0.991, a1.baseline(), 1e-12);
    assertEquals(0.01, a1.price(), 1e-12);
    assertEquals(0.02, a2.price(), 1e-12);
    assertEquals(4.0 / 3, a2.points().get(2).structure(), 1e-12, "seed mean at 1e-3 with A = 2");
  }

  @Test
  void aTargetMovesTheTransitionAndANeverReachedTargetHasNone() {
    List<LambdaPath.Path> paths = LambdaPath.compute(synthetic(), ACC, COMPONENTS, 1.3);
    assertEquals(1e-3, paths.get(1).transition().lambda(), "4/3 >= 1.3 at 1e-3 for A = 2");
    List<LambdaPath.Path> never = LambdaPath.compute(synthetic(), ACC, COMPONENTS, 3.0);
    assertNull(never.get(0).transition());
    assertTrue(Double.isNaN(never.get(0).price()));
  }

  @Test
  void withoutLambdaZeroTheBaselineComesFromModeNone() {
    List<LambdaPath.Trial> trials = new ArrayList<>();
    for (LambdaPath.Trial t : synthetic()) {
      if (t.lambda() > 0) {
        trials.add(t);
      }
    }
    // mode-none trials of the same network and steps (their layout_width is 0: effective values)
    for (int seed = 0; seed < 2; seed++) {
      trials.add(new LambdaPath.Trial(Map.of("layout_width", "0.0", "mode", "none", "seed", Integer.toString(seed),
          "steps", "1000"), 0, 0.995, 1));
    }
    // and one of another length, which must not count
    trials.add(new LambdaPath.Trial(Map.of("layout_width", "0.0", "mode", "none", "seed", "0", "steps", "50"), 0, 0.2, 1));
    List<LambdaPath.Path> paths = LambdaPath.compute(trials, ACC, COMPONENTS, null);
    LambdaPath.Path a1 = paths.stream().filter(p -> "1.0".equals(p.group().get("layout_width"))).findFirst().orElseThrow();
    assertEquals("mode none", a1.baselineSource());
    assertEquals(0.995, a1.baseline(), 1e-12);
    assertEquals(0.995 - 0.981, a1.price(), 1e-12);
  }

  /** The synthetic trials as a results dataset of task "t" (plus a failed trial and another task). */
  public static Dataset<Row> syntheticDataset() {
    StructType schema = new StructType().add("trial_id", DataTypes.StringType).add("task", DataTypes.StringType).add("status", DataTypes.StringType)
        .add("lambda", DataTypes.DoubleType).add("layout_width", DataTypes.DoubleType).add("mode", DataTypes.StringType)
        .add("seed", DataTypes.LongType).add("steps", DataTypes.IntegerType).add("test_accuracy", DataTypes.DoubleType)
        .add("components", DataTypes.IntegerType);
    List<Row> rows = new ArrayList<>();
    for (LambdaPath.Trial t : synthetic()) {
      rows.add(RowFactory.create("id" + rows.size(), "t", "ok", t.lambda(), Double.parseDouble(t.settings().get("layout_width")), "bimt",
          Long.parseLong(t.settings().get("seed")), 1000, t.objective(), (int) t.structure()));
    }
    rows.add(RowFactory.create("failed", "t", "failed", 0.5, 1.0, "bimt", 0L, 1000, null, null));
    rows.add(RowFactory.create("other", "other", "ok", 0.5, 1.0, "bimt", 0L, 1000, 0.1, 9));
    return SparkParetoTest.SPARK.createDataFrame(rows, schema);
  }

  @Test
  void theSameThroughSparkFromAResultsDataset() {
    Dataset<Row> df = syntheticDataset();
    List<LambdaPath.Path> paths = LambdaPath.compute(LambdaPath.collect(df, "t", ACC, COMPONENTS), ACC, COMPONENTS, null);
    assertEquals(2, paths.size());
    assertEquals(1e-3, paths.get(0).transition().lambda());
    assertEquals(0.01, paths.get(0).price(), 1e-12);
    assertEquals(5, paths.get(1).points().size(), "failed trials and other tasks are left out");
    assertEquals("test_accuracy:max", LambdaPath.defaultObjective(df, "t").toString());
  }
}
