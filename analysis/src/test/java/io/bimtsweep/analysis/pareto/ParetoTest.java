package io.bimtsweep.analysis.pareto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParetoTest {
  static final List<Objective> ACC_Q = Objective.parseList("test_accuracy:max,modularity_q:max");
  static final List<Objective> LOSS_SPARSITY = Objective.parseList("test_loss:min,weight_fraction_1e2:min");

  static Candidate c(String id, double a, double b) {
    return Candidate.of(id, "t", a, b);
  }

  static Set<String> ids(List<Candidate> cs) {
    return cs.stream().map(Candidate::id).collect(Collectors.toSet());
  }

  @Test
  void goldenFrontWithTiesAndDuplicates() {
    List<Candidate> rows = List.of(
        c("a", 0.99, 0.30), c("b", 0.95, 0.50), c("c", 0.90, 0.50), // c ties b on Q but is worse in accuracy
        c("d", 0.80, 0.60), c("e", 0.80, 0.60), // duplicates: both on the front
        c("f", 0.99, 0.20), // tie with a on accuracy, worse Q
        c("g", 0.70, 0.55));
    Front f = Pareto.fronts(rows, ACC_Q, null).get("t");
    assertEquals(List.of("a", "b", "d", "e"), f.members().stream().map(Candidate::id).toList());
    assertEquals(7, f.candidates());
    assertEquals(0, f.excluded());
  }

  @Test
  void minimisedObjectivesAndAConstantOne() {
    List<Candidate> rows = List.of(Candidate.of("a", "t", 0.1, 0.5), Candidate.of("b", "t", 0.2, 0.5),
        Candidate.of("c", "t", 0.1, 0.5), Candidate.of("d", "t", 0.3, 0.5));
    Front f = Pareto.fronts(rows, LOSS_SPARSITY, null).get("t");
    assertEquals(List.of("a", "c"), f.members().stream().map(Candidate::id).toList());
  }

  @Test
  void nonFiniteValuesAreExcludedAndCounted() {
    List<Candidate> rows = List.of(c("a", 0.9, 0.1), c("b", Double.NaN, 0.9), c("c", 0.5, Double.POSITIVE_INFINITY),
        c("d", 0.4, 0.2));
    Front f = Pareto.fronts(rows, ACC_Q, null).get("t");
    assertEquals(List.of("a", "d"), f.members().stream().map(Candidate::id).toList());
    assertEquals(2, f.excluded());
    assertEquals(2, f.candidates());
  }

  @Test
  void frontsArePerGroup() {
    List<Candidate> rows = List.of(Candidate.of("a", "x", 1, 1), Candidate.of("b", "y", 0, 0), Candidate.of("c", "x", 0, 0));
    var fronts = Pareto.fronts(rows, ACC_Q, null);
    assertEquals(List.of("a"), fronts.get("x").members().stream().map(Candidate::id).toList());
    assertEquals(List.of("b"), fronts.get("y").members().stream().map(Candidate::id).toList());
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void noMemberIsDominatedAndEveryOtherPointIsAndOrderDoesNotMatter(long seed) {
    Random r = new Random(seed);
    List<Objective> obj = seed % 2 == 0 ? ACC_Q : Objective.parseList("test_loss:min,modularity_q:max,components:max");
    List<Candidate> rows = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      double[] v = new double[obj.size()];
      for (int k = 0; k < v.length; k++) {
        v[k] = Math.round(r.nextDouble() * 20) / 20.0; // coarse grid: many ties
      }
      rows.add(new Candidate("p" + i, "t", v, null, 1, Map.of()));
    }
    List<Candidate> front = Pareto.fronts(rows, obj, null).get("t").members();
    Set<String> member = ids(front);
    for (Candidate m : front) {
      for (Candidate o : rows) {
        assertTrue(!Pareto.dominates(o, m, obj), o + " dominates member " + m);
      }
    }
    for (Candidate o : rows) {
      if (!member.contains(o.id())) {
        assertTrue(front.stream().anyMatch(m -> Pareto.dominates(m, o, obj)), "non-member " + o + " is not dominated");
      }
    }
    List<Candidate> shuffled = new ArrayList<>(rows);
    Collections.shuffle(shuffled, new Random(seed + 100));
    assertEquals(front, Pareto.fronts(shuffled, obj, null).get("t").members());
  }

  @Test
  void hypervolumeOfTwoDimensionalFixturesByHand() {
    // maximise both, reference (0, 0): points (3,1), (2,2), (1,3) -> 3*1 + 2*1 + 1*1 = 6
    List<Candidate> pts = List.of(c("a", 3, 1), c("b", 2, 2), c("d", 1, 3));
    assertEquals(6.0, Hypervolume.of(pts, ACC_Q, new double[] {0, 0}), 1e-12);
    // a dominated point adds nothing; a point outside the reference box adds nothing
    List<Candidate> more = new ArrayList<>(pts);
    more.add(c("e", 1, 1));
    more.add(c("f", -1, 5));
    assertEquals(6.0, Hypervolume.of(more, ACC_Q, new double[] {0, 0}), 1e-12);
    // minimising: losses 1 and 2 with sparsity 0.5 and 0.25 against reference (3, 1): 2*0.5 + 1*0.25 = 1.25
    List<Candidate> min = List.of(Candidate.of("a", "t", 1, 0.5), Candidate.of("b", "t", 2, 0.25));
    assertEquals(1.25, Hypervolume.of(min, LOSS_SPARSITY, new double[] {3, 1}), 1e-12);
  }

  @Test
  void hypervolumeInThreeDimensionsByHand() {
    List<Objective> o3 = Objective.parseList("a:max,b:max,c:max");
    // a unit cube and a 2x1x0.5 box overlapping it: 1 + 2*1*0.5 - 1*1*0.5 = 1.5
    List<Candidate> pts = List.of(Candidate.of("x", "t", 1, 1, 1), Candidate.of("y", "t", 2, 1, 0.5));
    assertEquals(1.5, Hypervolume.of(pts, o3, new double[] {0, 0, 0}), 1e-12);
  }

  @Test
  void theKneeIsTheBalancedMember() {
    List<Candidate> front = List.of(c("acc", 1.0, 0.0), c("mid", 0.9, 0.9), c("mod", 0.0, 1.0));
    assertEquals("mid", Pareto.fronts(front, ACC_Q, null).get("t").knee().id());
  }

  @Test
  void seedAggregationAveragesAndSpreads() {
    List<Candidate> trials = List.of(c("s1", 0.9, 0.4), c("s2", 0.7, 0.6), c("o1", 0.5, 0.5));
    var agg = SeedAggregation.aggregate(trials, Map.of("s1", "cfgA", "s2", "cfgA", "o1", "cfgB"));
    Candidate a = agg.stream().filter(x -> x.id().equals("cfgA")).findFirst().orElseThrow();
    assertEquals(0.8, a.values()[0], 1e-12);
    assertEquals(0.5, a.values()[1], 1e-12);
    assertEquals(Math.sqrt(0.02), a.spread()[0], 1e-12);
    assertEquals(2, a.count());
    assertEquals(List.of("cfgA"), Pareto.fronts(agg, ACC_Q, null).get("t").members().stream().map(Candidate::id).toList());
  }

  @Test
  void objectivesAreParsedStrictly() {
    assertEquals("modularity_q:max", Objective.parseList("test_loss:min, modularity_q:MAX").get(1).toString());
    assertThrows(IllegalArgumentException.class, () -> Objective.parseList("test_loss:min"));
    assertThrows(IllegalArgumentException.class, () -> Objective.parseList("test_loss:down,q:max"));
    assertThrows(IllegalArgumentException.class, () -> Objective.parseList("test_loss,q:max"));
    assertThrows(IllegalArgumentException.class, () -> Objective.parseList("q:max,q:min"));
  }
}
