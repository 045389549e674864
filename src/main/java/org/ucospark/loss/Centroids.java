package org.ucospark.loss;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Losses and assignments against K trainable centroids μ ∈ R^{K×d} (docs/ALGORITHMS.md §3, "DEC"
 * and "Online hard-regularised clustering"), forward and explicit backward, on batches z ∈ R^{B×d}.
 * Computed in float64 (the matrices are at most B×K); callers cast back to the network's type.
 *
 * <ul>
 *   <li>squared distances D_ik = ‖z_i − μ_k‖² = ‖z_i‖² + ‖μ_k‖² − 2 z_i·μ_k (clamped at 0 against
 *       rounding);
 *   <li>Student-t soft assignments (DEC): q_ik = t_ik / Σ_j t_ij, t_ik = (1 + D_ik/α)^{−(α+1)/2};
 *   <li>scaled costs (OHC): C_ik = D_ik / σ.
 * </ul>
 */
public final class Centroids {
  private Centroids() {}

  /** ∂L/∂z [B,d] and ∂L/∂μ [K,d]. */
  public record Gradients(INDArray z, INDArray centroids) {}

  /** D [B,K] for z [B,d] and centroids [K,d]. */
  public static INDArray squaredDistances(INDArray z, INDArray centroids) {
    INDArray zd = z.castTo(DataType.DOUBLE);
    INDArray md = centroids.castTo(DataType.DOUBLE);
    INDArray zz = zd.mul(zd).sum(1);
    INDArray mm = md.mul(md).sum(1);
    INDArray d = zd.mmul(md.transpose()).muli(-2.0);
    d.addiColumnVector(zz.reshape(zz.length(), 1)).addiRowVector(mm.reshape(1, mm.length()));
    return Transforms.max(d, 0.0, false);
  }

  /** Given ∂L/∂D [B,K]: ∂L/∂z_i = 2 Σ_k g_ik (z_i − μ_k), ∂L/∂μ_k = 2 Σ_i g_ik (μ_k − z_i). */
  public static Gradients distanceBackward(INDArray z, INDArray centroids, INDArray gD) {
    INDArray zd = z.castTo(DataType.DOUBLE);
    INDArray md = centroids.castTo(DataType.DOUBLE);
    INDArray g = gD.castTo(DataType.DOUBLE);
    INDArray gz = zd.mulColumnVector(g.sum(1).reshape(g.size(0), 1)).subi(g.mmul(md)).muli(2.0);
    INDArray gm =
        md.mulColumnVector(g.sum(0).reshape(g.size(1), 1)).subi(g.transpose().mmul(zd)).muli(2.0);
    return new Gradients(gz, gm);
  }

  /** DEC's Student-t soft assignments Q [B,K] (rows sum to 1). */
  public static INDArray studentT(INDArray z, INDArray centroids, double alpha) {
    INDArray t = kernel(squaredDistances(z, centroids), alpha);
    return t.diviColumnVector(t.sum(1).reshape(t.size(0), 1));
  }

  /**
   * Backward of {@link #studentT} given ∂L/∂Q: with r_i = Σ_j (∂L/∂q_ij) q_ij, ∂L/∂D_ik =
   * −(α+1)/(2α) · q_ik / (1 + D_ik/α) · (∂L/∂q_ik − r_i), then {@link #distanceBackward}. For L =
   * KL(P‖Q) this is DEC's ∂L/∂z_i = (α+1)/α Σ_k (p_ik − q_ik)(z_i − μ_k)/(1 + D_ik/α).
   */
  public static Gradients studentTBackward(
      INDArray z, INDArray centroids, double alpha, INDArray gQ) {
    INDArray d = squaredDistances(z, centroids);
    INDArray t = kernel(d, alpha);
    INDArray q = t.diviColumnVector(t.sum(1).reshape(t.size(0), 1));
    INDArray g = gQ.castTo(DataType.DOUBLE);
    INDArray r = g.mul(q).sum(1).reshape(q.size(0), 1);
    INDArray gD =
        g.subColumnVector(r).muli(q).divi(d.div(alpha).addi(1.0)).muli(-(alpha + 1) / (2 * alpha));
    return distanceBackward(z, centroids, gD);
  }

  /** OHC's costs C = D / σ [B,K]. */
  public static INDArray scaledCosts(INDArray z, INDArray centroids, double sigma) {
    return squaredDistances(z, centroids).divi(sigma);
  }

  /** Backward of {@link #scaledCosts}: ∂L/∂D = (∂L/∂C)/σ. */
  public static Gradients scaledCostsBackward(
      INDArray z, INDArray centroids, double sigma, INDArray gC) {
    return distanceBackward(z, centroids, gC.castTo(DataType.DOUBLE).div(sigma));
  }

  /** t = (1 + D/α)^{−(α+1)/2}. */
  private static INDArray kernel(INDArray d, double alpha) {
    return Transforms.pow(d.div(alpha).addi(1.0), -(alpha + 1) / 2, false);
  }
}
