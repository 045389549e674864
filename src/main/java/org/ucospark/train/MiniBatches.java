package org.ucospark.train;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.ucospark.model.InputShape;
import org.ucospark.model.Layers;

/**
 * DL4J minibatches: one feature array [B, C, H, W] and one label array per output of the graph, in
 * the graph's output order, chosen by the output's name: the reconstruction head's label is the
 * image itself, flattened C×H×W; DEC's [kl] head takes the target distribution rows P [B,K]; the
 * other heads (ddc, uco_l, ohc) take no labels (a dummy [B, 1] array: DL4J requires one).
 */
public final class MiniBatches {
  private MiniBatches() {}

  /** The output names of {@code graph}, in order (the argument of {@link #of}). */
  public static List<String> outputs(ComputationGraph graph) {
    return List.copyOf(graph.getConfiguration().getNetworkOutputs());
  }

  /**
   * @param targets P rows of the batch [B,K] for a graph with a [kl] head; otherwise ignored (may
   *     be null)
   */
  public static MultiDataSet of(List<String> outputs, INDArray features, INDArray targets) {
    long b = features.size(0);
    INDArray dummy = Nd4j.zeros(features.dataType(), b, 1);
    INDArray[] labels = new INDArray[outputs.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] =
          switch (outputs.get(i)) {
            case Layers.RECONSTRUCT_OUTPUT -> features.reshape('c', b, features.length() / b);
            case Layers.KL_OUTPUT -> {
              if (targets == null) {
                throw new IllegalStateException("the [kl] head needs the target distribution");
              }
              yield targets.castTo(features.dataType());
            }
            default -> dummy;
          };
    }
    return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {features}, labels);
  }

  /**
   * The rows {@code rows} (in that order) of a local [N, C·H·W] array {@code all}, as images
   * [rows.length, C, H, W].
   */
  public static INDArray gather(INDArray all, int[] rows, InputShape shape) {
    return Nd4j.pullRows(all, 1, rows)
        .reshape('c', rows.length, shape.channels(), shape.height(), shape.width());
  }

  /** The images of {@code examples}, in list order, as [count, C, H, W]. */
  public static INDArray images(List<TrainingData.Example> examples, InputShape shape) {
    int size = shape.size();
    float[] flat = new float[examples.size() * size];
    for (int i = 0; i < examples.size(); i++) {
      System.arraycopy(examples.get(i).pixels, 0, flat, i * size, size);
    }
    return Nd4j.create(
        flat, new long[] {examples.size(), shape.channels(), shape.height(), shape.width()}, 'c');
  }
}
