package org.ucospark.loss;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DEC's auxiliary target distribution (spec section 3): from the soft assignments Q [N,K] of the whole data
 * set, with soft cluster frequencies f_k = Σ_i q_ik,
 *
 * <pre>p_ik = (q_ik² / f_k) / Σ_j (q_ij² / f_j)</pre>
 *
 * which sharpens confident assignments and normalises each cluster's contribution. KL(P‖Q) per example is
 * Σ_k p_ik ln(p_ik / q_ik) (terms with p_ik = 0 contribute 0).
 */
public final class TargetDistribution {
  private TargetDistribution() {}

  /** P [N,K] in float64 from Q [N,K]. */
  public static INDArray of(INDArray q) {
    INDArray qd = q.castTo(DataType.DOUBLE);
    INDArray f = qd.sum(0).reshape(1, qd.size(1));
    INDArray p = qd.mul(qd).diviRowVector(f);
    return p.diviColumnVector(p.sum(1).reshape(p.size(0), 1));
  }

  /** KL(P‖Q) of each row [N] (float64). */
  public static double[] klPerRow(INDArray p, INDArray q) {
    double[][] pp = p.castTo(DataType.DOUBLE).toDoubleMatrix();
    double[][] qq = q.castTo(DataType.DOUBLE).toDoubleMatrix();
    double[] kl = new double[pp.length];
    for (int i = 0; i < pp.length; i++) {
      double s = 0;
      for (int k = 0; k < pp[i].length; k++) {
        if (pp[i][k] > 0) {
          s += pp[i][k] * (Math.log(pp[i][k]) - Math.log(Math.max(qq[i][k], Double.MIN_NORMAL)));
        }
      }
      kl[i] = s;
    }
    return kl;
  }
}
