package org.ucospark.train;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ucospark.model.ModelParams;
import org.ucospark.nn.OffHeapCollector;

/**
 * Single-JVM training ({@code train.mode = local}): the data set lives on the driver as one array.
 */
public final class LocalTrainer implements Trainer {
  private final ModelParams params;
  private final TrainingData.Local data;
  private final RunSettings settings;
  private final EvaluationPlan plan;
  private ComputationGraph network;
  private List<String> outputs;
  private TargetRows targets;
  private Map<String, Double> epochTerms = Map.of();

  public LocalTrainer(
      ComputationGraph network, ModelParams params, TrainingData.Local data, RunSettings settings) {
    this.params = params;
    this.data = data;
    this.settings = settings;
    this.plan = EvaluationPlan.of(settings, params);
    setNetwork(network);
  }

  @Override
  public double fitEpoch(int epoch) {
    int n = data.labels().length;
    int batchSize = settings.batchSize();
    int[] order = ShufflePlan.permutation(settings.seed(), epoch, n);
    int batches = ShufflePlan.batches(n, batchSize, settings.keepPartialBatch());
    int used = ShufflePlan.used(n, batchSize, settings.keepPartialBatch());
    double sum = 0;
    TermLosses terms = new TermLosses();
    for (int b = 0; b < batches; b++) {
      int[] ids =
          java.util.Arrays.copyOfRange(
              order, b * batchSize, b * batchSize + ShufflePlan.batchLength(used, batchSize, b));
      INDArray images = MiniBatches.gather(data.images(), ids, params.input());
      network.fit(
          MiniBatches.of(
              outputs, images, targets == null ? null : targets.rows(ids, images.dataType())));
      sum += network.score();
      terms.add(TermLosses.of(network));
      OffHeapCollector.afterStep();
    }
    epochTerms = terms.means();
    return sum / batches;
  }

  @Override
  public ComputationGraph network() {
    return network;
  }

  @Override
  public void setNetwork(ComputationGraph network) {
    this.network = network;
    this.outputs = MiniBatches.outputs(network);
  }

  @Override
  public void setTargets(TargetRows targets) {
    this.targets = targets;
  }

  @Override
  public INDArray activations(ComputationGraph model, String layer) {
    return EvaluationPass.activations(model, layer, data, params.input(), settings.batchSize());
  }

  @Override
  public Map<String, Double> epochTerms() {
    return epochTerms;
  }

  @Override
  public int[] labels() {
    return data.labels().clone();
  }

  @Override
  public EvaluationResult evaluate(ComputationGraph model, int order) {
    return EvaluationPass.local(model, params, data, targets, plan, order);
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
