/**
 * Sweeps: the grid of trials of a sweep file ({@link org.ucospark.sweep.SweepSpec}), running them
 * resumably, sequentially or trial-parallel on the executors ({@link
 * org.ucospark.sweep.SweepRunner}, {@link org.ucospark.sweep.TrialRunner}), and the aggregation
 * over the trials table (docs/ALGORITHMS.md §4.5: mean ± std over runs, the label-free "best run",
 * paired comparisons by seed, diverged runs counted).
 *
 * <p>The trials table ({@link org.ucospark.sweep.TrialsTable#SCHEMA}) is append-only Parquet under
 * {@code SWEEP_DIR/trials/}, one row per trial attempt. {@link org.ucospark.sweep.SweepSummary}
 * reduces the latest attempts to {@code summary.parquet}, {@code summary.csv}, {@code summary.md}
 * and {@code paired.csv}; {@link org.ucospark.sweep.PairedComparison} holds the Wilcoxon
 * signed-rank comparisons. Spark is used only to read and reduce the table; the statistics ({@link
 * org.ucospark.sweep.Stats}, {@link org.ucospark.sweep.PairedComparison#compare}) and the text
 * renderers ({@link org.ucospark.sweep.SummaryTables}) are plain Java.
 *
 * <p>Depends on: Spark and Hadoop, {@code train} (one trial is one training run), {@code model}
 * (the model families' terms), {@code eval} (the metric registry), {@code io}, {@code config}, the
 * root package. Never on {@code report}, {@code bench} or {@code cli}.
 */
package org.ucospark.sweep;
