package org.ucospark.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ucospark.loss.TargetDistribution;

/**
 * DEC's KL(P‖Q) as Keras' {@code kld} (the authors' {@code net.compile(loss="kld")}): P and Q
 * clipped to [1e-7, 1]; the gradient is the derivative of that clipped score (0 where the clip of Q
 * is active), checked by central finite differences.
 */
class KlDivergenceLossTest {
  private static final double EPS = 1e-7;

  /** Two examples, K = 4: P with a zero entry, Q with an entry below ε where p = 0.1. */
  static final double[][] P = {{0.7, 0.2, 0.0, 0.1}, {0.05, 0.05, 0.6, 0.3}};

  static final double[][] Q = {{0.5, 0.4, 0.1 - 1e-9, 1e-9}, {0.25, 0.25, 0.25, 0.25}};

  private static double clip(double x) {
    return Math.min(1, Math.max(EPS, x));
  }

  @Test
  void scoreIsKerasKldWithPAndQClipped() {
    INDArray p = Nd4j.createFromArray(P);
    INDArray q = Nd4j.createFromArray(Q);
    double[] kl = TargetDistribution.klPerRow(p, q);
    double sum = 0;
    for (int i = 0; i < P.length; i++) {
      double s = 0;
      for (int k = 0; k < P[i].length; k++) {
        s += clip(P[i][k]) * Math.log(clip(P[i][k]) / clip(Q[i][k]));
      }
      assertEquals(s, kl[i], 1e-15, "row " + i);
      sum += s;
    }
    // unclipped, q = 1e-9 would weigh ln(0.1/1e-9); clipped it is ln(0.1/1e-7)
    double unclipped =
        0.7 * Math.log(0.7 / 0.5) + 0.2 * Math.log(0.2 / 0.4) + 0.1 * Math.log(0.1 / 1e-9);
    assertEquals(0.1 * Math.log(100), unclipped - kl[0], 1e-5);
    KlDivergenceLoss loss = new KlDivergenceLoss();
    assertEquals(sum / 2, loss.computeScore(p, q, new ActivationIdentity(), null, true), 1e-15);
  }

  @Test
  void gradientMatchesFiniteDifferencesOfTheClippedScore() {
    INDArray p = Nd4j.createFromArray(P);
    INDArray q = Nd4j.createFromArray(Q);
    KlDivergenceLoss loss = new KlDivergenceLoss();
    INDArray grad = loss.computeGradient(p, q, new ActivationIdentity(), null);
    assertEquals(DataType.DOUBLE, grad.dataType());
    for (int i = 0; i < Q.length; i++) {
      for (int k = 0; k < Q[i].length; k++) {
        double h = 1e-3 * Math.max(Q[i][k], 1e-9); // never crosses the clip at 1e-7
        INDArray plus = q.dup();
        plus.putScalar(i, k, Q[i][k] + h);
        INDArray minus = q.dup();
        minus.putScalar(i, k, Q[i][k] - h);
        double fd =
            (loss.computeScore(p, plus, new ActivationIdentity(), null, false)
                    - loss.computeScore(p, minus, new ActivationIdentity(), null, false))
                / (2 * h);
        double g = grad.getDouble(i, k);
        assertEquals(fd, g, 1e-6 * Math.max(1, Math.abs(fd)), "d/dq[" + i + "," + k + "]");
      }
    }
    assertEquals(
        0.0, grad.getDouble(0, 3), "clipped q: no gradient (unclipped it would be −0.1/1e-9)");
    assertEquals(-clip(0.0) / (0.1 - 1e-9), grad.getDouble(0, 2), 1e-12, "p = 0 counts as 1e-7");
  }
}
