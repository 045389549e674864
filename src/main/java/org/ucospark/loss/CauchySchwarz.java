package org.ucospark.loss;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Cauchy–Schwarz divergence term (docs/ALGORITHMS.md §3.2).
 *
 * <p>For M ∈ R^{B×K} and a kernel matrix Kx ∈ R^{B×B}: N = Mᵀ Kx M (K×K); every N_ij below 1e-9 is
 * replaced by 1e-9 and every N_ii·N_jj below 1e-18 by 1e-18 (the diagonal used in the denominator
 * is that of the unfloored N); d_cs = 2/(K(K−1)) · Σ_{i<j} N_ij / sqrt(N_ii N_jj). Floored entries
 * are constants: they get zero gradient.
 *
 * <p>Gradients: with Γ = ∂d_cs/∂N (K×K, computed in float64), ∂d_cs/∂M = Kx M Γᵀ + Kxᵀ M Γ and
 * ∂d_cs/∂Kx = M Γ Mᵀ. The big products run in M's dtype, the K×K work in float64.
 */
public final class CauchySchwarz {
  public static final double EPS = 1e-9;
  public static final double EPS2 = 1e-18;

  private CauchySchwarz() {}

  /** Value and (optionally) gradients. */
  public record Result(double value, INDArray gradM, INDArray gradK) {}

  public static double value(INDArray m, INDArray kx) {
    return compute(m, kx, false, false).value();
  }

  /**
   * @param wantGradM compute ∂d_cs/∂M
   * @param wantGradK compute ∂d_cs/∂Kx
   */
  public static Result compute(INDArray m, INDArray kx, boolean wantGradM, boolean wantGradK) {
    int k = (int) m.size(1);
    INDArray km = kx.mmul(m); // [B,K]
    double[][] n =
        Nd4j.toFlattened('c', m.transpose().mmul(km))
            .castTo(DataType.DOUBLE)
            .reshape(k, k)
            .toDoubleMatrix();
    double c = 2.0 / (k * (double) (k - 1));
    double value = 0.0;
    double[][] g = new double[k][k];
    double[] gDiag = new double[k];
    for (int i = 0; i < k; i++) {
      for (int j = i + 1; j < k; j++) {
        boolean nFloored = n[i][j] < EPS;
        double nij = nFloored ? EPS : n[i][j];
        double q = n[i][i] * n[j][j];
        boolean qFloored = q < EPS2;
        double qq = qFloored ? EPS2 : q;
        double sq = Math.sqrt(qq);
        value += nij / sq;
        if (!nFloored) g[i][j] += c / sq;
        if (!qFloored) {
          double gq = -0.5 * c * nij / (qq * sq);
          gDiag[i] += gq * n[j][j];
          gDiag[j] += gq * n[i][i];
        }
      }
    }
    value *= c;
    INDArray gradM = null;
    INDArray gradK = null;
    if (wantGradM || wantGradK) {
      for (int i = 0; i < k; i++) g[i][i] += gDiag[i];
      INDArray gam = Nd4j.createFromArray(g).castTo(m.dataType());
      if (wantGradM) {
        // ∂/∂M of tr(Γᵀ Mᵀ Kx M) = Kx M Γᵀ + Kxᵀ M Γ
        gradM = km.mmul(gam.transpose()).addi(kx.transpose().mmul(m).mmul(gam));
      }
      if (wantGradK) {
        gradK = m.mmul(gam).mmul(m.transpose());
      }
    }
    return new Result(value, gradM, gradK);
  }
}
