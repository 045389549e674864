package org.ucospark.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Gaussian kernel from a distance matrix (docs/ALGORITHMS.md §3.1): σ = rel_sigma · median(D), K_ij
 * = exp(−D_ij / (2σ)). σ is recomputed per call ("on the fly") from the forward values and is a
 * constant for the gradient: ∂L/∂D = ∂L/∂K ⊙ K · (−1/(2σ)).
 *
 * @param k the kernel matrix, same dtype as D
 * @param sigma the bandwidth used (rel_sigma · median(D)) or a fixed value
 */
public record Kernel(INDArray k, double sigma) {

  /** Kernel with the median bandwidth of {@code d}. */
  public static Kernel of(INDArray d, double relSigma) {
    return withSigma(d, relSigma * Distances.median(d));
  }

  /** Kernel with a given (fixed) bandwidth. */
  public static Kernel withSigma(INDArray d, double sigma) {
    INDArray k = Transforms.exp(d.mul(-1.0 / (2.0 * sigma)), false);
    return new Kernel(k, sigma);
  }

  /** ∂L/∂D given ∂L/∂K (σ constant). */
  public INDArray backward(INDArray gK) {
    return gK.mul(k).muli(-1.0 / (2.0 * sigma));
  }
}
