package org.ucospark.train;

import org.deeplearning4j.nn.graph.ComputationGraph;

/** Trains one network epoch by epoch and evaluates it on the full data set. */
public interface Trainer extends AutoCloseable {
  /** Fits one epoch (1-based) of full minibatches in the epoch's shuffled order; returns the mean batch loss. */
  double fitEpoch(int epoch);

  /** The current network (parameters and updater state). */
  ComputationGraph network();

  /** Evaluates {@code network} (the current one or, e.g., the best checkpoint) on the full data set. */
  EvaluationResult evaluate(ComputationGraph network);

  /** Where the training runs, for logs and summary.json. */
  String describe();

  /** Workers that train in parallel. */
  int workers();

  @Override
  default void close() {}
}
