package io.bimtsweep.analysis.pareto;

import java.util.List;

/**
 * The non-dominated set of one group, with its quality numbers.
 *
 * @param group the task
 * @param objectives what was optimised
 * @param members non-dominated candidates, sorted by the first objective (best first), then id
 * @param candidates how many finite candidates were compared
 * @param excluded candidates left out for a missing or non-finite objective value
 * @param reference the hypervolume's reference point (raw values)
 * @param hypervolume the volume dominated by the front and bounded by the reference point
 * @param knee the best trade-off: the member closest to the ideal point once each objective is
 *     scaled to [0, 1] over the front
 */
public record Front(String group, List<Objective> objectives, List<Candidate> members, int candidates, int excluded,
    double[] reference, double hypervolume, Candidate knee) {
  public Front {
    members = List.copyOf(members);
    reference = reference.clone();
  }

  @Override public double[] reference() { return reference.clone(); }
}
