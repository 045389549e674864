package org.ucospark.loss;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Squared Euclidean distance matrices of row vectors and their exact median (docs/ALGORITHMS.md
 * §3.1, "Squared distances" and "Kernel from a distance matrix").
 *
 * <p>D_ij = ‖x_i − x_j‖² = ‖x_i‖² − 2 x_i·x_j + ‖x_j‖² (no clamping, as the spec's reference; the
 * diagonal may carry rounding noise). Backward, for G = ∂L/∂D and G̃ = G + Gᵀ: ∂L/∂x_i = 2 (Σ_j
 * G̃_ij) x_i − 2 (G̃ x)_i. The authors' variant ({@link LossParams.DistanceGradient#AUTHORS}):
 * ∂L/∂x_i = 4 (Σ_j G_ij) x_i − 4 (G x)_i, the same for a symmetric G only.
 *
 * <p>All work happens in the dtype of the input.
 */
public final class Distances {
  private Distances() {}

  /** D [B,B] of the rows of {@code x} [B,n]. */
  public static INDArray squaredEuclidean(INDArray x) {
    INDArray x2 = x.mul(x).sum(true, 1); // [B,1]
    INDArray d = x.mmul(x.transpose()).muli(-2.0);
    d.addiColumnVector(x2);
    d.addiRowVector(x2.reshape(1, x2.length()));
    return d;
  }

  /** ∂L/∂x [B,n] given x [B,n] and gD = ∂L/∂D [B,B] (exact). */
  public static INDArray squaredEuclideanBackward(INDArray x, INDArray gD) {
    return squaredEuclideanBackward(x, gD, LossParams.DistanceGradient.EXACT);
  }

  /**
   * ∂L/∂x [B,n] given x [B,n] and gD = ∂L/∂D [B,B]: exact, 2·(x ⊙ rowsum(G̃) − G̃x) with G̃ = gD +
   * gDᵀ, or the authors' 4·(x ⊙ rowsum(gD) − gD·x) (tk-uco {@code tf_lib/kernel.py}, {@code
   * pdist}).
   */
  public static INDArray squaredEuclideanBackward(
      INDArray x, INDArray gD, LossParams.DistanceGradient mode) {
    boolean exact = mode == LossParams.DistanceGradient.EXACT;
    INDArray gs = exact ? gD.add(gD.transpose()) : gD;
    double c = exact ? 2.0 : 4.0;
    INDArray rowSum = gs.sum(true, 1); // [B,1]
    INDArray out = x.mulColumnVector(rowSum).muli(c);
    out.subi(gs.mmul(x).muli(c));
    return out;
  }

  /**
   * Exact median of all entries (diagonal included): the middle value for an odd count, the mean of
   * the two middle values for an even count (tfp "midpoint" percentile 50). Computed in double from
   * the forward values; it is a constant for every gradient.
   */
  public static double median(INDArray d) {
    double[] v = d.dup('c').castTo(DataType.DOUBLE).data().asDouble();
    if (v.length == 0) throw new IllegalArgumentException("empty distance matrix");
    Arrays.sort(v);
    int n = v.length;
    return (n % 2 == 1) ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
  }

  static INDArray eye(long n, DataType dt) {
    return Nd4j.eye(n).castTo(dt);
  }
}
