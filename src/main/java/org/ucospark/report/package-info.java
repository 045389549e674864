/**
 * Reports: the sweep report {@code SWEEP_DIR/report/index.html} ({@link
 * org.ucospark.report.SweepReport}), a self-contained page (inline CSS) with the summary tables of
 * {@code sweep} and PNG plots drawn with XChart (learning curves with ±std bands, OFM curves of
 * companion models, box plots of final ACC), and the report of one run ({@link
 * org.ucospark.report.RunReport}: curves, confusion matrix, a PCA/t-SNE embedding and example
 * images per cluster).
 *
 * <p>Spark and Hadoop are used only to read the trials table, the run directory and a sample of the
 * prepared data; plotting ({@link org.ucospark.report.SweepPlots}, {@link
 * org.ucospark.report.RunPlots}, {@link org.ucospark.report.EpochCurve}) and HTML ({@link
 * org.ucospark.report.ReportHtml}) are plain Java.
 *
 * <p>Depends on: XChart, Spark/Hadoop through {@code io}, {@code sweep}, {@code train}, {@code
 * prepare}, {@code eval}, {@code data}, {@code config}, the root package. Only {@code cli} uses it.
 */
package org.ucospark.report;
