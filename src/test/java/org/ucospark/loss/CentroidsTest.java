package org.ucospark.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Student-t assignments, OHC costs and DEC's target distribution: hand cases and finite
 * differences.
 */
class CentroidsTest {
  static final INDArray Z = Nd4j.createFromArray(new double[][] {{0, 0}, {1, 0}, {0, 2}});
  static final INDArray MU = Nd4j.createFromArray(new double[][] {{0, 0}, {1, 1}});

  @Test
  void studentTMatchesTheFormulaByHand() {
    INDArray q = Centroids.studentT(Z, MU, 1.0);
    // z_0: D = (0, 2) -> t = (1, 1/3) -> q = (3/4, 1/4); z_2: D = (4, 2) -> t = (1/5, 1/3) -> q =
    // (3/8, 5/8)
    assertEquals(0.75, q.getDouble(0, 0), 1e-12);
    assertEquals(0.25, q.getDouble(0, 1), 1e-12);
    assertEquals(0.375, q.getDouble(2, 0), 1e-12);
    assertEquals(0.625, q.getDouble(2, 1), 1e-12);
    INDArray c = Centroids.scaledCosts(Z, MU, 100.0);
    assertEquals(0.04, c.getDouble(2, 0), 1e-12);
    assertEquals(0.01, c.getDouble(1, 1), 1e-12);
  }

  @Test
  void targetDistributionSquaresAndNormalisesByClusterFrequency() {
    INDArray q = Nd4j.createFromArray(new double[][] {{0.75, 0.25}, {0.5, 0.5}});
    INDArray p = TargetDistribution.of(q);
    // f = (1.25, 0.75); row 0: (0.5625/1.25, 0.0625/0.75) = (0.45, 0.08333) -> normalised
    double a = 0.45;
    double b = 0.0625 / 0.75;
    assertEquals(a / (a + b), p.getDouble(0, 0), 1e-12);
    assertEquals(b / (a + b), p.getDouble(0, 1), 1e-12);
    assertEquals(1.0, p.getRow(1).sumNumber().doubleValue(), 1e-12);
    double[] kl = TargetDistribution.klPerRow(p, q);
    double expected =
        p.getDouble(0, 0) * Math.log(p.getDouble(0, 0) / 0.75)
            + p.getDouble(0, 1) * Math.log(p.getDouble(0, 1) / 0.25);
    assertEquals(expected, kl[0], 1e-12);
  }

  @Test
  void studentTBackwardMatchesFiniteDifferencesOfAnyLoss() {
    Nd4j.getRandom().setSeed(7);
    INDArray z = Nd4j.randn(DataType.DOUBLE, 5, 3);
    INDArray mu = Nd4j.randn(DataType.DOUBLE, 4, 3);
    INDArray weights = Nd4j.randn(DataType.DOUBLE, 5, 4); // L = Σ w ⊙ Q
    Centroids.Gradients g = Centroids.studentTBackward(z, mu, 1.0, weights);
    checkFiniteDifferences(
        z, mu, g, () -> Centroids.studentT(z, mu, 1.0).mul(weights).sumNumber().doubleValue());
  }

  @Test
  void scaledCostsBackwardMatchesFiniteDifferences() {
    Nd4j.getRandom().setSeed(8);
    INDArray z = Nd4j.randn(DataType.DOUBLE, 6, 4);
    INDArray mu = Nd4j.randn(DataType.DOUBLE, 3, 4);
    INDArray weights = Nd4j.randn(DataType.DOUBLE, 6, 3);
    Centroids.Gradients g = Centroids.scaledCostsBackward(z, mu, 100.0, weights);
    checkFiniteDifferences(
        z, mu, g, () -> Centroids.scaledCosts(z, mu, 100.0).mul(weights).sumNumber().doubleValue());
  }

  @Test
  void klGradientThroughStudentTIsDecsClosedForm() {
    Nd4j.getRandom().setSeed(9);
    INDArray z = Nd4j.randn(DataType.DOUBLE, 5, 3);
    INDArray mu = Nd4j.randn(DataType.DOUBLE, 4, 3);
    INDArray q = Centroids.studentT(z, mu, 1.0);
    INDArray p = TargetDistribution.of(q);
    Centroids.Gradients g = Centroids.studentTBackward(z, mu, 1.0, p.div(q).negi());
    INDArray d = Centroids.squaredDistances(z, mu);
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 3; j++) {
        double expected = 0;
        for (int k = 0; k < 4; k++) {
          expected +=
              2
                  * (p.getDouble(i, k) - q.getDouble(i, k))
                  * (z.getDouble(i, j) - mu.getDouble(k, j))
                  / (1 + d.getDouble(i, k));
        }
        assertEquals(expected, g.z().getDouble(i, j), 1e-10);
      }
    }
  }

  private static void checkFiniteDifferences(
      INDArray z, INDArray mu, Centroids.Gradients g, java.util.function.DoubleSupplier loss) {
    double h = 1e-6;
    for (INDArray[] pair : new INDArray[][] {{z, g.z()}, {mu, g.centroids()}}) {
      INDArray x = pair[0];
      for (long i = 0; i < x.length(); i++) {
        double v = x.getDouble(i);
        x.putScalar(i, v + h);
        double up = loss.getAsDouble();
        x.putScalar(i, v - h);
        double down = loss.getAsDouble();
        x.putScalar(i, v);
        assertEquals((up - down) / (2 * h), pair[1].getDouble(i), 1e-7);
      }
    }
  }
}
