package org.ucospark.loss;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The symmetric products of the tensor kernel against plain GEMM on full matrices, at the sizes
 * training uses (B·d up to a few thousand). OpenBLAS's AVX-512 (SkylakeX) DSYMM returned wrong,
 * run-to-run varying results on this project's CI machine; this test pins the products themselves,
 * not only the kernel.
 */
class SymmetricBlasTest {
  @ParameterizedTest(name = "{0} n={1} k={2}")
  @CsvSource({
    "DOUBLE, 5, 3", "DOUBLE, 24, 7", "DOUBLE, 96, 33", "DOUBLE, 480, 49", "DOUBLE, 1200, 64",
    "FLOAT, 5, 3", "FLOAT, 24, 7", "FLOAT, 96, 33", "FLOAT, 480, 49", "FLOAT, 1200, 64"
  })
  void productsEqualGemmOnTheFullMatrix(DataType dt, int n, int k) {
    Random rnd = new Random(n * 31L + k);
    for (int round = 0; round < 3; round++) {
      INDArray a = random(rnd, dt, n, k);
      INDArray full = a.mmul(a.transpose());
      INDArray upper = SymmetricBlas.gramUpper(a, Nd4j.zeros(dt, n, n));
      double tol = dt == DataType.DOUBLE ? 1e-10 : 1e-3;
      assertClose(triu(full), triu(upper), tol, "A Aᵀ upper " + dt + " " + n + "x" + k);

      INDArray b = random(rnd, dt, n, k);
      INDArray expected = full.mmul(b);
      // the lower triangle holds garbage: only the upper one may be read
      INDArray s = triu(full);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < i; j++) {
          s.putScalar(i, j, 1e6 * (i + j));
        }
      }
      INDArray got = SymmetricBlas.symmUpperTimes(s, b.dup('c'), Nd4j.zeros(dt, n, k));
      assertClose(expected, got, tol, "S B " + dt + " " + n + "x" + k + " round " + round);
    }
  }

  private static INDArray random(Random rnd, DataType dt, int r, int c) {
    double[] v = new double[r * c];
    for (int i = 0; i < v.length; i++) v[i] = rnd.nextGaussian();
    return Nd4j.createFromArray(v).reshape('c', r, c).castTo(dt).dup('c');
  }

  private static INDArray triu(INDArray m) {
    INDArray out = m.dup('c');
    for (int i = 0; i < m.rows(); i++) {
      for (int j = 0; j < i; j++) out.putScalar(i, j, 0);
    }
    return out;
  }

  private static void assertClose(INDArray expected, INDArray got, double tol, String what) {
    double scale = expected.norm2Number().doubleValue();
    double err =
        expected
            .castTo(DataType.DOUBLE)
            .sub(got.castTo(DataType.DOUBLE))
            .norm2Number()
            .doubleValue();
    assertTrue(err <= tol * Math.max(1, scale), what + ": relative error " + err / scale);
  }
}
