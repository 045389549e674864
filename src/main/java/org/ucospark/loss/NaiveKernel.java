package org.ucospark.loss;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * "Naive" UCO kernel distances (docs/ALGORITHMS.md §3.4): flatten every sample of X [B, …] to a
 * vector (c-order) and take squared Euclidean distances D_ab = ‖x_a − x_b‖². Backward: {@link
 * Distances#squaredEuclideanBackward} reshaped to X's shape.
 */
public final class NaiveKernel {
  private NaiveKernel() {}

  static INDArray flat(INDArray x) {
    return x.dup('c').reshape('c', x.size(0), x.length() / x.size(0));
  }

  public static INDArray distances(INDArray x) {
    return Distances.squaredEuclidean(flat(x));
  }

  /** ∂L/∂X given ∂L/∂D (exact). */
  public static INDArray backward(INDArray x, INDArray gD) {
    return backward(x, gD, LossParams.DistanceGradient.EXACT);
  }

  /** ∂L/∂X given ∂L/∂D, exact or the authors' ({@link LossParams.DistanceGradient}). */
  public static INDArray backward(INDArray x, INDArray gD, LossParams.DistanceGradient mode) {
    return Distances.squaredEuclideanBackward(flat(x), gD, mode).reshape('c', x.shape());
  }
}
