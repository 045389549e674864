package org.ucospark.nn;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * Weighted reconstruction term (docs/ALGORITHMS.md §3.7): {@code weight · mean over all pixels of
 * (x̂ − x)²}.
 *
 * <p>Per example DL4J's MSE is Σ_j (x̂_j − x_j)² / P over the P = C·H·W pixels; DL4J then averages
 * examples over the minibatch (score divided by the batch size, gradients by the updater), which
 * together is the mean over all pixels of the batch. The weight (DDC-AE 0.1, IDEC 10) scales score
 * and gradient.
 */
public class ReconstructionLoss extends TermLoss {
  /** DL4J's MSE, which this term scales (stateless: no per-output weights). */
  private static final LossMSE MSE = new LossMSE();

  /**
   * The name of the loss term (and of its output layer), as logged and as {@link TermSelection}
   * selects it.
   */
  public static final String TERM = "reconstruct";

  @JsonProperty("weight")
  private double weight;

  public ReconstructionLoss() {
    this(1.0);
  }

  public ReconstructionLoss(@JsonProperty("weight") double weight) {
    this.weight = weight;
  }

  public double getWeight() {
    return weight;
  }

  /**
   * The term on an evaluation batch: weight · ‖x̂ − x‖² / (B·P), the mean over all pixels of the
   * batch (the score of {@link #computeScore} with averaging); the difference in the arrays' own
   * type, its norm in float64.
   *
   * @param reconstruction x̂ [B, …] (the decoder output)
   * @param images x [B, C, H, W]
   */
  public double value(INDArray reconstruction, INDArray images) {
    long b = images.size(0);
    double norm =
        reconstruction
            .reshape('c', b, images.length() / b)
            .sub(images.reshape('c', b, images.length() / b))
            .norm2Number()
            .doubleValue();
    return weight * norm * norm / images.length();
  }

  @Override
  public double computeScore(
      INDArray labels,
      INDArray preOutput,
      IActivation activationFn,
      INDArray mask,
      boolean average) {
    return weight * MSE.computeScore(labels, preOutput, activationFn, mask, average);
  }

  @Override
  public INDArray computeScoreArray(
      INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    return MSE.computeScoreArray(labels, preOutput, activationFn, mask).muli(weight);
  }

  @Override
  public INDArray computeGradient(
      INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    return MSE.computeGradient(labels, preOutput, activationFn, mask)
        .muli(weight * TermSelection.weight(TERM));
  }

  @Override
  public String name() {
    return "ReconstructionLoss(" + weight + ")";
  }

  @Override
  protected Object settings() {
    return weight;
  }
}
