package org.ucospark.cli;

import org.apache.spark.sql.SparkSession;
import org.ucospark.report.SweepReport;
import org.ucospark.sweep.DivergedRuns;
import org.ucospark.sweep.MetricSource;
import org.ucospark.sweep.SweepAnalysis;
import org.ucospark.sweep.SweepRunner;
import org.ucospark.sweep.SweepSummary;

/**
 * The end of the {@code sweep} command, composed here above both {@code sweep} and {@code report}:
 * the trials table is read and analysed once ({@link SweepSummary#write}, which writes the summary
 * tables) and the same analysis renders the report ({@link SweepReport#write(SparkSession, String,
 * SweepAnalysis, int)}).
 */
public final class SweepEpilogue implements SweepRunner.Epilogue {
  private final int tsnePoints;

  /**
   * @param tsnePoints {@code report.tsne_points} of the best runs' reports that the sweep report
   *     writes
   */
  public SweepEpilogue(int tsnePoints) {
    this.tsnePoints = tsnePoints;
  }

  @Override
  public String write(
      SparkSession spark, String sweepDir, MetricSource metrics, DivergedRuns diverged) {
    SweepAnalysis analysis = SweepSummary.write(spark, sweepDir, metrics, diverged);
    SweepReport.write(spark, sweepDir, analysis, tsnePoints);
    return "summary "
        + sweepDir
        + "/"
        + SweepSummary.SUMMARY_MD
        + ", report "
        + sweepDir
        + "/"
        + SweepReport.REPORT
        + "/"
        + SweepReport.INDEX;
  }
}
