package org.ucospark.nn;

import java.util.Arrays;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ucospark.loss.HardAssignment;

/**
 * Loss of online hard-regularised clustering (docs/ALGORITHMS.md §3.9, "Online hard-regularised
 * clustering"; Mahon &amp; Lukasiewicz, AAAI 2024), for a DL4J {@code LossLayer} (activation
 * IDENTITY) whose input is the cost matrix C [B,K], C_ik = ‖z_i − μ_k‖²/σ.
 *
 * <p>The batch is assigned with {@link HardAssignment#greedy} (greedy under C_ik + ln(n_k + 1));
 * the assignment a is held constant, so per example the score is C_{i,a_i} and ∂score_i/∂C =
 * e_{a_i} (one-hot row), with no gradient through the assignment. The labels are a dummy [B,1]
 * array and are ignored.
 *
 * <p>DL4J conventions: {@code computeScore(average = true)} divides the summed per-example scores
 * by B, giving the spec's loss mean_i C_{i,a_i}; {@code computeGradient} returns the per-example
 * gradient (one-hot, not one-hot/B) because DL4J's updater divides parameter gradients by the
 * minibatch size. Chained through C this gives the spec's ∂L/∂z_i = 2(z_i − μ_{a_i})/(σB).
 *
 * <p>Masks: a per-example mask of B entries ([B,1], [1,B] or [B]) may be given. Rows with mask 0
 * are left out of the assignment (they raise no count) and get zero score and gradient; other rows
 * have score and gradient scaled by their mask value, like DL4J's own losses. The average still
 * divides by B, the number of rows, as DL4J's losses do. Per-output [B,K] masks are rejected.
 *
 * <p>The assignment is computed in double (see {@link HardAssignment}); scores and gradients come
 * back in the dtype of the input (float or double). The loss has no fields: every instance is
 * equal.
 */
public class HardClusteringLoss extends TermLoss {
  private static final long serialVersionUID = 1L;

  public HardClusteringLoss() {}

  @Override
  public double computeScore(
      INDArray labels,
      INDArray preOutput,
      IActivation activationFn,
      INDArray mask,
      boolean average) {
    double[] perExample = assignedCosts(preOutput, activationFn, mask).perExample;
    double sum = 0;
    for (double v : perExample) {
      sum += v;
    }
    return average && perExample.length > 0 ? sum / perExample.length : sum;
  }

  /**
   * Per-example scores C_{i,a_i} (times the mask value) as a [B,1] column in the dtype of the
   * input.
   */
  @Override
  public INDArray computeScoreArray(
      INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    double[] perExample = assignedCosts(preOutput, activationFn, mask).perExample;
    return Nd4j.create(perExample, new long[] {perExample.length, 1}, DataType.DOUBLE)
        .castTo(preOutput.dataType());
  }

  /**
   * dL/d(preOutput) per example: one-hot at (i, a_i) (times the mask value), through the
   * activation.
   */
  @Override
  public INDArray computeGradient(
      INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    return gradient(preOutput, activationFn, assignedCosts(preOutput, activationFn, mask));
  }

  @Override
  public Pair<Double, INDArray> computeGradientAndScore(
      INDArray labels,
      INDArray preOutput,
      IActivation activationFn,
      INDArray mask,
      boolean average) {
    AssignedCosts assigned = assignedCosts(preOutput, activationFn, mask);
    double sum = 0;
    for (double v : assigned.perExample) {
      sum += v;
    }
    int rows = assigned.perExample.length;
    double score = average && rows > 0 ? sum / rows : sum;
    return new Pair<>(score, gradient(preOutput, activationFn, assigned));
  }

  /**
   * The greedy assignment of the batch and each row's (mask-weighted) cost at its assigned cluster.
   */
  private record AssignedCosts(int[] clusterOf, double[] maskValue, double[] perExample) {}

  private static AssignedCosts assignedCosts(
      INDArray preOutput, IActivation activationFn, INDArray mask) {
    if (preOutput.rank() != 2) {
      throw new IllegalArgumentException(
          "HardClusteringLoss expects a [B,K] cost matrix, got shape "
              + Arrays.toString(preOutput.shape()));
    }
    int rows = Math.toIntExact(preOutput.size(0));
    double[] maskValue = maskValues(mask, rows);
    INDArray cost = activationFn.getActivation(preOutput.dup(), true);
    HardAssignment.Assignment assignment =
        HardAssignment.greedy(cost, mask == null ? null : rowVector(mask, rows));
    int[] clusterOf = assignment.clusterOf();
    double[] perExample = new double[rows];
    for (int i = 0; i < rows; i++) {
      if (clusterOf[i] >= 0) {
        perExample[i] = maskValue[i] * cost.getDouble(i, clusterOf[i]);
      }
    }
    return new AssignedCosts(clusterOf, maskValue, perExample);
  }

  private static INDArray gradient(
      INDArray preOutput, IActivation activationFn, AssignedCosts assigned) {
    INDArray dLdCost = Nd4j.zeros(preOutput.dataType(), preOutput.size(0), preOutput.size(1));
    for (int i = 0; i < assigned.clusterOf.length; i++) {
      if (assigned.clusterOf[i] >= 0) {
        dLdCost.putScalar(i, assigned.clusterOf[i], assigned.maskValue[i]);
      }
    }
    // IDENTITY in the intended use; any other activation is chained the way DL4J's losses do it.
    return activationFn.backprop(preOutput.dup(), dLdCost).getFirst();
  }

  /** Mask values per row, 1 without a mask. */
  private static double[] maskValues(INDArray mask, int rows) {
    double[] values = new double[rows];
    if (mask == null) {
      Arrays.fill(values, 1.0);
      return values;
    }
    INDArray column = rowVector(mask, rows);
    for (int i = 0; i < rows; i++) {
      values[i] = column.getDouble(i);
    }
    return values;
  }

  private static INDArray rowVector(INDArray mask, int rows) {
    boolean perExample =
        mask.length() == rows
            && mask.rank() <= 2
            && (mask.rank() < 2 || mask.size(0) == 1 || mask.size(1) == 1);
    if (!perExample) {
      throw new IllegalArgumentException(
          "HardClusteringLoss supports only per-example masks of "
              + rows
              + " entries, got shape "
              + Arrays.toString(mask.shape()));
    }
    return mask.reshape(rows);
  }

  @Override
  public String name() {
    return "HardClusteringLoss";
  }
}
