package io.bimtsweep.analysis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When `bimt sql` may skip the fronts: only when the query cannot name the pareto view. */
class AnalysisSessionTest {
  @Test
  void aQueryNamingParetoInAnyFormNeedsTheFronts() {
    for (String q : new String[] {"SELECT * FROM pareto", "select count(*) from PARETO", "SELECT * FROM `pareto`",
        "SELECT t.* FROM trials t JOIN Pareto p ON t.trial_id = p.trial_id", "WITH f AS (SELECT * FROM pareto) SELECT * FROM f",
        "SELECT * FROM trials WHERE trial_id IN (SELECT trial_id FROM pareto)", "SELECT * FROM\npareto\n",
        "SELECT 'pareto' AS word"}) { // a literal: a false yes, which costs only time
      assertTrue(AnalysisSession.mayReadPareto(q), q);
    }
  }

  @Test
  void aQueryThatCannotNameParetoSkipsTheFronts() {
    for (String q : new String[] {"SELECT count(*) FROM trials", "SELECT * FROM trials_pareto", "SELECT paretos FROM trials",
        "SELECT * FROM trials WHERE task = 'independence'", "SELECT pareto_rank FROM trials", "SELECT 1 AS xpareto"}) {
      assertFalse(AnalysisSession.mayReadPareto(q), q);
    }
  }
}
