package org.ucospark.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;

/** The networks of a model, from its {@link ModelFamily}. */
public final class Networks {
  private Networks() {}

  /** The trained network of {@code params.variant()} (for the DEC family: its clustering stage). */
  public static ComputationGraphConfiguration configuration(ModelParams params, DataType dataType) {
    return ModelFamilies.of(params.variant()).network(params, dataType);
  }

  public static ComputationGraphConfiguration configuration(ModelParams params) {
    return configuration(params, DataType.FLOAT);
  }

  /**
   * The network a run starts from, with paired initial weights for {@code params.seed()}: the DEC
   * family starts with its autoencoder (pre-training), the others with the network they train.
   */
  public static ComputationGraph create(ModelParams params) {
    return Layers.create(
        ModelFamilies.of(params.variant()).initialNetwork(params, DataType.FLOAT), params.seed());
  }

  /**
   * Copies into {@code to} the parameters (batch-norm statistics included) of every layer that
   * {@code from} has under the same name; layers only {@code to} has keep theirs. A layer of the
   * same name with another number of parameters is refused: {@code from} was then saved by a build
   * whose layers differ (a pre-trained autoencoder from before the batch norm and its ReLU became
   * one layer, for one), and copying around it would silently leave trained layers at their initial
   * values.
   */
  public static void copySharedParameters(ComputationGraph from, ComputationGraph to) {
    for (org.deeplearning4j.nn.api.Layer layer : to.getLayers()) {
      String name = layer.conf().getLayer().getLayerName();
      if (layer.numParams() > 0 && from.getConfiguration().getVertices().containsKey(name)) {
        org.deeplearning4j.nn.api.Layer source = from.getLayer(name);
        if (source == null || source.numParams() != layer.numParams()) {
          throw new org.ucospark.UcoException(
              "layer "
                  + name
                  + " has "
                  + (source == null ? 0 : source.numParams())
                  + " parameters in the saved network and "
                  + layer.numParams()
                  + " in this build's: the checkpoint was written by a build with other layers;"
                  + " start the run again instead of resuming it");
        }
        layer.setParams(source.params());
      }
    }
  }
}
