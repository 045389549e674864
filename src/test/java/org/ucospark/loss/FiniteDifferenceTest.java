package org.ucospark.loss;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Five-point central finite differences (float64, step 1e-6) of every hand-written backward, on
 * small random inputs. Criterion per entry: |num − ana| ≤ 1e-5·max(|num|, |ana|) + 1e-8; the
 * maximal relative error is printed. Bandwidths are held fixed (σ constant by the spec).
 */
class FiniteDifferenceTest {
  static final double H = 1e-6;

  @BeforeAll
  static void seed() {
    Nd4j.getRandom().setSeed(42);
  }

  static double check(String name, INDArray x, INDArray ana, Function<INDArray, Double> f) {
    return check(name, x, ana, f, H, null);
  }

  /**
   * @param skip entries not checked (null: none)
   */
  static double check(
      String name,
      INDArray x,
      INDArray ana,
      Function<INDArray, Double> f,
      double step,
      java.util.function.LongPredicate skip) {
    INDArray xf = x.reshape(x.length());
    INDArray af = ana.dup('c').reshape(ana.length());
    double worst = 0;
    double worstAbs = 0;
    for (long i = 0; i < x.length(); i++) {
      if (skip != null && skip.test(i)) continue;
      double v = xf.getDouble(i);
      double[] f4 = new double[4];
      double[] off = {2 * step, step, -step, -2 * step};
      for (int k = 0; k < 4; k++) {
        xf.putScalar(i, v + off[k]);
        f4[k] = f.apply(x);
      }
      xf.putScalar(i, v);
      // five-point stencil, truncation O(step^4)
      double num = (-f4[0] + 8 * f4[1] - 8 * f4[2] + f4[3]) / (12 * step);
      double a = af.getDouble(i);
      double diff = Math.abs(num - a);
      double scale = Math.max(Math.abs(num), Math.abs(a));
      worstAbs = Math.max(worstAbs, diff);
      if (scale > 1e-8) worst = Math.max(worst, diff / scale);
      assertTrue(
          diff <= 1e-5 * scale + 1e-8,
          name + " entry " + i + ": numeric " + num + " analytic " + a);
    }
    System.out.printf("FD %-28s max rel %.2e, max abs %.2e%n", name, worst, worstAbs);
    return worst;
  }

  static INDArray rnd(long... shape) {
    return Nd4j.randn(DataType.DOUBLE, shape);
  }

  static INDArray softmaxRows(INDArray z) {
    INDArray e = Transforms.exp(z, true);
    return e.diviColumnVector(e.sum(true, 1));
  }

  /** L = Σ R ⊙ D(X) for a random R. */
  void tensorKernelCase(String name, INDArray x) {
    tensorKernelCase(name, x, H);
  }

  void tensorKernelCase(String name, INDArray x, double step) {
    long b = x.size(0);
    INDArray r = rnd(b, b);
    INDArray ana = TensorKernel.forward(x).backward(r);
    check(
        name,
        x,
        ana,
        xx -> TensorKernel.distances(xx).mul(r).sumNumber().doubleValue(),
        step,
        null);
  }

  @Test
  void tensorKernel() {
    tensorKernelCase("tensor [5,3,4,2]", Transforms.relu(rnd(5, 3, 4, 2), true));
    // d_i > m for mode 1 (d=6, m=2): the m×m system
    tensorKernelCase("tensor [4,6,2] (d>m)", rnd(4, 6, 2));
    // rank-deficient samples: exact zero rows (a dead channel) and an all-zero sample
    INDArray x = Transforms.abs(rnd(5, 4, 2, 3), true).addi(0.1);
    x.get(NDArrayIndex.point(1), NDArrayIndex.point(2), NDArrayIndex.all(), NDArrayIndex.all())
        .assign(0);
    x.get(NDArrayIndex.point(3), NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.all())
        .assign(0);
    x.get(NDArrayIndex.point(3), NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.all())
        .assign(0);
    tensorKernelCase("tensor [5,4,2,3] zero rows", x);
  }

