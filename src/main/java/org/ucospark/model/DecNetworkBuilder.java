package org.ucospark.model;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ucospark.nn.CentroidLayer;

/**
 * The DEC family's networks (docs/ALGORITHMS.md §2–3), in two stages that share every encoder and
 * decoder layer by name:
 *
 * <pre>
 * pre-training:  input ─ encoder ─ X_1 ─ X_2 ─ bottleneck z (10, linear) ─ decoder ─ x̂ ── [reconstruct] (weight 1)
 * clustering:    input ─ encoder ─ X_1 ─ X_2 ─ z ─ Student-t(μ) ⇒ Q (assignments) ── [kl] (labels: targets P)
 *                 + IDEC/ICDEC: decoder ─ [reconstruct] (weight 10)    + DEC-UCO: [uco_0] on X_1, [uco_1] on X_2
 * </pre>
 *
 * Encoders: MLP (flatten → dense 500 relu → dense 500 relu ⇒ X_1 → dense 2000 relu ⇒ X_2 → z;
 * decoder dense 2000 relu → 500 relu → 500 relu → C·H·W linear) or cnn_small (z = dense 10 linear
 * of the flattened X_2; decoder dense back to X_2's size with relu, reshaped, then
 * cnn_small_transposed). The centroids μ are the weights of a {@link CentroidLayer}, set from
 * k-means on z after pre-training ({@link #clusteringFrom}).
 */
public final class DecNetworkBuilder {
  private DecNetworkBuilder() {}

  /**
   * The pre-training autoencoder (reconstruction only, weight 1), trained with Adam at {@code
   * dec.pretrain_learning_rate} (1e-3) whatever the variant's rate: the authors' TFDEC compiles the
   * autoencoder with its own {@code pre_train_optimizer_config}, so DEC, IDEC and DEC-UCO of one
   * seed share their pre-trained weights.
   */
  public static ComputationGraphConfiguration autoencoder(ModelParams params, DataType dataType) {
    ComputationGraphConfiguration.GraphBuilder g =
        Layers.graph(
            params.withOptimizer(
                params.optimizer().withLearningRate(params.dec().pretrainLearningRate())),
            dataType);
    addEncoder(g, params);
    addDecoder(g, params);
    return g.setOutputs(
            LossHeads.add(g, Objective.pretraining(params), List.of()).toArray(String[]::new))
        .build();
  }

  /** The clustering network of {@code params.variant()}. */
  public static ComputationGraphConfiguration clustering(ModelParams params, DataType dataType) {
    ComputationGraphConfiguration.GraphBuilder g = Layers.graph(params, dataType);
    addEncoder(g, params);
    g.addLayer(
        Layers.ASSIGNMENTS,
        new CentroidLayer.Builder().studentT(params.dec().alpha()).nOut(params.clusters()).build(),
        Layers.BOTTLENECK);
    List<String> outputs =
        LossHeads.addAround(g, Objective.of(params), () -> addDecoder(g, params));
    return g.setOutputs(outputs.toArray(String[]::new)).build();
  }

  /**
   * The clustering network that continues from a pre-trained autoencoder: every layer of the same
   * name takes the autoencoder's parameters (batch-norm statistics included), the centroids are
   * {@code centroids} [K, d], and the optimiser starts afresh (as the authors' code compiles a new
   * model for this stage).
   */
  public static ComputationGraph clusteringFrom(
      ComputationGraph autoencoder, ModelParams params, INDArray centroids) {
    DataType dataType = autoencoder.getConfiguration().getDefaultConfiguration().getDataType();
    ComputationGraph graph = new ComputationGraph(clustering(params, dataType));
    graph.init();
    Networks.copySharedParameters(autoencoder, graph);
    graph.getLayer(Layers.ASSIGNMENTS).setParam("W", centroids.transpose().castTo(dataType));
    return graph;
  }

  private static void addEncoder(ComputationGraphConfiguration.GraphBuilder g, ModelParams params) {
    if (params.variant().encoder() == ModelVariant.Encoder.MLP) {
      g.addLayer("enc1", Layers.dense(500, Activation.RELU), Layers.INPUT)
          .addLayer(Layers.BLOCK1, Layers.dense(500, Activation.RELU), "enc1")
          .addLayer(Layers.BLOCK2, Layers.dense(2000, Activation.RELU), Layers.BLOCK1);
    } else {
      Layers.addCnnSmall(g);
    }
    g.addLayer(
        Layers.BOTTLENECK,
        Layers.dense(params.dec().bottleneck(), Activation.IDENTITY),
        Layers.BLOCK2);
  }

  private static void addDecoder(ComputationGraphConfiguration.GraphBuilder g, ModelParams params) {
    InputShape in = params.input();
    if (params.variant().encoder() == ModelVariant.Encoder.MLP) {
      g.addLayer("dec_dense1", Layers.dense(2000, Activation.RELU), Layers.BOTTLENECK)
          .addLayer("dec_dense2", Layers.dense(500, Activation.RELU), "dec_dense1")
          .addLayer("dec_dense3", Layers.dense(500, Activation.RELU), "dec_dense2")
          .addLayer(
              Layers.DECODER_OUTPUT, Layers.dense(in.size(), Activation.IDENTITY), "dec_dense3");
    } else {
      long[] x2 = in.block2();
      g.addLayer(
              "dec_dense",
              Layers.dense((int) (x2[0] * x2[1] * x2[2]), Activation.RELU),
              Layers.BOTTLENECK)
          .addVertex(
              "dec_reshape",
              new PreprocessorVertex(new FeedForwardToCnnPreProcessor(x2[1], x2[2], x2[0])),
              "dec_dense");
      Layers.addCnnDecoder(g, "dec_reshape", in);
    }
  }
}
