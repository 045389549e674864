package org.ucospark.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything derived from the trials table, collected on the driver.
 *
 * @param source metric columns aggregated
 * @param latest latest attempt of every trial
 * @param rows summary rows, in display order (data set, model, params)
 * @param paired paired comparisons
 * @param failed trials whose latest attempt failed, by data set, model, seed
 * @param diverged whether diverged runs count ({@code sweep.diverged})
 * @param stopped trials that successive halving stopped: not in {@code latest} nor the means, but
 *     counted in {@link #trialCount}
 * @param halving the halving settings of the sweep ({@link HalvingSummary#settings}), null for a
 *     full sweep
 */
public record SweepAnalysis(
    MetricSource source,
    List<TrialRecord> latest,
    List<SummaryRow> rows,
    List<PairedComparison.Result> paired,
    List<FailedTrial> failed,
    DivergedRuns diverged,
    int stopped,
    JsonNode halving) {

  /**
   * Whether the sweep chose its configurations by a criterion that uses the labels: every table
   * heading, summary and report then says {@value HalvingSummary#WITH_LABELS}.
   */
  public boolean selectedWithLabels() {
    return HalvingSummary.withLabels(halving);
  }

  /** The sweep's trials: the latest attempts and those that halving stopped. */
  public int trials() {
    return latest.size() + stopped;
  }

  /** The headline count, {@code "27 trials, 24 stopped by halving"} ({@link HalvingSummary}). */
  public String trialCount() {
    return HalvingSummary.trialCount(trials(), halving == null ? -1 : stopped);
  }

  /**
   * The best run of every summary row that has one: the finished latest attempt of its (data set,
   * model, params) with the row's best seed (the lowest total loss of the view, {@link
   * SweepSummary#compute}). One index of the attempts, then a lookup per row: a scan of all
   * attempts per row grew with rows × trials, quadratically in the size of a grid sweep (issue 26).
   *
   * @return best run per row (by identity: look up the objects of {@link #rows}), rows without one
   *     absent
   */
  public Map<SummaryRow, TrialRecord> bestRuns() {
    Map<List<Object>, TrialRecord> byKey = new HashMap<>();
    for (TrialRecord r : latest) {
      if (r.concluded()) {
        byKey.putIfAbsent(List.of(r.dataset(), r.model(), r.params(), r.seed()), r);
      }
    }
    Map<SummaryRow, TrialRecord> out = new IdentityHashMap<>(); // keyed by rows' own objects
    for (SummaryRow row : rows) {
      TrialRecord r =
          row.bestSeed() == null
              ? null
              : byKey.get(List.of(row.dataset(), row.model(), row.params(), row.bestSeed()));
      if (r != null) {
        out.put(row, r);
      }
    }
    return out;
  }
}