  @Test
  void tensorKernelFloatRankDeficientFinite() {
    INDArray x = Transforms.relu(rnd(6, 8, 2, 2), true);
    x.get(
            NDArrayIndex.point(2),
            NDArrayIndex.interval(0, 5),
            NDArrayIndex.all(),
            NDArrayIndex.all())
        .assign(0);
    INDArray xf = x.castTo(DataType.FLOAT);
    INDArray r = rnd(6, 6);
    INDArray gd = TensorKernel.forward(x).backward(r);
    INDArray gf = TensorKernel.forward(xf).backward(r.castTo(DataType.FLOAT));
    double err = Fixtures.relErr(gf, gd);
    System.out.printf("tensor float vs double, rank-deficient: %.2e%n", err);
    assertTrue(Double.isFinite(gf.sumNumber().doubleValue()) && err < 1e-3);
  }

  @Test
  void naiveKernel() {
    INDArray x = rnd(5, 3, 2, 2);
    INDArray r = rnd(5, 5);
    check(
        "naive [5,3,2,2]",
        x,
        NaiveKernel.backward(x, r),
        xx -> NaiveKernel.distances(xx).mul(r).sumNumber().doubleValue());
  }

  @Test
  void cauchySchwarz() {
    INDArray m = softmaxRows(rnd(6, 4).muli(2));
    INDArray kx = Transforms.exp(rnd(6, 6).muli(0.3), true);
    CauchySchwarz.Result r = CauchySchwarz.compute(m, kx, true, true);
    check("cs dM", m, r.gradM(), mm -> CauchySchwarz.value(mm, kx));
    check("cs dK", kx, r.gradK(), kk -> CauchySchwarz.value(m, kk));
    // a cluster no sample uses: N_0j floored at 1e-9 and N_00·N_jj floored at 1e-18; the
    // floored entries are constants (FD on the other columns, zero gradient on column 0)
    INDArray m2 = m.dup();
    m2.getColumn(0).assign(1e-14);
    CauchySchwarz.Result r2 = CauchySchwarz.compute(m2, kx, true, false);
    check(
        "cs dM (floored column)",
        m2,
        r2.gradM(),
        mm -> CauchySchwarz.value(mm, kx),
        H,
        i -> i % 4 == 0);
    assertTrue(r2.gradM().getColumn(0).amaxNumber().doubleValue() == 0.0);
  }

  @Test
  void ddc() {
    INDArray a = softmaxRows(rnd(7, 3).muli(2));
    INDArray h = rnd(7, 5);
    DdcLoss.Result r =
        DdcLoss.compute(a, h, 0.15, Double.NaN, true, LossParams.DistanceGradient.EXACT);
    double s = r.sigma();
    check(
        "ddc dA",
        a,
        r.gradA(),
        aa -> DdcLoss.compute(aa, h, 0.15, s, false, LossParams.DistanceGradient.EXACT).total());
    check(
        "ddc dH",
        h,
        r.gradH(),
        hh -> DdcLoss.compute(a, hh, 0.15, s, false, LossParams.DistanceGradient.EXACT).total());
  }

  private static final LossParams.DistanceGradient EXACT = LossParams.DistanceGradient.EXACT;

  @Test
  void uco() {
    INDArray a = softmaxRows(rnd(6, 3).muli(2));
    for (LossParams.KernelType kt : LossParams.KernelType.values()) {
      INDArray x = Transforms.relu(rnd(6, 2, 3, 3), true);
      UcoLoss.Result r = UcoLoss.compute(a, x, kt, 0.7, 0.15, Double.NaN, true, true, EXACT);
      double s = r.sigma();
      check(
          "uco " + kt + " dX",
          x,
          r.gradX(),
          xx -> UcoLoss.compute(a, xx, kt, 0.7, 0.15, s, true, false, EXACT).value());
      check(
          "uco " + kt + " dA",
          a,
          r.gradA(),
          aa -> UcoLoss.compute(aa, x, kt, 0.7, 0.15, s, true, false, EXACT).value());
    }
  }

  @Test
  void weights() {
    assertTrue(LossParams.Weighting.LINEAR.weight(1, 2) == 0.5);
    assertTrue(LossParams.Weighting.EXP.weight(1, 3) == 0.01);
    assertTrue(LossParams.Weighting.CONSTANT.weight(2, 3) == 1.0);
  }
}
