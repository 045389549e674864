package org.ucospark.model;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The DDC-family network as one DL4J {@link ComputationGraph} (docs/ALGORITHMS.md §2), for every
 * input shape:
 *
 * <pre>
 * input ─ cnn_small ─┬─ X_1 (block1) ────────────────────────────────────── [uco_0]
 *                    └─ X_2 (block2) ─┬─ dense 100 relu ─ bn ⇒ H (hidden) ─┐
 *                                     │          dense K softmax ⇒ A ──────┴─ [ddc]   (+ A into each uco head)
 *                                     └─ cnn_small_transposed ──────────────────────── [reconstruct]
 * </pre>
 *
 * Layer defaults follow the authors' Keras code ({@link Layers}). The loss heads are those of the
 * variant's {@link Objective}; every variant shares the layer names of the backbone and the DDC
 * head, which {@link PairedInitializer} uses to give them identical initial weights.
 */
public final class DdcNetworkBuilder {
  private DdcNetworkBuilder() {}

  public static ComputationGraphConfiguration configuration(ModelParams params, DataType dataType) {
    InputShape in = params.input();
    ComputationGraphConfiguration.GraphBuilder g = Layers.graph(params, dataType);
    Layers.addCnnSmall(g);
    // DDC head: (flatten) dense 100 + relu -> batchnorm => H; dense K + softmax => A
    g.addLayer("dense_hidden", Layers.dense(params.hiddenSize(), Activation.RELU), Layers.BLOCK2)
        .addLayer(Layers.HIDDEN, Layers.batchNorm(), "dense_hidden")
        .addLayer(
            Layers.ASSIGNMENTS, Layers.dense(params.clusters(), Activation.SOFTMAX), Layers.HIDDEN);

    List<String> outputs =
        LossHeads.addAround(
            g, Objective.of(params), () -> Layers.addCnnDecoder(g, Layers.BLOCK2, in));
    return g.setOutputs(outputs.toArray(String[]::new)).build();
  }
}
