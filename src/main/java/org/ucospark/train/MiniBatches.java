package org.ucospark.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.ucospark.model.InputShape;
import org.ucospark.model.ModelVariant;

/**
 * DL4J minibatches of the DDC-family graph: one feature array [B, C, H, W], and one label array per output
 * in the graph's output order (ddc, uco_0, uco_1 for UCO variants, reconstruct for the AE variant). The
 * clustering heads take no labels (a dummy [B, 1] array: DL4J requires one); the reconstruction head's label
 * is the image itself, flattened C×H×W.
 */
public final class MiniBatches {
  private MiniBatches() {}

  public static MultiDataSet of(INDArray features, ModelVariant variant) {
    long b = features.size(0);
    int outputs = 1 + (variant.hasUco() ? 2 : 0) + (variant.hasDecoder() ? 1 : 0);
    INDArray[] labels = new INDArray[outputs];
    INDArray dummy = Nd4j.zeros(features.dataType(), b, 1);
    for (int i = 0; i < outputs; i++) {
      labels[i] = dummy;
    }
    if (variant.hasDecoder()) {
      labels[outputs - 1] = features.reshape('c', b, features.length() / b);
    }
    return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {features}, labels);
  }

  /** Rows {@code order[from .. from + count)} of a local [N, C·H·W] array, as images [count, C, H, W]. */
  public static INDArray gather(INDArray all, int[] order, int from, int count, InputShape shape) {
    int[] rows = new int[count];
    System.arraycopy(order, from, rows, 0, count);
    return Nd4j.pullRows(all, 1, rows).reshape('c', count, shape.channels(), shape.height(), shape.width());
  }

  /** The images of {@code examples}, in list order, as [count, C, H, W]. */
  public static INDArray images(java.util.List<TrainingData.Example> examples, InputShape shape) {
    int size = shape.size();
    float[] flat = new float[examples.size() * size];
    for (int i = 0; i < examples.size(); i++) {
      System.arraycopy(examples.get(i).pixels, 0, flat, i * size, size);
    }
    return Nd4j.create(flat, new long[] {examples.size(), shape.channels(), shape.height(), shape.width()}, 'c');
  }
}
