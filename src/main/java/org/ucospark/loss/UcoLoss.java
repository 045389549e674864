package org.ucospark.loss;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * UCO term of one block output (docs/ALGORITHMS.md §3.4): uco_l = λ · w_l · d_cs(A, K_l), K_l the
 * kernel (σ = rel_sigma·median, constant for the gradient) of the "naive" or "tensor" distance
 * matrix of X_l ({@link NaiveKernel}, {@link TensorKernel}); w_l from the {@link
 * LossParams.Weighting} schedule. Gradients w.r.t. X_l and, when uco_assignment_gradient, w.r.t. A.
 */
public final class UcoLoss {
  private UcoLoss() {}

  /** Value, σ used, distance matrix and gradients (gradA null unless requested). */
  public record Result(
      double value, double sigma, INDArray distances, INDArray gradX, INDArray gradA) {}

  /**
   * @param scale λ·w_l (the model's {@code Objective} derives it)
   * @param fixedSigma if not NaN, the bandwidth to use instead of rel_sigma·median
   * @param distanceGradient how the naive kernel's sqdist is differentiated (tensor kernel: always
   *     exact)
   */
  public static Result compute(
      INDArray a,
      INDArray x,
      LossParams.KernelType kernel,
      double scale,
      double relSigma,
      double fixedSigma,
      boolean gradA,
      boolean grads,
      LossParams.DistanceGradient distanceGradient) {
    TensorKernel.Forward tf = null;
    INDArray d;
    if (kernel == LossParams.KernelType.TENSOR) {
      tf = TensorKernel.forward(x);
      d = tf.distances();
    } else {
      d = NaiveKernel.distances(x);
    }
    Kernel kk = Double.isNaN(fixedSigma) ? Kernel.of(d, relSigma) : Kernel.withSigma(d, fixedSigma);
    CauchySchwarz.Result cs = CauchySchwarz.compute(a, kk.k(), grads && gradA, grads);
    if (!grads) return new Result(scale * cs.value(), kk.sigma(), d, null, null);
    INDArray gD = kk.backward(cs.gradK().muli(scale));
    INDArray gX = tf != null ? tf.backward(gD) : NaiveKernel.backward(x, gD, distanceGradient);
    INDArray gA = gradA ? cs.gradM().muli(scale) : null;
    return new Result(scale * cs.value(), kk.sigma(), d, gX, gA);
  }
}
