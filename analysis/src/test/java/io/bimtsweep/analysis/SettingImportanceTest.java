package io.bimtsweep.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bimtsweep.analysis.pareto.Objective;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** On results where one setting drives the objective by construction and the others are noise. */
class SettingImportanceTest {
  static final Objective Q = Objective.parse("modularity_q:max");

  /**
   * 240 trials of one task: lambda in {1e-4, 1e-3, 1e-2} drives Q (0.2, 0.4, 0.6), layout_width,
   * norm and the seed are drawn at random and do nothing, steps is constant, plus noise of 0.01.
   */
  static Dataset<Row> synthetic(long seed) {
    Random r = new Random(seed);
    List<Row> rows = new ArrayList<>();
    double[] lambdas = {1e-4, 1e-3, 1e-2};
    for (int i = 0; i < 240; i++) {
      int li = r.nextInt(3);
      double q = 0.2 + 0.2 * li + 0.01 * r.nextGaussian();
      rows.add(RowFactory.create("id" + i, "independence", "ok", lambdas[li], 4 * r.nextDouble(),
          r.nextBoolean() ? "L1" : "L2", 2000, (long) r.nextInt(1000), q));
    }
    rows.add(RowFactory.create("failed", "independence", "failed", 1e-2, 1.0, "L1", 2000, 1L, null));
    StructType schema = new StructType().add("trial_id", DataTypes.StringType).add("task", DataTypes.StringType)
        .add("status", DataTypes.StringType).add("lambda", DataTypes.DoubleType)
        .add("layout_width", DataTypes.DoubleType).add("norm", DataTypes.StringType).add("steps", DataTypes.IntegerType)
        .add("seed", DataTypes.LongType).add("modularity_q", DataTypes.DoubleType);
    return SparkParetoTest.SPARK.createDataFrame(rows, schema);
  }

  @Test
  void theSettingThatDrivesTheObjectiveExplainsIt() {
    List<SettingImportance.Result> res = SettingImportance.compute(synthetic(1), Q, null, 7);
    assertEquals(1, res.size());
    SettingImportance.Result r = res.get(0);
    assertEquals(240, r.trials(), "the failed trial is left out");
    assertEquals(List.of("steps"), r.constant());
    assertEquals(3, r.factors().size(), "lambda, layout_width, norm vary; the seed is not a feature");
    SettingImportance.Factor top = r.factors().get(0);
    assertEquals("lambda", top.setting());
    assertTrue(top.importance() > 0.8, "lambda's importance " + top.importance());
    for (SettingImportance.Factor f : r.factors().subList(1, 3)) {
      assertTrue(f.importance() < 0.1, f.setting() + "'s importance " + f.importance());
    }
    double sum = r.factors().stream().mapToDouble(SettingImportance.Factor::importance).sum();
    assertEquals(1.0, sum, 1e-9);
    // lambda's marginal: its three values in order, their means near 0.2, 0.4, 0.6
    List<SettingImportance.Level> m = top.marginal();
    assertEquals(3, m.size());
    for (int i = 0; i < 3; i++) {
      assertEquals(0.2 + 0.2 * i, m.get(i).mean(), 0.01);
    }
    assertEquals(240, m.stream().mapToLong(SettingImportance.Level::trials).sum());
    // a continuous setting is shown in five ranges; a word as its categories
    SettingImportance.Factor a = r.factors().stream().filter(f -> f.setting().equals("layout_width")).findFirst().get();
    assertEquals(5, a.marginal().size());
    SettingImportance.Factor norm = r.factors().stream().filter(f -> f.setting().equals("norm")).findFirst().get();
    assertTrue(norm.categorical());
    assertEquals(List.of("L1", "L2"), norm.marginal().stream().map(SettingImportance.Level::value).toList());
    String text = SettingImportance.text(res);
    assertTrue(text.contains("task independence: modularity_q over 240 finished trials"), text);
  }

  @Test
  void theSameSeedGivesTheSameImportances() {
    var a = SettingImportance.compute(synthetic(2), Q, "independence", 3).get(0).factors();
    var b = SettingImportance.compute(synthetic(2), Q, "independence", 3).get(0).factors();
    assertEquals(a, b);
  }

  @Test
  void anUnknownObjectiveOrTooFewTrialsAreNamed() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> SettingImportance.compute(synthetic(1), Objective.parse("nonsense:max"), null, 1));
    assertTrue(e.getMessage().contains("objective 'nonsense' is not a numeric column"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> SettingImportance.compute(synthetic(1), Q, "two_moons", 1));
    assertTrue(e.getMessage().contains("task two_moons has 0 finished trial(s)"), e.getMessage());
  }
}
