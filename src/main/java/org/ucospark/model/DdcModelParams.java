package org.ucospark.model;

import org.ucospark.loss.LossParams;

/**
 * Everything that defines a DDC-family network and its objective: the variant (which loss heads), the
 * input shape, the number of clusters K, the hidden width (100), the loss hyper-parameters, the weight of
 * the reconstruction term (DDC-AE: 0.1), the optimiser and the run seed (which alone fixes the initial
 * weights, see {@link PairedInitializer}).
 */
public record DdcModelParams(
    ModelVariant variant,
    InputShape input,
    int clusters,
    int hiddenSize,
    LossParams loss,
    double reconstructionWeight,
    OptimizerParams optimizer,
    long seed) implements java.io.Serializable {

  public static final int HIDDEN_SIZE = 100;

  public DdcModelParams withVariant(ModelVariant v) {
    return new DdcModelParams(v, input, clusters, hiddenSize, loss, reconstructionWeight, optimizer, seed);
  }
}
