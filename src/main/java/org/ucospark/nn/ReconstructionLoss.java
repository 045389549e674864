package org.ucospark.nn;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * Weighted reconstruction term (spec section 3): {@code weight · mean over all pixels of (x̂ − x)²}.
 *
 * <p>Per example DL4J's MSE is Σ_j (x̂_j − x_j)² / P over the P = C·H·W pixels; DL4J then averages examples
 * over the minibatch (score divided by the batch size, gradients by the updater), which together is the
 * mean over all pixels of the batch. The weight (DDC-AE 0.1, IDEC 10) scales score and gradient.
 */
public class ReconstructionLoss extends LossMSE {
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

  @Override
  public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
      boolean average) {
    return weight * super.computeScore(labels, preOutput, activationFn, mask, average);
  }

  @Override
  public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    return super.computeScoreArray(labels, preOutput, activationFn, mask).muli(weight);
  }

  @Override
  public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    return super.computeGradient(labels, preOutput, activationFn, mask)
        .muli(weight * TermSelection.weight(org.ucospark.model.Layers.RECONSTRUCT_OUTPUT));
  }

  @Override
  public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
      INDArray mask, boolean average) {
    return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
        computeGradient(labels, preOutput, activationFn, mask));
  }

  @Override
  public String name() {
    return "ReconstructionLoss(" + weight + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReconstructionLoss other && other.weight == weight;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(weight);
  }

  @Override
  public String toString() {
    return name();
  }
}
