package org.ucospark.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;

/** The network builder of each model family, behind one entry point. */
public final class Networks {
  private Networks() {}

  /** The trained network of {@code params.variant()} (for the DEC family: its clustering stage). */
  public static ComputationGraphConfiguration configuration(ModelParams params, DataType dataType) {
    return switch (params.variant().family()) {
      case DDC -> DdcNetworkBuilder.configuration(params, dataType);
      case DEC -> DecNetworkBuilder.clustering(params, dataType);
      case OHC -> OhcNetworkBuilder.configuration(params, dataType);
    };
  }

  public static ComputationGraphConfiguration configuration(ModelParams params) {
    return configuration(params, DataType.FLOAT);
  }

  /**
   * The network a run starts from, with paired initial weights for {@code params.seed()}: the DEC
   * family starts with its autoencoder (pre-training), the others with the network they train.
   */
  public static ComputationGraph create(ModelParams params) {
    ComputationGraphConfiguration conf =
        params.variant().family() == ModelVariant.Family.DEC
            ? DecNetworkBuilder.autoencoder(params, DataType.FLOAT)
            : configuration(params);
    return Layers.create(conf, params.seed());
  }

  /**
   * Copies into {@code to} the parameters (batch-norm statistics included) of every layer that
   * {@code from} has under the same name; layers only {@code to} has keep theirs.
   */
  public static void copySharedParameters(ComputationGraph from, ComputationGraph to) {
    for (org.deeplearning4j.nn.api.Layer layer : to.getLayers()) {
      String name = layer.conf().getLayer().getLayerName();
      if (layer.numParams() > 0 && from.getConfiguration().getVertices().containsKey(name)) {
        layer.setParams(from.getLayer(name).params());
      }
    }
  }
}
