package org.ucospark.nn;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The {@link ILossFunction} plumbing of the loss-layer terms ({@link KlDivergenceLoss}, {@link
 * HardClusteringLoss}, {@link ReconstructionLoss}): the batch score from the per-example scores
 * (mean over the B rows when DL4J asks for the average, as its own losses do), score and gradient
 * as one pair, a per-example mask, the factor of {@link TermSelection}, and equality by class and
 * {@link #settings}. A subclass computes {@link #computeScoreArray} and {@link #computeGradient}.
 */
public abstract class TermLoss implements ILossFunction {
  private static final long serialVersionUID = 1L;

  /** Σ (or, with {@code average}, mean over the batch's rows) of {@link #computeScoreArray}. */
  @Override
  public double computeScore(
      INDArray labels,
      INDArray preOutput,
      IActivation activationFn,
      INDArray mask,
      boolean average) {
    double sum = computeScoreArray(labels, preOutput, activationFn, mask).sumNumber().doubleValue();
    return average ? sum / preOutput.size(0) : sum;
  }

  @Override
  public Pair<Double, INDArray> computeGradientAndScore(
      INDArray labels,
      INDArray preOutput,
      IActivation activationFn,
      INDArray mask,
      boolean average) {
    return new Pair<>(
        computeScore(labels, preOutput, activationFn, mask, average),
        computeGradient(labels, preOutput, activationFn, mask));
  }

  /** {@code values} [B, …] with each row times its entry of the per-example mask (if any). */
  protected static INDArray applyMask(INDArray values, INDArray mask) {
    return mask == null
        ? values
        : values.mulColumnVector(mask.reshape(mask.length(), 1).castTo(values.dataType()));
  }

  /**
   * {@code gradient} times {@code term}'s factor now ({@link TermSelection#weight}: 1 outside OFM,
   * when it is returned as it is).
   */
  protected static INDArray selected(INDArray gradient, String term) {
    double selected = TermSelection.weight(term);
    return selected == 1 ? gradient : gradient.muli(selected);
  }

  /** What distinguishes two losses of one class (none by default). */
  protected Object settings() {
    return null;
  }

  @Override
  public boolean equals(Object o) {
    return o != null
        && o.getClass() == getClass()
        && java.util.Objects.equals(((TermLoss) o).settings(), settings());
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(getClass().getName(), settings());
  }

  @Override
  public String toString() {
    return name();
  }
}
