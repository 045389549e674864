package org.ucospark.model;

import org.ucospark.loss.LossParams;

/**
 * Everything that defines a network and its objective: the variant (family, encoder, which loss
 * heads), the input shape, the number of clusters K, the DDC hidden width (100), the loss
 * hyper-parameters, the weight of the reconstruction term (DDC-AE 0.1, IDEC 10), the optimiser, the
 * run seed (which alone fixes the initial weights, see {@link PairedInitializer}) and the DEC and
 * OHC settings.
 */
public record ModelParams(
    ModelVariant variant,
    InputShape input,
    int clusters,
    int hiddenSize,
    LossParams loss,
    double reconstructionWeight,
    OptimizerParams optimizer,
    long seed,
    DecParams dec,
    OhcParams ohc)
    implements java.io.Serializable {

  public static final int HIDDEN_SIZE = 100;

  /** A DDC-family model (DEC and OHC settings at their defaults). */
  public ModelParams(
      ModelVariant variant,
      InputShape input,
      int clusters,
      int hiddenSize,
      LossParams loss,
      double reconstructionWeight,
      OptimizerParams optimizer,
      long seed) {
    this(
        variant,
        input,
        clusters,
        hiddenSize,
        loss,
        reconstructionWeight,
        optimizer,
        seed,
        DecParams.defaults(),
        OhcParams.defaults());
  }

  /** The same model trained with another optimiser. */
  public ModelParams withOptimizer(OptimizerParams o) {
    return new ModelParams(
        variant, input, clusters, hiddenSize, loss, reconstructionWeight, o, seed, dec, ohc);
  }
}
