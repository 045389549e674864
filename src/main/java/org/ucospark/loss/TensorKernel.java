package org.ucospark.loss;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Tensor-kernel distance matrix of UCO (ALGORITHMS.md §3, "tensor" kernel).
 *
 * <p>For X of shape [B, d_1, …, d_r] and every non-batch mode i, each sample is matricized
 * to x_a ∈ R^{d_i×m} (rows: mode i; columns: the other modes, c-order). With
 * G_ε,a = x_a x_aᵀ + εI (ε = 1e-6), E_a = G_ε,a⁻¹ x_a (or, when d_i &gt; m, the identical
 * x_a (x_aᵀx_a + εI_m)⁻¹ from the m×m system), P_a = x_aᵀ E_a and
 * T_ab = tr(P_a P_b) = Σ_jk (F_ab)_jk (F_ba)_kj where F = E Xᵀ is one (B·d_i)×(B·d_i) GEMM
 * over the stacked E_a and x_a. Then D^{(i)} = 2(d_i − T) and D = Σ_i max(D^{(i)}, 0).
 * This equals the eigendecomposition form U = xᵀV/sqrt(max(Λ,0)+ε), T_ab = ‖U_aᵀU_b‖²_F.
 *
 * <p>Backward (explicit, no autodiff through the inverse): for w = ∂L/∂T = −2 ∂L/∂D ⊙
 * [D^{(i)} &gt; 0], W̃ = w + wᵀ, S_a = Σ_b W̃_ab P_b: ∂L/∂x_a = 2 E_a S_a (I − P_a). It is
 * evaluated without m×m matrices as Y = (F ⊙ (W̃ ⊗ 1)) E (one GEMM; Y_a = E_a S_a) and
 * ∂L/∂x_a = 2 (Y_a − (Y_a x_aᵀ) E_a).
 *
 * <p>Precision: G, its inverse (Cholesky, in plain Java) and E are float64 always; the big
 * GEMMs run in X's dtype. Exact zero rows (dead channels) give exact zero rows of E and a
 * finite, well-defined gradient.
 */
public final class TensorKernel {
  public static final double EPS = 1e-6;

  private TensorKernel() {}

  /** Per-mode cached pieces of the forward pass. */
  static final class Mode {
    int axis;
    long d;
    long m;
    int[] perm;
    long[] permShape;
    INDArray x2; // [B*d, m] dtype of X
    INDArray e2; // [B*d, m] dtype of X (computed in float64)
    INDArray f; // [B*d, B*d]
    INDArray positive; // [B,B] mask D^{(i)} > 0
  }

  /** Forward result: the distance matrix and what the backward pass needs. */
  public static final class Forward {
    private final INDArray distances;
    private final List<Mode> modes;
    private final long[] shape;

    Forward(INDArray distances, List<Mode> modes, long[] shape) {
      this.distances = distances;
      this.modes = modes;
      this.shape = shape;
    }

    /** D [B,B]. */
    public INDArray distances() { return distances; }

    /** ∂L/∂X given ∂L/∂D. */
    public INDArray backward(INDArray gD) { return TensorKernel.backward(this, gD); }
  }

  /** D [B,B] only. */
  public static INDArray distances(INDArray x) {
    return forward(x).distances();
  }

  public static Forward forward(INDArray x) {
    if (x.rank() < 2) throw new IllegalArgumentException("need [B, d1, ...], got rank " + x.rank());
    long b = x.size(0);
    DataType dt = x.dataType();
    INDArray total = Nd4j.zeros(dt, b, b);
    List<Mode> modes = new ArrayList<>();
    for (int axis = 1; axis < x.rank(); axis++) {
      Mode md = new Mode();
      md.axis = axis;
      md.d = x.size(axis);
      md.m = x.length() / (b * md.d);
      int r = x.rank();
      md.perm = new int[r];
      md.perm[0] = 0;
      md.perm[1] = axis;
      int p = 2;
      for (int j = 1; j < r; j++) if (j != axis) md.perm[p++] = j;
      INDArray xp = x.permute(md.perm).dup('c');
      md.permShape = xp.shape();
      INDArray x3 = xp.reshape('c', b, md.d, md.m);
      md.x2 = x3.reshape('c', b * md.d, md.m);
      INDArray e3 = smallSystems(x3.castTo(DataType.DOUBLE));
      md.e2 = e3.reshape('c', b * md.d, md.m).castTo(dt);
      md.f = md.e2.mmul(md.x2.transpose()); // [Bd,Bd]
      INDArray t = md.f.mul(md.f.transpose()).reshape('c', b, md.d, b, md.d).sum(1, 3);
      INDArray di = t.rsub((double) md.d).muli(2.0);
      md.positive = di.gt(0.0).castTo(dt);
      total.addi(Transforms.max(di, 0.0, false));
      modes.add(md);
    }
    return new Forward(total, modes, x.shape());
  }

