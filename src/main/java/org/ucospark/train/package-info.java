/**
 * One training run (docs/ALGORITHMS.md §4): the loop of {@link org.ucospark.train.TrainingRun} over
 * epochs of shuffled full minibatches ({@link org.ucospark.train.ShufflePlan}), the DEC family's
 * stages ({@link org.ucospark.train.TrainingSchedule}), evaluation on the full data set with
 * metrics, loss terms, σ and OFM ({@link org.ucospark.train.Evaluator}), the best checkpoint and
 * its re-evaluation (§4.3), divergence (§4.4), listeners for metrics (JSONL and Parquet), progress
 * and checkpoints, resume, predictions, and the run directory with its {@code summary.json}. The
 * local and the parameter-averaging Spark trainers sit behind {@link org.ucospark.train.Trainer},
 * chosen by the {@link org.ucospark.train.TrainingPlatform}.
 *
 * <p>Depends on: Spark, DL4J and ND4J, {@code model}, {@code nn}, {@code loss}, {@code eval},
 * {@code prepare} (reading prepared data), {@code io}, {@code config}, {@code data}, the root
 * package. Never on {@code sweep}, {@code bench}, {@code report} or {@code cli}.
 */
package org.ucospark.train;
