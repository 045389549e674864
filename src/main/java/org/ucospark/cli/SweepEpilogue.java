package org.ucospark.cli;

import org.apache.spark.sql.SparkSession;
import org.ucospark.report.SweepReport;
import org.ucospark.sweep.MetricSource;
import org.ucospark.sweep.SweepRunner;
import org.ucospark.sweep.SweepSummary;

/**
 * The end of the {@code sweep} command, composed here above both {@code sweep} and {@code report}: the trials
 * table is read and analysed once ({@link SweepSummary#write}, which writes the summary tables) and the same
 * analysis renders the report ({@link SweepReport#write(SparkSession, String, SweepSummary.Analysis)}).
 */
public final class SweepEpilogue implements SweepRunner.Epilogue {
  @Override
  public String write(SparkSession spark, String sweepDir, MetricSource metrics) {
    SweepSummary.Analysis analysis = SweepSummary.write(spark, sweepDir, metrics);
    SweepReport.write(spark, sweepDir, analysis);
    return "summary " + sweepDir + "/" + SweepSummary.SUMMARY_MD + ", report " + sweepDir + "/" + SweepReport.REPORT
        + "/" + SweepReport.INDEX;
  }
}
