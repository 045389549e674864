package org.ucospark.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ucospark.model.DdcModelParams;

/** Single-JVM training ({@code train.mode = local}): the data set lives on the driver as one array. */
public final class LocalTrainer implements Trainer {
  private final ComputationGraph network;
  private final DdcModelParams params;
  private final TrainingData.Local data;
  private final RunSettings settings;

  public LocalTrainer(ComputationGraph network, DdcModelParams params, TrainingData.Local data, RunSettings settings) {
    this.network = network;
    this.params = params;
    this.data = data;
    this.settings = settings;
  }

  @Override
  public double fitEpoch(int epoch) {
    int n = data.labels().length;
    int[] order = ShufflePlan.permutation(settings.seed(), epoch, n);
    int batches = ShufflePlan.batches(n, settings.batchSize());
    double sum = 0;
    for (int b = 0; b < batches; b++) {
      network.fit(MiniBatches.of(MiniBatches.gather(data.images(), order, b * settings.batchSize(),
          settings.batchSize(), params.input()), params.variant()));
      sum += network.score();
    }
    return sum / batches;
  }

  @Override
  public ComputationGraph network() {
    return network;
  }

  @Override
  public EvaluationResult evaluate(ComputationGraph model) {
    return EvaluationPass.local(model, params, data, settings.batchSize(),
        settings.ofmEnabled() && params.variant().hasCompanion(), settings.ofmMaxBatches());
  }

  @Override
  public String describe() {
    return "local (single JVM)";
  }

  @Override
  public int workers() {
    return 1;
  }
}
