package org.ucospark.train;

import org.apache.spark.util.DoubleAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Adds the score of every minibatch a worker fitted (DL4J's score of that batch, computed in its
 * fit step) to a driver-registered accumulator. Spark counts a retried task's updates again: a
 * retry weighs its batches twice in that epoch's mean.
 */
final class BatchLossHook implements TrainingHook {
  private static final long serialVersionUID = 1L;
  private final DoubleAccumulator losses;
  private final TermLossAccumulator terms;

  /**
   * @param terms also each minibatch's loss terms ({@link TermLosses}); null: the total only
   */
  BatchLossHook(DoubleAccumulator losses, TermLossAccumulator terms) {
    this.losses = losses;
    this.terms = terms;
  }

  @Override
  public void preUpdate(DataSet minibatch, Model model) {}

  @Override
  public void postUpdate(DataSet minibatch, Model model) {
    record(model);
  }

  @Override
  public void preUpdate(MultiDataSet minibatch, Model model) {}

  @Override
  public void postUpdate(MultiDataSet minibatch, Model model) {
    record(model);
  }

  private void record(Model model) {
    losses.add(model.score());
    if (terms != null && model instanceof ComputationGraph graph) {
      terms.add(TermLosses.of(graph));
    }
  }
}
