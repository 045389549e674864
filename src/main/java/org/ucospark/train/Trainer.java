package org.ucospark.train;

import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Trains one network epoch by epoch and evaluates it on the full data set. */
public interface Trainer extends AutoCloseable {
  /**
   * Fits one epoch (1-based) of full minibatches in the epoch's shuffled order; returns the mean
   * batch loss.
   */
  double fitEpoch(int epoch);

  /**
   * The training loss of every term in the last {@link #fitEpoch}: the mean over its minibatches,
   * by term name ({@link TermLosses}).
   */
  Map<String, Double> epochTerms();

  /** The current network (parameters and updater state). */
  ComputationGraph network();

  /**
   * Continues with another network from the next epoch on (DEC: the clustering stage after
   * pre-training).
   */
  void setNetwork(ComputationGraph network);

  /** DEC's target distribution, the labels of the [kl] head from now on (null: none). */
  void setTargets(TargetRows targets);

  /**
   * The activations of {@code layer} of {@code network} for every example in id order, [N, width].
   */
  INDArray activations(ComputationGraph network, String layer);

  /** Every example's label in id order (CustomImages.NO_LABEL where the data set has none). */
  int[] labels();

  /**
   * Evaluates {@code network} (the current one or, e.g., the best checkpoint) on the full data set
   * in the run's evaluation order ({@link ShufflePlan#EVALUATION}).
   */
  default EvaluationResult evaluate(ComputationGraph network) {
    return evaluate(network, ShufflePlan.EVALUATION);
  }

  /**
   * Evaluates {@code network} on the full data set in the batches of the order {@code order} of the
   * run seed ({@link ShufflePlan#EVALUATION}, or {@link ShufflePlan#FINAL} for the re-evaluation of
   * the best checkpoint).
   */
  EvaluationResult evaluate(ComputationGraph network, int order);

  /** Where the training runs, for logs and summary.json. */
  String describe();

  /** Workers that train in parallel. */
  int workers();

  @Override
  default void close() {}
}
