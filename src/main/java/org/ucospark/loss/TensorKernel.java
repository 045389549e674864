package org.ucospark.loss;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Tensor-kernel distance matrix of UCO (ALGORITHMS.md §3, "tensor" kernel).
 *
 * <p>For X of shape [B, d_1, …, d_r] and every non-batch mode i, each sample is matricized
 * to x_a ∈ R^{d_i×m} (rows: mode i; columns: the other modes, c-order). With
 * G_ε,a = x_a x_aᵀ + εI (ε = 1e-6), E_a = G_ε,a⁻¹ x_a (or, when d_i &gt; m, the identical
 * x_a (x_aᵀx_a + εI_m)⁻¹ from the m×m system) and P_a = x_aᵀ E_a,
 * T_ab = tr(P_a P_b), D^{(i)} = 2(d_i − T) and D = Σ_i max(D^{(i)}, 0).
 * This equals the eigendecomposition form U = xᵀV/sqrt(max(Λ,0)+ε), T_ab = ‖U_aᵀU_b‖²_F.
 *
 * <p>Backward (explicit, no autodiff through the inverse): for w = ∂L/∂T = −2 ∂L/∂D ⊙
 * [D^{(i)} &gt; 0], W̃ = w + wᵀ, S_a = Σ_b W̃_ab P_b: ∂L/∂x_a = 2 E_a S_a (I − P_a).
 *
 * <p>T is symmetric, and both routes below compute it with one SYRK (half the FLOPs of the GEMM
 * it replaces, {@link SymmetricBlas}). Per mode the cheaper route by {@link #flops} is taken:
 * <ul>
 *   <li><b>P route</b> (small m, and always when d_i &gt; m): the m×m matrices P_a are formed,
 *       T = Pflat Pflatᵀ over the flattened P_a (SYRK), S = W̃ Pflat, ∂L/∂x_a = 2 E_a S_a (I − P_a).
 *   <li><b>Q route</b> (m large): with the Cholesky factor G_ε,a = L_a L_aᵀ and the whitened
 *       Q_a = L_a⁻¹ x_a (d_i×m), P_a = Q_aᵀ Q_a, so T_ab = ‖H_ab‖²_F for the blocks H_ab = Q_a Q_bᵀ
 *       of H = Q Qᵀ (one (B·d_i)² SYRK over the stacked Q_a; no m×m matrices). Since E_a = L_a⁻ᵀ Q_a,
 *       E_a S_a = L_a⁻ᵀ Z_a with Z = (H ⊙ (W̃ ⊗ 1)) Q (one SYMM), and
 *       ∂L/∂x_a = 2 L_a⁻ᵀ (Z_a − (Z_a Q_aᵀ) Q_a).
 * </ul>
 *
 * <p>Precision: G, its Cholesky factor and inverse (plain Java), E and Q are float64 always; the big
 * products run in X's dtype, and T and D are accumulated in float64. Q_a has orthonormal rows up to
 * ε, so H has entries in [−1, 1]. Exact zero rows (dead channels) give exact zero rows of E and Q
 * and a finite, well-defined gradient.
 */
public final class TensorKernel {
  public static final double EPS = 1e-6;

  private TensorKernel() {}

  /** One mode's matricization and the forward pieces its backward needs. */
  private abstract static class Mode {
    final int b;
    final int d;
    final int m;
    final int[] perm;
    final long[] permShape;
    final double[] t; // T [B·B], symmetric
    boolean[] positive; // D^{(i)} > 0 [B·B]

    Mode(INDArray x3, int[] perm, long[] permShape, double[] t) {
      this.b = (int) x3.size(0);
      this.d = (int) x3.size(1);
      this.m = (int) x3.size(2);
      this.perm = perm;
      this.permShape = permShape;
      this.t = t;
    }

    /** ∂L/∂x [B,d,m] given W̃ [B·B] (row-major, symmetric). */
    abstract INDArray gradient(double[] wTilde);
  }

  /** P route: E [B,d,m], P [B,m,m]. */
  private static final class PMode extends Mode {
    final INDArray e3;
    final INDArray p3;

    private PMode(INDArray x3, int[] perm, long[] permShape, INDArray e3, INDArray p3) {
      super(x3, perm, permShape, symmetricFromUpper(SymmetricBlas.gramUpper(flat2(p3))));
      this.e3 = e3;
      this.p3 = p3;
    }

    static PMode of(INDArray x3, int[] perm, long[] permShape) {
      DataType dt = x3.dataType();
      INDArray e3 = smallSystemsE(x3.castTo(DataType.DOUBLE)).castTo(dt);
      return new PMode(x3, perm, permShape, e3, bmm(bt(x3), e3));
    }

    @Override
    INDArray gradient(double[] wTilde) {
      INDArray w = Nd4j.createFromArray(wTilde).reshape('c', b, b).castTo(p3.dataType());
      INDArray s3 = w.mmul(flat2(p3)).reshape('c', b, m, m); // S_a = Σ_b W̃_ab P_b
      INDArray es = bmm(e3, s3);
      return es.subi(bmm(es, p3)).muli(2.0); // 2 E_a S_a (I − P_a)
    }
  }

  /** Q route: Q [B,d,m], L⁻ᵀ [B,d,d], H = Q Qᵀ [B·d, B·d] (upper triangle). */
  private static final class QMode extends Mode {
    final INDArray q3;
    final INDArray linvT;
    final INDArray h;

    private QMode(INDArray x3, int[] perm, long[] permShape, INDArray q3, INDArray linvT, INDArray h) {
      super(x3, perm, permShape, blockSumsOfSquares(h, (int) x3.size(0), (int) x3.size(1)));
      this.q3 = q3;
      this.linvT = linvT;
      this.h = h;
    }

    static QMode of(INDArray x3, int[] perm, long[] permShape) {
      DataType dt = x3.dataType();
      INDArray xd = x3.castTo(DataType.DOUBLE);
      INDArray linv = perSample(grams(xd, true), g -> lowerInverse(g, EPS)); // L_a⁻¹
      INDArray q3 = bmm(linv, xd).castTo(dt);
      return new QMode(x3, perm, permShape, q3, bt(linv).castTo(dt), SymmetricBlas.gramUpper(stacked(q3)));
    }

    @Override
    INDArray gradient(double[] wTilde) {
      INDArray z = SymmetricBlas.symmUpperTimes(blockScaledUpper(h, wTilde, b, d), stacked(q3));
      INDArray z3 = z.reshape('c', b, d, m); // Z_a = Σ_b W̃_ab H_ab Q_b
      INDArray r3 = z3.subi(bmm(bmm(z3, bt(q3)), q3)); // Z_a (I − P_a)
      return bmm(linvT, r3).muli(2.0); // 2 L_a⁻ᵀ Z_a (I − P_a)
    }
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
    int b = (int) x.size(0);
    double[] total = new double[b * b];
    List<Mode> modes = new ArrayList<>();
    for (int axis = 1; axis < x.rank(); axis++) {
      long d = x.size(axis);
      long m = x.length() / (b * d);
      int r = x.rank();
      int[] perm = new int[r];
      perm[1] = axis;
      int p = 2;
      for (int j = 1; j < r; j++) if (j != axis) perm[p++] = j;
      INDArray xp = x.permute(perm).dup('c');
      INDArray x3 = xp.reshape('c', b, d, m);
      Mode md = pRoute(b, d, m) ? PMode.of(x3, perm, xp.shape()) : QMode.of(x3, perm, xp.shape());
      md.positive = new boolean[b * b];
      for (int k = 0; k < b * b; k++) {
        double di = 2.0 * (d - md.t[k]);
        md.positive[k] = di > 0;
        if (di > 0) total[k] += di;
      }
      modes.add(md);
    }
    INDArray dist = Nd4j.createFromArray(total).reshape('c', b, b).castTo(x.dataType());
    return new Forward(dist, modes, x.shape());
  }

  /** Whether the P route is the cheaper one for a mode (d, m) at batch b (always when d &gt; m). */
  static boolean pRoute(double b, double d, double m) {
    return d > m || routeFlops(b, d, m, true)[2] <= routeFlops(b, d, m, false)[2];
  }

  /**
   * FLOP of {@link #forward} and of {@link Forward#backward} on X of {@code shape} [B, d_1, …], as
   * {forward, backward}, counted as this code computes them: a general matrix product 2·p·q·r, a SYRK
   * (C = A Aᵀ, A p×q) p²·q, a SYMM as a GEMM, the per-sample float64 Cholesky inverses as n³,
   * elementwise work not counted. See {@link #routeFlops} for the per-mode terms.
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
      double[] f = routeFlops(b, d, m, pRoute(b, d, m));
      fwd += f[0];
      bwd += f[1];
    }
    return new double[] {fwd, bwd};
  }

  /**
   * {forward, backward, total} FLOP of one mode (d, m, n = min(d, m)) by one route. Small systems:
   * G 2·B·n²·max(d,m), inverse B·n³, E = G⁻¹x or Q = L⁻¹x 2·B·n²·max(d,m). P route: P 2·B·d·m², T (SYRK)
   * B²·m²; backward S 2·B²·m², E_a S_a and its product with P_a 4·B·d·m². Q route: H (SYRK) (Bd)²·m;
   * backward Z (SYMM) 2·(Bd)²·m, Z_a Q_aᵀ, its product with Q_a and L_a⁻ᵀ 6·B·d²·m.
   */
  static double[] routeFlops(double b, double d, double m, boolean pRoute) {
    double n = Math.min(d, m);
    double fwd = 4 * b * n * n * Math.max(d, m) + b * n * n * n;
    double bwd;
    if (pRoute) {
      fwd += 2 * b * d * m * m + b * b * m * m;
      bwd = 2 * b * b * m * m + 4 * b * d * m * m;
    } else {
      fwd += (b * d) * (b * d) * m;
      bwd = 2 * (b * d) * (b * d) * m + 6 * b * d * d * m;
    }
    return new double[] {fwd, bwd, fwd + bwd};
  }

  /** Batched matrix product of rank-3 arrays [B,p,q]·[B,q,r]. */
  static INDArray bmm(INDArray a, INDArray b) {
    return Nd4j.matmul(a, b);
  }

  /** Batched transpose [B,p,q] → [B,q,p] (contiguous copy). */
  static INDArray bt(INDArray a) {
    return a.permute(0, 2, 1).dup('c');
  }

  /** [B,p,q] c-order → [B, p·q] (same buffer). */
  static INDArray flat2(INDArray a3) {
    return a3.reshape('c', a3.size(0), a3.size(1) * a3.size(2));
  }

  /** [B,p,q] c-order → [B·p, q], the samples' matrices stacked (same buffer). */
  static INDArray stacked(INDArray a3) {
    return a3.reshape('c', a3.size(0) * a3.size(1), a3.size(2));
  }

  /** G_a = x_a x_aᵀ [B,d,d] if {@code rows}, else x_aᵀ x_a [B,m,m]. */
  static INDArray grams(INDArray x3, boolean rows) {
    INDArray xt = bt(x3);
    return rows ? bmm(x3, xt) : bmm(xt, x3);
  }

  /** {@code f} applied to every [n,n] slice of a [B,n,n] array, in float64. */
  static INDArray perSample(INDArray g3, UnaryOperator<double[][]> f) {
    long b = g3.size(0);
    int n = (int) g3.size(1);
    double[] gv = g3.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    double[] out = new double[gv.length];
    double[][] tmp = new double[n][n];
    for (int a = 0; a < b; a++) {
      int off = a * n * n;
      for (int i = 0; i < n; i++) System.arraycopy(gv, off + i * n, tmp[i], 0, n);
      double[][] r = f.apply(tmp);
      for (int i = 0; i < n; i++) System.arraycopy(r[i], 0, out, off + i * n, n);
    }
    return Nd4j.createFromArray(out).reshape('c', b, n, n);
  }

  /** E_a for every sample, float64, [B,d,m]: (x xᵀ + εI)⁻¹ x, or x (xᵀx + εI)⁻¹ when d &gt; m. */
  static INDArray smallSystemsE(INDArray x3) {
    boolean rows = x3.size(1) <= x3.size(2);
    INDArray gi = perSample(grams(x3, rows), g -> spdInverse(g, EPS));
    return rows ? bmm(gi, x3) : bmm(x3, gi);
  }

  /**
   * L⁻¹ for the Cholesky factor L Lᵀ = G + εI of a symmetric positive semi-definite G, in float64.
   * A pivot that rounding drives below ε (only for huge, ill-conditioned G) is clamped to ε, the
   * smallest eigenvalue G + εI can have.
   */
  static double[][] lowerInverse(double[][] g, double eps) {
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
    double[][] li = new double[n][n];
    for (int j = 0; j < n; j++) {
      li[j][j] = 1.0 / l[j][j];
      for (int i = j + 1; i < n; i++) {
        double s = 0.0;
        for (int k = j; k < i; k++) s -= l[i][k] * li[k][j];
        li[i][j] = s / l[i][i];
      }
    }
    return li;
  }

  /** (G + εI)⁻¹ = L⁻ᵀ L⁻¹ with L⁻¹ from {@link #lowerInverse}. */
  static double[][] spdInverse(double[][] g, double eps) {
    double[][] li = lowerInverse(g, eps);
    int n = g.length;
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

  /** The symmetric [n·n] (row-major, float64) of which {@code c} [n,n] holds the upper triangle. */
  static double[] symmetricFromUpper(INDArray c) {
    int n = (int) c.size(0);
    SymmetricBlas.Flat f = SymmetricBlas.flat(c);
    double[] out = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = i; j < n; j++) {
        double v = f.get(i * n + j);
        out[i * n + j] = v;
        out[j * n + i] = v;
      }
    }
    return out;
  }

  /**
   * T_ab = ‖H_ab‖²_F over the d×d blocks of the symmetric H [b·d, b·d] of which only the upper
   * triangle is read; returned symmetric [b·b] (row-major), accumulated in float64.
   */
  static double[] blockSumsOfSquares(INDArray h, int b, int d) {
    int n = b * d;
    SymmetricBlas.Flat f = SymmetricBlas.flat(h);
    double[] t = new double[b * b];
    for (int r = 0; r < n; r++) {
      int a = r / d;
      int row = r * n;
      // diagonal block: H_rr once, the rest of the row's upper part twice (it mirrors below)
      double v = f.get(row + r);
      double s = 0.5 * v * v;
      for (int c = r + 1; c < (a + 1) * d; c++) {
        double u = f.get(row + c);
        s += u * u;
      }
      t[a * b + a] += 2 * s;
      for (int bb = a + 1; bb < b; bb++) {
        double s2 = 0;
        for (int c = bb * d; c < (bb + 1) * d; c++) {
          double u = f.get(row + c);
          s2 += u * u;
        }
        t[a * b + bb] += s2;
      }
    }
    for (int a = 0; a < b; a++) for (int bb = a + 1; bb < b; bb++) t[bb * b + a] = t[a * b + bb];
    return t;
  }

  /** The upper triangle of H ⊙ (W̃ ⊗ 1_{d×d}) for H as in {@link #blockSumsOfSquares}; new array. */
  static INDArray blockScaledUpper(INDArray h, double[] wTilde, int b, int d) {
    int n = b * d;
    INDArray out = Nd4j.create(h.dataType(), n, n);
    SymmetricBlas.Flat f = SymmetricBlas.flat(h);
    SymmetricBlas.Flat o = SymmetricBlas.flat(out);
    for (int r = 0; r < n; r++) {
      int a = r / d;
      int row = r * n;
      for (int bb = a; bb < b; bb++) {
        double w = wTilde[a * b + bb];
        for (int c = Math.max(r, bb * d); c < (bb + 1) * d; c++) o.set(row + c, w * f.get(row + c));
      }
    }
    return out;
  }

  static INDArray backward(Forward fw, INDArray gD) {
    int b = (int) fw.shape[0];
    DataType dt = fw.distances.dataType();
    double[] g = gD.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    INDArray grad = Nd4j.zeros(dt, fw.shape);
    for (Mode md : fw.modes) {
      // W̃ = w + wᵀ, w = ∂L/∂T = −2 ∂L/∂D ⊙ [D^{(i)} > 0]
      double[] wt = new double[b * b];
      for (int i = 0; i < b; i++) {
        for (int j = 0; j < b; j++) {
          double wij = md.positive[i * b + j] ? -2.0 * g[i * b + j] : 0.0;
          wt[i * b + j] += wij;
          wt[j * b + i] += wij;
        }
      }
      INDArray gp = md.gradient(wt).reshape('c', md.permShape);
      int[] inv = new int[md.perm.length];
      for (int j = 0; j < md.perm.length; j++) inv[md.perm[j]] = j;
      grad.addi(gp.permute(inv));
    }
    return grad;
  }
}
