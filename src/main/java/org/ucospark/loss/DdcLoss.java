package org.ucospark.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * DDC loss terms (docs/ALGORITHMS.md §3.3), for assignments A [B,K] and hidden H [B,h]:
 *
 * <ul>
 *   <li>ddc_1 = d_cs(A, K_H), K_H the kernel of D_H = sqdist(H), σ = rel_sigma·median(D_H);
 *   <li>ddc_2 = 2/(B(B−1)) Σ_{i&lt;j} (A Aᵀ)_ij;
 *   <li>ddc_3 = d_cs(M, K_H), M_ik = exp(−‖A_i − e_k‖²).
 * </ul>
 *
 * Gradients: ∂ddc_2/∂A_i = 2/(B(B−1)) (Σ_j A_j − A_i); through M: ∂/∂A_ij = 2 (Ḡ⊙M)_ij − 2 A_ij Σ_k
 * (Ḡ⊙M)_ik for Ḡ = ∂/∂M; through K_H with σ constant ({@link Kernel#backward}) and D_H ({@link
 * Distances#squaredEuclideanBackward}, exact or the authors' {@link LossParams.DistanceGradient}).
 */
public final class DdcLoss {
  private DdcLoss() {}

  /** The three terms and the gradients of their sum w.r.t. A and H. */
  public record Result(
      double ddc1, double ddc2, double ddc3, double sigma, INDArray gradA, INDArray gradH) {
    public double total() {
      return ddc1 + ddc2 + ddc3;
    }
  }

  /**
   * @param fixedSigma if not NaN, use this σ instead of rel_sigma·median(D_H) (for gradient checks,
   *     where the median would move between perturbed evaluations)
   * @param distanceGradient how D_H = sqdist(H) is differentiated
   */
  public static Result compute(
      INDArray a,
      INDArray h,
      double relSigma,
      double fixedSigma,
      boolean grads,
      LossParams.DistanceGradient distanceGradient) {
    return compute(a, h, relSigma, fixedSigma, grads, distanceGradient, 1, 1, 1);
  }

  /**
   * As {@link #compute(INDArray, INDArray, double, double, boolean, LossParams.DistanceGradient)},
   * the gradients being those of w1·ddc_1 + w2·ddc_2 + w3·ddc_3 (the terms are unchanged): (1, 0,
   * 0) gives ∇ddc_1 alone, for pairwise OFM (docs/ALGORITHMS.md §5.4). With weights 1 the
   * arithmetic is that of the plain sum.
   */
  public static Result compute(
      INDArray a,
      INDArray h,
      double relSigma,
      double fixedSigma,
      boolean grads,
      LossParams.DistanceGradient distanceGradient,
      double w1,
      double w2,
      double w3) {
    long b = a.size(0);
    long k = a.size(1);
    INDArray dH = Distances.squaredEuclidean(h);
    Kernel kh =
        Double.isNaN(fixedSigma) ? Kernel.of(dH, relSigma) : Kernel.withSigma(dH, fixedSigma);
    CauchySchwarz.Result c1 = CauchySchwarz.compute(a, kh.k(), grads, grads);
    // ddc_2
    double c2 = 2.0 / (b * (double) (b - 1));
    INDArray colSum = a.sum(true, 0); // [1,K]
    double sumAll = colSum.mul(colSum).sumNumber().doubleValue();
    double diag = a.mul(a).sumNumber().doubleValue();
    double ddc2 = c2 * 0.5 * (sumAll - diag);
    // ddc_3
    INDArray sq = a.mul(a).sum(true, 1); // [B,1]
    INDArray expo = a.mul(2.0).subiColumnVector(sq).subi(1.0); // −‖A_i − e_k‖² = 2A_ik − ‖A_i‖² − 1
    INDArray m = Transforms.exp(expo, false);
    CauchySchwarz.Result c3 = CauchySchwarz.compute(m, kh.k(), grads, grads);
    if (!grads) return new Result(c1.value(), ddc2, c3.value(), kh.sigma(), null, null);

    INDArray gA = c1.gradM().mul(w1);
    gA.addi(a.rsub(0.0).addiRowVector(colSum).muli(c2 * w2));
    INDArray gm = c3.gradM().mul(m).muli(w3);
    gA.addi(gm.mul(2.0)).subi(a.mulColumnVector(gm.sum(true, 1)).muli(2.0));
    INDArray gK = c1.gradK().mul(w1).addi(c3.gradK().mul(w3));
    INDArray gH = Distances.squaredEuclideanBackward(h, kh.backward(gK), distanceGradient);
    return new Result(c1.value(), ddc2, c3.value(), kh.sigma(), gA, gH);
  }
}
