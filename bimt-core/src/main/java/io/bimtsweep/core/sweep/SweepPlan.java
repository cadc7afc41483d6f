package io.bimtsweep.core.sweep;

import java.util.List;

/**
 * A sweep file expanded, once, into its trials: what the Spark job runs and what --dry-run shows.
 *
 * @param file the parsed file
 * @param trials every trial, in file order, distinct by trial id
 */
public record SweepPlan(SweepFile file, List<SweepTrial> trials) {
  public SweepPlan {
    trials = List.copyOf(trials);
  }

  public String name() {
    return file.name();
  }
}
