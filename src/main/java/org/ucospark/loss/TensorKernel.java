package org.ucospark.loss;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Tensor-kernel distance matrix of UCO (docs/ALGORITHMS.md §3.5, "tensor" kernel).
 *
 * <p>For X of shape [B, d_1, …, d_r] and every non-batch mode i, each sample is matricized to x_a ∈
 * R^{d_i×m} (rows: mode i; columns: the other modes, c-order). With G_ε,a = x_a x_aᵀ + εI (ε =
 * 1e-6), E_a = G_ε,a⁻¹ x_a (or, when d_i &gt; m, the identical x_a (x_aᵀx_a + εI_m)⁻¹ from the m×m
 * system) and P_a = x_aᵀ E_a, T_ab = tr(P_a P_b), D^{(i)} = 2(d_i − T) and D = Σ_i max(D^{(i)}, 0).
 * This equals the eigendecomposition form U = xᵀV/sqrt(max(Λ,0)+ε), T_ab = ‖U_aᵀU_b‖²_F.
 *
 * <p>Backward (explicit, no autodiff through the inverse): for w = ∂L/∂T = −2 ∂L/∂D ⊙ [D^{(i)} &gt;
 * 0], W̃ = w + wᵀ, S_a = Σ_b W̃_ab P_b: ∂L/∂x_a = 2 E_a S_a (I − P_a).
 *
 * <p>T is symmetric, and both routes below compute it with one SYRK ({@link SymmetricBlas}: half
 * the FLOPs of the GEMM it replaces). Per mode, {@link #pRoute} picks:
 *
 * <ul>
 *   <li><b>P route</b> (m small next to d_i, and always when d_i &gt; m): the m×m matrices P_a are
 *       formed, T = Pflat Pflatᵀ over the flattened P_a (SYRK), S = W̃ Pflat, ∂L/∂x_a = 2 E_a S_a
 *       (I − P_a).
 *   <li><b>Q route</b> (the others, e.g. every mode of X_1 [120,32,20,20]): with the Cholesky
 *       factor G_ε,a = L_a L_aᵀ and the whitened Q_a = L_a⁻¹ x_a (d_i×m), P_a = Q_aᵀ Q_a, so T_ab =
 *       ‖H_ab‖²_F for the d_i×d_i blocks H_ab = Q_a Q_bᵀ of H = Q Qᵀ (one (B·d_i)² SYRK over the
 *       stacked Q_a; no m×m matrices, no F∘Fᵀ transposed copy). Since E_a = L_a⁻ᵀ Q_a, E_a S_a =
 *       L_a⁻ᵀ Z_a with Z = (H ⊙ (W̃ ⊗ 1)) Q (one SYMM on the upper triangle), and ∂L/∂x_a = 2 L_a⁻ᵀ
 *       (Z_a − (Z_a Q_aᵀ) Q_a).
 * </ul>
 *
 * <p>Memory: the Q route's big arrays (H, Q and the temporaries) are {@link SpareArrays}, reused
 * from one call to the next of the same shape; {@link Forward#backward} therefore consumes its
 * forward (callable once, as an autograd graph that is not retained).
 *
 * <p>Precision: G, its Cholesky factor and inverse (plain Java), E and Q are float64 always; the
 * big products (including L_a⁻ᵀ times a d_i×m matrix in the backward) run in X's dtype; T and D are
 * accumulated in float64. Q_a has orthonormal rows up to ε, so H has entries in [−1, 1]. Exact zero
 * rows (dead channels) give exact zero rows of E and Q and a finite, well-defined gradient.
 */
// Long because the forward pass, its route choice (cost model) and the hand-written backward pass
// share their private helpers; training numerics are kept in one place, not split.
public final class TensorKernel {
  public static final double EPS = 1e-6;

  private TensorKernel() {}

  /** One mode's matricization and the forward pieces its backward needs. */
  private abstract static class Mode {
    final int b;
    final int d;
    final int m;
    final int[] perm; // X.permute(perm) is [B, d, other modes…]
    final double[] t; // T [B·B], symmetric
    boolean[] positive; // D^{(i)} > 0 [B·B]

    Mode(int b, int d, int m, int[] perm, double[] t) {
      this.b = b;
      this.d = d;
      this.m = m;
      this.perm = perm;
      this.t = t;
    }

    /** grad += ∂L/∂X through this mode, given W̃ [B·B] (row-major, symmetric). */
    abstract void addGradient(double[] wTilde, INDArray grad);

    /**
     * grad += g3 [B,d,m] moved back from the matricized layout to X's: one permuting copy into a
     * spare, then a contiguous add (ND4J's add with a permuted operand is several times slower).
     */
    void addUnpermuted(INDArray grad, INDArray g3) {
      INDArray gp = g3.reshape('c', grad.permute(perm).shape());
      int[] inv = new int[perm.length];
      for (int j = 0; j < perm.length; j++) inv[perm[j]] = j;
      INDArray back = SpareArrays.take(grad.dataType(), grad.shape()).assign(gp.permute(inv));
      grad.addi(back);
      SpareArrays.give(back);
    }
  }

  /** P route: E [B,d,m], P [B,m,m]. */
  private static final class PMode extends Mode {
    final INDArray e3;
    final INDArray p3;

    private PMode(int[] perm, INDArray e3, INDArray p3) {
      super(
          (int) e3.size(0),
          (int) e3.size(1),
          (int) e3.size(2),
          perm,
          symmetricFromUpper(gramUpper(flat2(p3)))); // T = Pflat Pflatᵀ
      this.e3 = e3;
      this.p3 = p3;
    }

    static PMode of(INDArray x, int[] perm, int b, int d, int m) {
      DataType dt = x.dataType();
      INDArray x3 = x.permute(perm).dup('c').reshape('c', b, d, m);
      INDArray e3 = smallSystemsE(x3.castTo(DataType.DOUBLE)).castTo(dt);
      return new PMode(perm, e3, Nd4j.matmul(x3, e3, true, false, false)); // P_a = x_aᵀ E_a
    }

    @Override
    void addGradient(double[] wTilde, INDArray grad) {
      INDArray w = Nd4j.createFromArray(wTilde).reshape('c', b, b).castTo(p3.dataType());
      INDArray s3 = w.mmul(flat2(p3)).reshape('c', b, m, m); // S_a = Σ_b W̃_ab P_b
      INDArray es = Nd4j.matmul(e3, s3);
      addUnpermuted(grad, es.subi(Nd4j.matmul(es, p3)).muli(2.0)); // 2 E_a S_a (I − P_a)
    }
  }

  /**
   * Q route: Q [B,d,m], L⁻¹ [B,d,d], H = Q Qᵀ [B·d, B·d] (upper triangle). Its big arrays are
   * {@link SpareArrays}: H and Q are handed back by the backward, the temporaries at once.
   */
  private static final class QMode extends Mode {
    final INDArray q3;
    final INDArray linv;
    final INDArray h;

    private QMode(int[] perm, INDArray q3, INDArray linv, INDArray h) {
      super(
          (int) q3.size(0),
          (int) q3.size(1),
          (int) q3.size(2),
          perm,
          blockSumsOfSquares(h, (int) q3.size(0), (int) q3.size(1))); // T_ab = ‖H_ab‖²_F
      this.q3 = q3;
      this.linv = linv;
      this.h = h;
    }

    static QMode of(INDArray x, int[] perm, int b, int d, int m) {
      if ((double) b * d * b * d > Integer.MAX_VALUE)
        throw new IllegalArgumentException("(B·d)² ≥ 2³¹");
      DataType dt = x.dataType();
      INDArray xp = x.permute(perm);
      INDArray xd =
          SpareArrays.take(DataType.DOUBLE, xp.shape()).assign(xp); // matricize + cast, one pass
      INDArray xd3 = xd.reshape('c', b, d, m);
      INDArray linv =
          perSample(Nd4j.matmul(xd3, xd3, false, true, false), g -> lowerInverse(g, EPS));
      INDArray qd =
          Nd4j.matmul(linv, xd3, SpareArrays.take(DataType.DOUBLE, b, d, m)); // Q_a = L_a⁻¹ x_a
      SpareArrays.give(xd);
      INDArray q3 = castSpare(qd, dt);
      INDArray h =
          SymmetricBlas.gramUpper(stacked(q3), SpareArrays.take(dt, (long) b * d, (long) b * d));
      return new QMode(perm, q3, linv.castTo(dt), h);
    }

    /** Consumes H (scaled in place) and Q: both go back to {@link SpareArrays}. */
    @Override
    void addGradient(double[] wTilde, INDArray grad) {
      DataType dt = q3.dataType();
      scaleBlocksUpper(h, wTilde, 2.0, b, d); // H ⊙ (2W̃ ⊗ 1)
      INDArray z =
          SymmetricBlas.symmUpperTimes(h, stacked(q3), SpareArrays.take(dt, (long) b * d, m));
      SpareArrays.give(h);
      INDArray z3 = z.reshape('c', b, d, m); // 2 Z_a = 2 Σ_b W̃_ab H_ab Q_b
      INDArray zqq =
          Nd4j.matmul(Nd4j.matmul(z3, q3, false, true, false), q3, SpareArrays.take(dt, b, d, m));
      z3.subi(zqq); // 2 Z_a (I − P_a) = 2 (Z_a − (Z_a Q_aᵀ) Q_a)
      SpareArrays.give(q3);
      // 2 L_a⁻ᵀ Z_a (I − P_a), into the spare of zqq
      addUnpermuted(grad, Nd4j.matmul(linv, z3, zqq, true, false, false));
      SpareArrays.give(zqq);
      SpareArrays.give(z);
    }
  }

  /** Forward result: the distance matrix and what the backward pass needs. */
  public static final class Forward {
    private final INDArray distances;
    private final List<Mode> modes;
    private final long[] shape;
    private boolean consumed;

    Forward(INDArray distances, List<Mode> modes, long[] shape) {
      this.distances = distances;
      this.modes = modes;
      this.shape = shape;
    }

    /** D [B,B]. */
    public INDArray distances() {
      return distances;
    }

    /**
     * ∂L/∂X given ∂L/∂D. Callable once: it consumes the forward's buffers (hands them back for
     * reuse), like an autograd graph that is not retained.
     */
    public synchronized INDArray backward(INDArray gD) {
      if (consumed)
        throw new IllegalStateException("TensorKernel.Forward.backward may be called once");
      consumed = true;
      return TensorKernel.backward(this, gD);
    }
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
      Mode md =
          pRoute(b, d, m)
              ? PMode.of(x, perm, b, (int) d, (int) m)
              : QMode.of(x, perm, b, (int) d, (int) m);
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

  /**
   * Whether a mode (d, m) at batch b takes the P route: always when d &gt; m, else when it needs no
   * more FLOPs (m ≤ d²) and its B·m²-sized arrays (P, S) are no bigger than the Q route's H, (B·d)²
   * (the big arrays are streamed several times; on X_1 [120,32,20,20], mode 1 (d = 32, m = 400,
   * 1.7× fewer FLOPs by P) took 1.6× less time by Q).
   */
  static boolean pRoute(double b, double d, double m) {
    return d > m || (m <= d * d && b * m * m <= (b * d) * (b * d));
  }

  /**
   * FLOP of {@link #forward} and of {@link Forward#backward} on X of {@code shape} [B, d_1, …], as
   * {forward, backward}, counted as this code computes them: a general matrix product 2·p·q·r, a
   * SYRK (C = A Aᵀ, A p×q) p²·q (half the GEMM: T's symmetry), a SYMM as a GEMM, the per-sample
   * float64 Cholesky inverses as n³, elementwise work not counted. Per mode (d, m, n = min(d, m)):
   * small systems G 2·B·n²·max(d,m), inverse B·n³, E = G⁻¹x or Q = L⁻¹x 2·B·n²·max(d,m). P route: P
   * 2·B·d·m², T (SYRK) B²·m²; backward S 2·B²·m², E_a S_a and its product with P_a 4·B·d·m². Q
   * route: H (SYRK) (Bd)²·m; backward Z (SYMM) 2·(Bd)²·m, Z_a Q_aᵀ, its product with Q_a and L_a⁻ᵀ
   * 6·B·d²·m. (Before the SYRK/Q-route rewrite the count was forward 2·(Bd)²·m or 2·B·d·m² +
   * 2·B²·m², backward 2·(Bd)²·m + 4·B·d²·m or 2·B²·m² + 4·B·d·m², with the P route whenever m ≤
   * d².)
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

  /** {forward, backward} FLOP of one mode (d, m) by one route, as in {@link #flops}. */
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
    return new double[] {fwd, bwd};
  }

  /**
   * {@code a} as dtype {@code dt}: itself, or a spare copy (then {@code a} goes back to the
   * spares).
   */
  static INDArray castSpare(INDArray a, DataType dt) {
    if (a.dataType() == dt) return a;
    INDArray c = SpareArrays.take(dt, a.shape()).assign(a);
    SpareArrays.give(a);
    return c;
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
    return Nd4j.matmul(x3, x3, !rows, rows, false);
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
    return rows ? Nd4j.matmul(gi, x3) : Nd4j.matmul(x3, gi);
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

  /** H ← H ⊙ (s·W̃ ⊗ 1_{d×d}) on the upper triangle of H [b·d, b·d] (the only part read). */
  static void scaleBlocksUpper(INDArray h, double[] wTilde, double s, int b, int d) {
    int n = b * d;
    SymmetricBlas.Flat f = SymmetricBlas.flat(h);
    for (int r = 0; r < n; r++) {
      int a = r / d;
      int row = r * n;
      for (int bb = a; bb < b; bb++) {
        double w = s * wTilde[a * b + bb];
        for (int c = Math.max(r, bb * d); c < (bb + 1) * d; c++) f.set(row + c, w * f.get(row + c));
      }
    }
  }

  /** Upper triangle of A Aᵀ for A [n,k], in a new array (zero below the diagonal). */
  static INDArray gramUpper(INDArray a) {
    return SymmetricBlas.gramUpper(a, Nd4j.create(a.dataType(), a.size(0), a.size(0)));
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
      md.addGradient(wt, grad);
    }
    return grad;
  }
}
