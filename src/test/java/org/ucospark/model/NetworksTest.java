package org.ucospark.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.ucospark.UcoException;

class NetworksTest {
  /** input → dense "shared" (n outputs) → dense "own" (2 outputs). */
  private static ComputationGraph graph(int sharedOut, long seed) {
    ComputationGraph g =
        new ComputationGraph(
            new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.feedForward(3))
                .addLayer("shared", Layers.dense(sharedOut, Activation.RELU), "in")
                .addLayer("own", Layers.dense(2, Activation.IDENTITY), "shared")
                .setOutputs("own")
                .build());
    g.init();
    return g;
  }

  @Test
  void copiesTheLayersOfTheSameName() {
    ComputationGraph from = graph(4, 1);
    ComputationGraph to = graph(4, 2);
    Networks.copySharedParameters(from, to);
    assertEquals(from.getLayer("shared").params(), to.getLayer("shared").params());
  }

  /**
   * A saved network whose layer of the same name has another size (written by a build with other
   * layers) is refused, naming the layer, instead of being copied around.
   */
  @Test
  void refusesALayerOfTheSameNameWithOtherParameters() {
    UcoException e =
        assertThrows(
            UcoException.class, () -> Networks.copySharedParameters(graph(5, 1), graph(4, 2)));
    assertTrue(
        e.getMessage().startsWith("layer shared has 20 parameters in the saved network and 16"),
        e.getMessage());
  }
}