  /** E_a for every sample, float64, [B,d,m]. */
  static INDArray smallSystems(INDArray x3) {
    long b = x3.size(0);
    long d = x3.size(1);
    long m = x3.size(2);
    INDArray e3 = Nd4j.create(DataType.DOUBLE, b, d, m);
    for (long a = 0; a < b; a++) {
      INDArray xa = x3.get(NDArrayIndex.point(a), NDArrayIndex.all(), NDArrayIndex.all());
      INDArray ea;
      if (d <= m) {
        INDArray g = xa.mmul(xa.transpose());
        ea = Nd4j.createFromArray(spdInverse(g.toDoubleMatrix(), EPS)).mmul(xa);
      } else {
        INDArray g = xa.transpose().mmul(xa);
        ea = xa.mmul(Nd4j.createFromArray(spdInverse(g.toDoubleMatrix(), EPS)));
      }
      e3.get(NDArrayIndex.point(a), NDArrayIndex.all(), NDArrayIndex.all()).assign(ea);
    }
    return e3;
  }

  /**
   * (G + εI)⁻¹ of a symmetric positive semi-definite G via Cholesky in float64. A pivot
   * that rounding drives below ε (only for huge, ill-conditioned G) is clamped to ε, the
   * smallest eigenvalue G + εI can have.
   */
  static double[][] spdInverse(double[][] g, double eps) {
    int n = g.length;
    double[][] l = new double[n][n];
    for (int j = 0; j < n; j++) {
      double s = g[j][j] + eps;
      for (int k = 0; k < j; k++) s -= l[j][k] * l[j][k];
      if (!(s >= eps)) s = eps;
      double ljj = Math.sqrt(s);
      l[j][j] = ljj;
      for (int i = j + 1; i < n; i++) {
        double t = 0.5 * (g[i][j] + g[j][i]);
        for (int k = 0; k < j; k++) t -= l[i][k] * l[j][k];
        l[i][j] = t / ljj;
      }
    }
    // inverse of L (lower triangular)
    double[][] li = new double[n][n];
    for (int j = 0; j < n; j++) {
      li[j][j] = 1.0 / l[j][j];
      for (int i = j + 1; i < n; i++) {
        double s = 0.0;
        for (int k = j; k < i; k++) s -= l[i][k] * li[k][j];
        li[i][j] = s / l[i][i];
      }
    }
    // G⁻¹ = L⁻ᵀ L⁻¹
    double[][] inv = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double s = 0.0;
        for (int k = i; k < n; k++) s += li[k][i] * li[k][j];
        inv[i][j] = s;
        inv[j][i] = s;
      }
    }
    return inv;
  }

  static INDArray backward(Forward fw, INDArray gD) {
    long b = fw.shape[0];
    DataType dt = fw.distances.dataType();
    INDArray gD2 = gD.castTo(dt);
    INDArray grad = Nd4j.zeros(dt, fw.shape);
    for (Mode md : fw.modes) {
      INDArray w = gD2.mul(md.positive).muli(-2.0); // ∂L/∂T
      INDArray wt = w.add(w.transpose());
      INDArray f4 = md.f.reshape('c', b, md.d, b, md.d);
      INDArray fw4 = Nd4j.create(dt, b, md.d, b, md.d);
      Broadcast.mul(f4, wt, fw4, 0, 2);
      INDArray y = fw4.reshape('c', b * md.d, b * md.d).mmul(md.e2); // [Bd,m], Y_a = E_a S_a
      INDArray y3 = y.reshape('c', b, md.d, md.m);
      INDArray x3 = md.x2.reshape('c', b, md.d, md.m);
      INDArray e3 = md.e2.reshape('c', b, md.d, md.m);
      INDArray g3 = Nd4j.create(dt, b, md.d, md.m);
      for (long a = 0; a < b; a++) {
        INDArray ya = y3.get(NDArrayIndex.point(a), NDArrayIndex.all(), NDArrayIndex.all());
        INDArray xa = x3.get(NDArrayIndex.point(a), NDArrayIndex.all(), NDArrayIndex.all());
        INDArray ea = e3.get(NDArrayIndex.point(a), NDArrayIndex.all(), NDArrayIndex.all());
        INDArray ga = ya.sub(ya.mmul(xa.transpose()).mmul(ea)).muli(2.0);
        g3.get(NDArrayIndex.point(a), NDArrayIndex.all(), NDArrayIndex.all()).assign(ga);
      }
      INDArray gp = g3.reshape('c', md.permShape);
      int[] inv = new int[md.perm.length];
      for (int j = 0; j < md.perm.length; j++) inv[md.perm[j]] = j;
      grad.addi(gp.permute(inv));
    }
    return grad;
  }
}
