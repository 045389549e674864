/**
 * Aggregation over a sweep's trials table (spec section 4: mean ± std over runs, the label-free
 * "best run", paired comparisons by seed).
 *
 * <p>The trials table ({@link org.ucospark.sweep.TrialsTable#SCHEMA}) is append-only Parquet under
 * {@code SWEEP_DIR/trials/}, one row per trial attempt. {@link org.ucospark.sweep.SweepSummary}
 * reduces the latest attempts to {@code summary.parquet}, {@code summary.csv}, {@code summary.md}
 * and {@code paired.csv}; {@link org.ucospark.sweep.PairedComparison} holds the Wilcoxon
 * signed-rank comparisons. Spark is used only to read and reduce the table; the statistics ({@link
 * org.ucospark.sweep.Stats}, {@link org.ucospark.sweep.PairedComparison#compare}) and the text
 * renderers ({@link org.ucospark.sweep.SummaryTables}) are plain Java.
 */
package org.ucospark.sweep;
