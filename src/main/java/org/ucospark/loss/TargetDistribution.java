package org.ucospark.loss;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DEC's auxiliary target distribution (docs/ALGORITHMS.md §3.8): from the soft assignments Q [N,K]
 * of the whole data set, with soft cluster frequencies f_k = Σ_i q_ik,
 *
 * <pre>p_ik = (q_ik² / f_k) / Σ_j (q_ij² / f_j)</pre>
 *
 * which sharpens confident assignments and normalises each cluster's contribution. KL(P‖Q) per
 * example is computed as the authors' code does (Keras {@code kld}, their {@code
 * net.compile(loss="kld")}): with P and Q clipped to [ε, 1], ε = {@link #EPSILON} = 1e-7 (Keras'
 * epsilon),
 *
 * <pre>KL_i = Σ_k p̃_ik ln(p̃_ik / q̃_ik),   p̃ = clip(p, ε, 1),  q̃ = clip(q, ε, 1)</pre>
 *
 * Its gradient w.r.t. q is −p̃_ik / q̃_ik where ε ≤ q_ik ≤ 1 and 0 where the clip is active ({@link
 * #klGradient}; TensorFlow's clip_by_value passes no gradient outside its range).
 */
public final class TargetDistribution {
  /** Keras' fuzz factor {@code backend.epsilon()}, the lower clip of P and Q in {@code kld}. */
  public static final double EPSILON = 1e-7;

  private TargetDistribution() {}

  private static double clip(double x) {
    return Math.min(1.0, Math.max(EPSILON, x));
  }

  /** P [N,K] in float64 from Q [N,K]. */
  public static INDArray of(INDArray q) {
    INDArray qd = q.castTo(DataType.DOUBLE);
    INDArray f = qd.sum(0).reshape(1, qd.size(1));
    INDArray p = qd.mul(qd).diviRowVector(f);
    return p.diviColumnVector(p.sum(1).reshape(p.size(0), 1));
  }

  /** KL(P‖Q) of each row [N] (float64), P and Q clipped to [ε, 1]. */
  public static double[] klPerRow(INDArray p, INDArray q) {
    double[][] pp = p.castTo(DataType.DOUBLE).toDoubleMatrix();
    double[][] qq = q.castTo(DataType.DOUBLE).toDoubleMatrix();
    double[] kl = new double[pp.length];
    for (int i = 0; i < pp.length; i++) {
      double s = 0;
      for (int k = 0; k < pp[i].length; k++) {
        double pc = clip(pp[i][k]);
        s += pc * (Math.log(pc) - Math.log(clip(qq[i][k])));
      }
      kl[i] = s;
    }
    return kl;
  }

  /**
   * ∂KL_i/∂q_ik [N,K] (float64): −clip(p)/clip(q) where ε ≤ q ≤ 1, 0 where the clip of q is active.
   */
  public static INDArray klGradient(INDArray p, INDArray q) {
    double[][] pp = p.castTo(DataType.DOUBLE).toDoubleMatrix();
    double[][] qq = q.castTo(DataType.DOUBLE).toDoubleMatrix();
    double[][] g = new double[pp.length][];
    for (int i = 0; i < pp.length; i++) {
      g[i] = new double[pp[i].length];
      for (int k = 0; k < pp[i].length; k++) {
        double qc = qq[i][k];
        g[i][k] = qc >= EPSILON && qc <= 1.0 ? -clip(pp[i][k]) / qc : 0.0;
      }
    }
    return org.nd4j.linalg.factory.Nd4j.createFromArray(g);
  }
}
