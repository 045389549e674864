package org.ucospark.nn;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ucospark.loss.TargetDistribution;

/**
 * DEC's clustering loss KL(P‖Q) (docs/ALGORITHMS.md §3.8) on a loss layer whose input is the soft
 * assignments Q [B,K] (identity activation) and whose labels are the target distribution rows P
 * [B,K]. Per example, as Keras' {@code kld} that the authors compile their DEC with: Σ_k p̃_k
 * ln(p̃_k/q̃_k) with P and Q clipped to [1e-7, 1] ({@link TargetDistribution#klPerRow}); DL4J
 * averages over the batch (score ÷ B here, gradients ÷ B in its updater), giving the batch mean.
 * Gradient per example, consistent with the clipping ({@link TargetDistribution#klGradient}):
 * ∂/∂q_k = −p̃_k/q_k where 1e-7 ≤ q_k ≤ 1, else 0.
 */
public class KlDivergenceLoss extends TermLoss {
  /**
   * The name of the loss term (and of its output layer), as logged and as {@link TermSelection}
   * selects it.
   */
  public static final String TERM = "kl";

  @Override
  public INDArray computeScoreArray(
      INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    INDArray q = activationFn.getActivation(preOutput.dup(), true);
    INDArray scores =
        Nd4j.createFromArray(TargetDistribution.klPerRow(labels, q)).reshape(q.size(0), 1);
    return applyMask(scores, mask).castTo(preOutput.dataType());
  }

  @Override
  public INDArray computeGradient(
      INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    INDArray q = activationFn.getActivation(preOutput.dup(), true);
    INDArray dq = TargetDistribution.klGradient(labels, q).reshape(q.shape());
    INDArray grad =
        activationFn.backprop(preOutput.dup(), dq.castTo(preOutput.dataType())).getFirst();
    return selected(applyMask(grad, mask), TERM);
  }

  @Override
  public String name() {
    return "KlDivergenceLoss";
  }
}
