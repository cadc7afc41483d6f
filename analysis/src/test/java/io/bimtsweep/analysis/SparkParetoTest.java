package io.bimtsweep.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bimtsweep.analysis.pareto.Candidate;
import io.bimtsweep.analysis.pareto.Front;
import io.bimtsweep.analysis.pareto.Objective;
import io.bimtsweep.analysis.pareto.Pareto;
import io.bimtsweep.analysis.pareto.SeedAggregation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

public class SparkParetoTest {
  public static final SparkSession SPARK = AnalysisSession.spark();

  /** Rows shaped like trials: several tasks, seeds of the same configuration, NaNs and ties. */
  public static Dataset<Row> randomTrials(int n, long seed) {
    Random r = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String task = "t" + r.nextInt(3);
      int cfg = r.nextInt(n / 4);
      double loss = r.nextInt(10) == 0 ? Double.NaN : Math.round(r.nextDouble() * 50) / 50.0;
      Double q = r.nextInt(25) == 0 ? null : Math.round(r.nextDouble() * 50) / 50.0;
      rows.add(RowFactory.create("id" + i, task, loss, q, r.nextInt(5),
          "{\"lambda\":" + cfg + ",\"seed\":" + r.nextInt(1000) + ",\"task\":\"" + task + "\"}", (double) cfg));
    }
    StructType schema = new StructType().add("trial_id", DataTypes.StringType).add("task", DataTypes.StringType)
        .add("test_loss", DataTypes.DoubleType).add("modularity_q", DataTypes.DoubleType)
        .add("components", DataTypes.IntegerType).add("config_json", DataTypes.StringType)
        .add("lambda", DataTypes.DoubleType);
    return SPARK.createDataFrame(rows, schema).repartition(7);
  }

  @Test
  void sparkAndInMemoryFrontsAgree() {
    Dataset<Row> df = randomTrials(3000, 1);
    for (String o : List.of("test_loss:min,modularity_q:max", "test_loss:min,modularity_q:max,components:max")) {
      List<Objective> obj = Objective.parseList(o);
      Map<String, Front> spark = SparkPareto.fronts(df, obj, false, null);
      Map<String, Front> memory = Pareto.fronts(SparkPareto.collectCandidates(df, obj, false), obj, null);
      assertEquals(memory.keySet(), spark.keySet());
      for (String g : memory.keySet()) {
        assertEquals(ids(memory.get(g)), ids(spark.get(g)), g + " " + o);
        assertEquals(memory.get(g).hypervolume(), spark.get(g).hypervolume(), 1e-12);
        assertEquals(memory.get(g).knee().id(), spark.get(g).knee().id());
        assertEquals(memory.get(g).excluded(), spark.get(g).excluded());
        assertEquals(memory.get(g).candidates(), spark.get(g).candidates());
        assertTrue(memory.get(g).excluded() > 0, "the fixture has NaN and null objectives");
      }
    }
  }

  @Test
  void seedAggregatedFrontsAgreeToo() {
    Dataset<Row> df = randomTrials(2000, 2);
    List<Objective> obj = Objective.parseList("test_loss:min,modularity_q:max");
    List<Candidate> trials = SparkPareto.collectCandidates(df, obj, false);
    Map<String, String> keys = new HashMap<>();
    for (Row r : df.select("trial_id", "config_json").collectAsList()) {
      keys.put(r.getString(0), Results.configKey(r.getString(1)));
    }
    // in memory: configurations with any non-finite seed are left out whole, as in Spark
    Map<String, Boolean> allFinite = new HashMap<>();
    trials.forEach(c -> allFinite.merge(c.group() + keys.get(c.id()), c.finite(), Boolean::logicalAnd));
    List<Candidate> agg = new ArrayList<>();
    for (Candidate c : SeedAggregation.aggregate(trials, keys)) {
      agg.add(allFinite.get(c.group() + c.id()) ? c : new Candidate(c.id(), c.group(), new double[] {Double.NaN, Double.NaN},
          null, c.count(), c.settings()));
    }
    Map<String, Front> memory = Pareto.fronts(agg, obj, null);
    Map<String, Front> spark = SparkPareto.fronts(df, obj, true, null);
    for (String g : memory.keySet()) {
      assertEquals(ids(memory.get(g)), ids(spark.get(g)), g);
      assertEquals(memory.get(g).hypervolume(), spark.get(g).hypervolume(), 1e-9);
    }
  }

  @Test
  void unknownObjectiveColumnsAreNamed() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> SparkPareto.fronts(randomTrials(10, 3), Objective.parseList("accuracy:max,modularity_q:max"), false, null));
    assertTrue(e.getMessage().startsWith("objective 'accuracy' is not a numeric column"), e.getMessage());
  }

  static List<String> ids(Front f) {
    return f.members().stream().map(Candidate::id).toList();
  }
}
