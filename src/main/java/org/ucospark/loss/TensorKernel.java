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
 * <p>Two equivalent GEMM layouts, chosen per mode by cost: when m ≤ d_i² the m×m matrices
 * P_a are formed (T = P Pᵀ over the flattened P_a, S = W̃ P, ∂L/∂x_a = 2 E_a S_a (I − P_a),
 * GEMMs of B²m²); otherwise the F = E Xᵀ form above (GEMMs of B²d_i²m, no m×m matrices).
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
    INDArray f; // [B*d, B*d] (F route) or null
    INDArray p3; // [B, m, m] (P route) or null
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
      INDArray t;
      if (md.m <= md.d * md.d) {
        // P route: P_a = x_aᵀ E_a (m×m), T = Pflat Pflatᵀ (cheaper when m ≤ d²)
        md.p3 = bmm(bt(x3), md.e2.reshape('c', b, md.d, md.m));
        INDArray pf = md.p3.reshape('c', b, md.m * md.m);
        t = pf.mmul(pf.transpose());
      } else {
        // F route: F = E Xᵀ, T_ab = Σ_jk (F_ab)_jk (F_ba)_kj
        md.f = md.e2.mmul(md.x2.transpose()); // [Bd,Bd]
        INDArray ff = md.f.mul(md.f.transpose().dup('c'));
        t = ff.reshape('c', b * md.d * b, md.d).sum(1).reshape('c', b, md.d, b).sum(1);
      }
      INDArray di = t.rsub((double) md.d).muli(2.0);
      md.positive = di.gt(0.0).castTo(dt);
      total.addi(Transforms.max(di, 0.0, false));
      modes.add(md);
    }
    return new Forward(total, modes, x.shape());
  }

  /**
   * FLOP of {@link #forward} and of {@link Forward#backward} on X of {@code shape} [B, d_1, …], as
   * {forward, backward}: every matrix product counted as 2·p·q·r (the float64 per-sample systems included,
   * their Cholesky inverse as n³), elementwise work not counted. Per mode (d, m, n = min(d, m)):
   * small systems 4·B·n²·max(d,m) + B·n³; P route (m ≤ d²) forward + 2·B·d·m² (P) + 2·B²·m² (T),
   * backward 2·B²·m² (S) + 4·B·d·m²; F route forward + 2·(Bd)²·m (F), backward 2·(Bd)²·m + 4·B·d²·m.
   */
  public static double[] flops(long[] shape) {
    double b = shape[0];
    double len = 1;
    for (long s : shape) len *= s;
    double fwd = 0;
    double bwd = 0;
    for (int axis = 1; axis < shape.length; axis++) {
      double d = shape[axis];
      double m = len / (b * d);
      double n = Math.min(d, m);
      fwd += 4 * b * n * n * Math.max(d, m) + b * n * n * n;
      if (m <= d * d) {
        fwd += 2 * b * d * m * m + 2 * b * b * m * m;
        bwd += 2 * b * b * m * m + 4 * b * d * m * m;
      } else {
        fwd += 2 * (b * d) * (b * d) * m;
        bwd += 2 * (b * d) * (b * d) * m + 4 * b * d * d * m;
      }
    }
    return new double[] {fwd, bwd};
  }

  /** Batched matrix product of rank-3 arrays [B,p,q]·[B,q,r]. */
  static INDArray bmm(INDArray a, INDArray b) {
    return Nd4j.matmul(a, b);
  }

  /** Batched transpose [B,p,q] → [B,q,p] (contiguous copy). */
  static INDArray bt(INDArray a) {
    return a.permute(0, 2, 1).dup('c');
  }

  /** E_a for every sample, float64, [B,d,m]: (x xᵀ + εI)⁻¹ x, or x (xᵀx + εI)⁻¹ when d &gt; m. */
  static INDArray smallSystems(INDArray x3) {
    long b = x3.size(0);
    long d = x3.size(1);
    long m = x3.size(2);
    INDArray xc = x3.dup('c');
    INDArray xt = bt(xc);
    boolean rows = d <= m;
    INDArray g = rows ? bmm(xc, xt) : bmm(xt, xc); // [B,n,n]
    int n = (int) Math.min(d, m);
    double[] gv = g.dup('c').data().asDouble();
    double[] inv = new double[gv.length];
    double[][] tmp = new double[n][n];
    for (int a = 0; a < b; a++) {
      int off = a * n * n;
      for (int i = 0; i < n; i++) System.arraycopy(gv, off + i * n, tmp[i], 0, n);
      double[][] r = spdInverse(tmp, EPS);
      for (int i = 0; i < n; i++) System.arraycopy(r[i], 0, inv, off + i * n, n);
    }
    INDArray gi = Nd4j.createFromArray(inv).reshape('c', b, n, n);
    return rows ? bmm(gi, xc) : bmm(xc, gi);
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
      INDArray x3 = md.x2.reshape('c', b, md.d, md.m);
      INDArray e3 = md.e2.reshape('c', b, md.d, md.m);
      INDArray g3;
      if (md.p3 != null) {
        // S_a = Σ_b W̃_ab P_b; ∂L/∂x_a = 2 (E_a S_a − (E_a S_a) P_a)
        INDArray s3 = wt.mmul(md.p3.reshape('c', b, md.m * md.m)).reshape('c', b, md.m, md.m);
        INDArray es = bmm(e3, s3);
        g3 = es.sub(bmm(es, md.p3)).muli(2.0);
      } else {
        INDArray f4 = md.f.reshape('c', b, md.d, b, md.d);
        INDArray fw4 = Nd4j.create(dt, b, md.d, b, md.d);
        Broadcast.mul(f4, wt, fw4, 0, 2);
        INDArray y = fw4.reshape('c', b * md.d, b * md.d).mmul(md.e2); // [Bd,m], Y_a = E_a S_a
        INDArray y3 = y.reshape('c', b, md.d, md.m);
        // ∂L/∂x_a = 2 (Y_a − (Y_a x_aᵀ) E_a)
        g3 = y3.sub(bmm(bmm(y3, bt(x3)), e3)).muli(2.0);
      }
      INDArray gp = g3.reshape('c', md.permShape);
      int[] inv = new int[md.perm.length];
      for (int j = 0; j < md.perm.length; j++) inv[md.perm[j]] = j;
      grad.addi(gp.permute(inv));
    }
    return grad;
  }
}
