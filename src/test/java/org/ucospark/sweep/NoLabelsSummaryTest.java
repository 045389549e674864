package org.ucospark.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Summary grids say "no labels" for finished runs on a data set without labels, not a bare dash.
 */
class NoLabelsSummaryTest {

  private static SummaryRow row(String dataset, int runs, double acc) {
    return row(dataset, runs, acc, runs > 0 ? 1.0 : Double.NaN, 0);
  }

  /** A row whose best run has the total loss {@code bestLoss} and {@code diverged} runs. */
  private static SummaryRow row(
      String dataset, int runs, double acc, double bestLoss, int diverged) {
    return new SummaryRow(
        dataset,
        "ddc",
        "{}",
        runs,
        0,
        SummaryRows.spreads(acc, Double.NaN, acc, Double.NaN, acc, Double.NaN),
        runs > 0 ? 0 : null,
        SyntheticSweep.scores(acc, acc, Double.NaN),
        bestLoss,
        diverged,
        0);
  }

  @Test
  void finishedRunsWithoutMetricsSayNoLabels() {
    SummaryTables.Grid g =
        SummaryTables.grid(
            List.of(row("photos", 2, Double.NaN), row("usps", 2, 0.5), row("other", 0, Double.NaN)),
            "acc");
    List<String> cells = g.cells().get(0);
    assertEquals(List.of("usps", "other", "photos"), g.columns());
    assertEquals(SummaryTables.NO_LABELS, cells.get(2));
    assertEquals(SummaryTables.NA, cells.get(1), "no finished run: still undefined");
    assertEquals("0.500 ± – (0.500)", cells.get(0));
  }

  @Test
  void runsThatDivergedBeforeTheirFirstEvaluationAreUndefinedNotNoLabels() {
    SummaryTables.Grid g =
        SummaryTables.grid(List.of(row("usps", 1, Double.NaN, Double.NaN, 1)), "acc");
    assertEquals(SummaryTables.NA + " [1 diverged]", g.cells().get(0).get(0));
  }
}
