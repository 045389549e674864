package org.ucospark.nn;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The part of DL4J's {@code Layer.instantiate} every custom layer configuration repeats: a new
 * runtime layer gets its listeners, index, parameter view and parameter table (initialised by the
 * configuration's initializer) and its configuration.
 */
final class LayerWiring {
  private LayerWiring() {}

  static <L extends Layer> L wire(
      L layer,
      org.deeplearning4j.nn.conf.layers.Layer layerConf,
      NeuralNetConfiguration conf,
      Collection<TrainingListener> listeners,
      int layerIndex,
      INDArray paramsView,
      boolean initializeParams) {
    layer.setListeners(listeners);
    layer.setIndex(layerIndex);
    layer.setParamsViewArray(paramsView);
    layer.setParamTable(layerConf.initializer().init(conf, paramsView, initializeParams));
    layer.setConf(conf);
    return layer;
  }
}
