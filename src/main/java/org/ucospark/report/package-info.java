/**
 * The sweep report: {@code SWEEP_DIR/report/index.html}, a self-contained page (inline CSS) with
 * the summary tables of {@link org.ucospark.sweep.SweepSummary} and PNG plots drawn with XChart
 * (learning curves with ±std bands, OFM curves of companion models, box plots of final ACC). {@link
 * org.ucospark.report.SweepReport} is the Spark/Hadoop edge; {@link org.ucospark.report.EpochCurve}
 * and {@link org.ucospark.report.SweepPlots} are plain Java.
 */
package org.ucospark.report;
