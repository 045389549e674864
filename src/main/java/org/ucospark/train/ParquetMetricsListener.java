package org.ucospark.train;

import org.apache.spark.sql.SparkSession;

/**
 * metrics/ as Parquet, rewritten from metrics.jsonl's rows after every evaluated epoch: for runs
 * that have a SparkSession (a run inside an executor task has none and records metrics.jsonl
 * alone).
 */
final class ParquetMetricsListener implements TrainingListener {
  private final SparkSession spark;
  private final RunDirectory dir;
  private final MetricsListener metrics;

  /**
   * @param metrics the JSONL listener, added before this one, whose rows are written
   */
  ParquetMetricsListener(SparkSession spark, RunDirectory dir, MetricsListener metrics) {
    this.spark = spark;
    this.dir = dir;
    this.metrics = metrics;
  }

  @Override
  public void epochEnded(EpochEnd end) {
    if (end.eval() != null) {
      dir.writeMetricsParquet(spark, metrics.rows());
    }
  }
}
