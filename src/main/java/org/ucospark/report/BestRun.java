package org.ucospark.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.ucospark.io.HadoopFs;
import org.ucospark.sweep.SummaryRow;
import org.ucospark.sweep.SummaryTables;
import org.ucospark.sweep.SweepAnalysis;
import org.ucospark.sweep.TrialRecord;
import org.ucospark.sweep.TrialRunner;

/**
 * The best run of a (data set, model, params) cell.
 *
 * @param dataset data set
 * @param label model label ({@link SummaryTables#label})
 * @param trialId its trial id
 * @param seed its seed
 * @param link relative link from the sweep report to its run report, null when there is none
 * @param confusion its run report's confusion matrix (PNG), null when there is none
 * @param note why there is no link or no confusion matrix, null otherwise
 */
public record BestRun(
    String dataset,
    String label,
    String trialId,
    int seed,
    String link,
    byte[] confusion,
    String note) {
  /** A best run shown without link and confusion matrix, for the reason {@code note}. */
  static BestRun unlinked(String dataset, String label, TrialRecord run, String note) {
    return new BestRun(dataset, label, run.trialId(), run.seed(), null, null, note);
  }

  /** File name of the confusion matrix copy in the sweep report. */
  String confusionFile() {
    return "confusion_" + ReportFolder.slug(dataset) + "_" + ReportFolder.slug(label) + ".png";
  }

  /**
   * The best run of every summary row that has one, with its run report (written when missing: the
   * run directory holds a run but no {@code report/index.html}) and its confusion matrix.
   */
  static List<BestRun> find(
      SparkSession spark, HadoopFs fs, String sweepDir, SweepAnalysis a, int tsnePoints) {
    List<BestRun> out = new ArrayList<>();
    Map<SummaryRow, TrialRecord> best = a.bestRuns();
    for (SummaryRow row : a.rows()) {
      TrialRecord r = best.get(row);
      if (r == null) {
        continue;
      }
      String label = SummaryTables.label(row.model(), row.params());
      String runDir = TrialRunner.runDir(sweepDir, r.trialId());
      if (!RunReport.isRun(fs, runDir)) {
        out.add(unlinked(row.dataset(), label, r, "no run directory runs/" + r.trialId()));
        continue;
      }
      Path report = new Path(runDir, ReportFolder.REPORT);
      if (!fs.exists(new Path(report, ReportFolder.INDEX))) {
        try {
          RunReport.write(spark, runDir, tsnePoints);
        } catch (org.ucospark.UcoException e) {
          // a damaged run (unreadable summary.json or metrics.jsonl) costs its link, not the sweep
          // report
          out.add(
              unlinked(
                  row.dataset(),
                  label,
                  r,
                  "its run report could not be written: " + e.getMessage()));
          continue;
        }
      }
      Path confusion = new Path(report, RunReport.CONFUSION_PNG);
      byte[] png = null;
      if (fs.exists(confusion)) {
        try (var in = fs.open(confusion)) {
          png = in.readAllBytes();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      out.add(
          new BestRun(
              row.dataset(),
              label,
              r.trialId(),
              r.seed(),
              "../runs/" + r.trialId() + "/" + ReportFolder.REPORT + "/" + ReportFolder.INDEX,
              png,
              png == null ? "its run has no " + org.ucospark.train.Assignments.BEST + "/" : null));
    }
    return out;
  }
}
