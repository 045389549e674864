package org.ucospark.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.ucospark.eval.Metric;
import org.ucospark.eval.MetricRegistry;

/** A sweep's summary.json. */
public final class SummaryJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SummaryJson() {}

  /**
   * {@code summary.json}: {@code metrics} (the view), {@code rows} (one object per summary row with
   * the fields of summary.csv, non-finite numbers as null, plus {@code best_trial_id}, the best
   * run's trial id, whose run directory is {@code runs/<best_trial_id>}) and {@code provenance}
   * ({@link SweepProvenance#json}); for a successive-halving sweep also {@code trials}, {@code
   * stopped_by_halving} and {@code selection} ({@link HalvingSummary#selection}).
   *
   * @param a analysis
   * @param provenance provenance object
   * @return the JSON text
   */
  public static String json(SweepAnalysis a, ObjectNode provenance) {
    ObjectNode root = JSON.createObjectNode();
    root.put("metrics", a.source().description());
    root.put("diverged_runs", a.diverged().id());
    if (a.halving() != null) { // the means leave the stopped trials out: say so, and how it chose
      root.put("trials", a.trials());
      root.put("stopped_by_halving", a.stopped());
      root.put("selection", HalvingSummary.selection(a.halving()));
    }
    ArrayNode rows = root.putArray("rows");
    Map<SummaryRow, TrialRecord> bestRuns = a.bestRuns();
    for (SummaryRow r : a.rows()) {
      ObjectNode o =
          rows.addObject()
              .put("dataset", r.dataset())
              .put("model", r.model())
              .put("params", r.params())
              .put("runs", r.runs())
              .put("failed", r.failed())
              .put("diverged", r.diverged())
              .put("selection_only", r.selectionOnly());
      for (String m : SummaryRow.spreadNames()) {
        SweepProvenance.number(o, m + "_mean", r.spread(m).mean());
        SweepProvenance.number(o, m + "_std", r.spread(m).std());
      }
      if (r.bestSeed() == null) {
        o.putNull("best_seed");
      } else {
        o.put("best_seed", r.bestSeed());
      }
      TrialRecord best = bestRuns.get(r);
      o.put("best_trial_id", best == null ? null : best.trialId());
      for (Metric m : MetricRegistry.headline()) {
        SweepProvenance.number(o, "best_" + m.name(), r.best().get(m));
      }
      SweepProvenance.number(o, "best_loss", r.bestLoss());
    }
    root.set("provenance", provenance);
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
