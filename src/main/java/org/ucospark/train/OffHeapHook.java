package org.ucospark.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.ucospark.nn.OffHeapCollector;

/** Gives each worker's JVM its {@link OffHeapCollector} check after every minibatch it fits. */
final class OffHeapHook implements TrainingHook {
  private static final long serialVersionUID = 1L;

  @Override
  public void preUpdate(DataSet minibatch, Model model) {}

  @Override
  public void postUpdate(DataSet minibatch, Model model) {
    OffHeapCollector.afterStep();
  }

  @Override
  public void preUpdate(MultiDataSet minibatch, Model model) {}

  @Override
  public void postUpdate(MultiDataSet minibatch, Model model) {
    OffHeapCollector.afterStep();
  }
}
