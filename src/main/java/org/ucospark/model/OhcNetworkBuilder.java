package org.ucospark.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.ucospark.nn.CentroidLayer;

/**
 * Online hard-regularised clustering (docs/ALGORITHMS.md §3.9; Mahon &amp; Lukasiewicz, AAAI 2024):
 *
 * <pre>
 * input ─ encoder ─ dense 128 (identity) ⇒ z (embedding) ─ centroids μ: C_ik = ‖z_i − μ_k‖²/σ (costs) ─ [ohc]
 * </pre>
 *
 * Encoders: the paper's small LeNet (conv 5×5×6, bn, relu, pool 2, conv 5×5×16, bn, relu, pool 2;
 * the spec does not give the padding, so unpadded as cnn_small) or cnn_small. The centroids are a
 * {@link CentroidLayer} (initialised N(0,1) by {@link PairedInitializer}), so Adam (lr 1e-3, as the
 * encoder's) trains them and parameter averaging averages them. The [ohc] head assigns greedily per
 * batch ({@link org.ucospark.nn.HardClusteringLoss}); prediction is the nearest centroid, argmin_k
 * C_ik.
 */
public final class OhcNetworkBuilder {
  private OhcNetworkBuilder() {}

  public static ComputationGraphConfiguration configuration(ModelParams params, DataType dataType) {
    ComputationGraphConfiguration.GraphBuilder g = Layers.graph(params, dataType);
    String last;
    if (params.ohc().encoder() == ModelVariant.Encoder.CNN_SMALL) {
      Layers.addCnnSmall(g);
      last = Layers.BLOCK2;
    } else {
      g.addLayer("lenet_conv1", Layers.inputConv(5, 6, Activation.IDENTITY), Layers.INPUT)
          .addLayer("lenet_bn1_relu", Layers.batchNormRelu(), "lenet_conv1")
          .addLayer("lenet_pool1", Layers.maxPool(), "lenet_bn1_relu")
          .addLayer("lenet_conv2", Layers.conv(5, 16, Activation.IDENTITY), "lenet_pool1")
          .addLayer("lenet_bn2_relu", Layers.batchNormRelu(), "lenet_conv2")
          .addLayer("lenet_pool2", Layers.maxPool(), "lenet_bn2_relu");
      last = "lenet_pool2";
    }
    g.addLayer(Layers.EMBEDDING, Layers.dense(params.ohc().embedding(), Activation.IDENTITY), last)
        .addLayer(
            Layers.COSTS,
            new CentroidLayer.Builder().cost(params.ohc().sigma()).nOut(params.clusters()).build(),
            Layers.EMBEDDING);
    return g.setOutputs(
            LossHeads.add(g, Objective.of(params), java.util.List.of()).toArray(String[]::new))
        .build();
  }
}
