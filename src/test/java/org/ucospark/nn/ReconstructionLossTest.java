package org.ucospark.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * The DDC-AE reconstruction head: weight × mean squared error over all pixels, in DL4J's
 * conventions.
 */
class ReconstructionLossTest {
  static ComputationGraph graph(double weight) {
    ComputationGraphConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .dataType(DataType.DOUBLE)
            .seed(3)
            .updater(new NoOp())
            .weightInit(WeightInit.XAVIER)
            .graphBuilder()
            .addInputs("in")
            .setInputTypes(InputType.feedForward(5))
            .addLayer(
                "dense", new DenseLayer.Builder().nOut(6).activation(Activation.TANH).build(), "in")
            .addLayer(
                "out",
                new LossLayer.Builder(new ReconstructionLoss(weight))
                    .activation(Activation.IDENTITY)
                    .build(),
                "dense")
            .setOutputs("out")
            .build();
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    return g;
  }

  @Test
  void scoreIsWeightTimesMeanSquaredErrorOverAllPixels() {
    Nd4j.getRandom().setSeed(1);
    ComputationGraph g = graph(0.1);
    INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 5);
    INDArray target = Nd4j.rand(DataType.DOUBLE, 4, 6);
    INDArray out = g.outputSingle(x);
    double mse = out.sub(target).norm2Number().doubleValue();
    mse = mse * mse / target.length();
    assertEquals(0.1 * mse, g.score(new org.nd4j.linalg.dataset.DataSet(x, target)), 1e-12);
    assertEquals(
        g.score(new org.nd4j.linalg.dataset.DataSet(x, target)),
        new ReconstructionLoss(0.1).value(out, target),
        1e-12,
        "the evaluated term is the head's score");
  }

  @Test
  void gradientsPassDl4jGradientCheck() {
    DataType defaultType = Nd4j.dataType();
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    try {
      checkGradients();
    } finally {
      Nd4j.setDefaultDataTypes(defaultType, defaultType);
    }
  }

  private static void checkGradients() {
    Nd4j.getRandom().setSeed(2);
    ComputationGraph g = graph(10);
    INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 5);
    INDArray target = Nd4j.rand(DataType.DOUBLE, 4, 6);
    boolean ok =
        GradientCheckUtil.checkGradients(
            new GradientCheckUtil.GraphConfig()
                .net(g)
                .inputs(new INDArray[] {x})
                .labels(new INDArray[] {target})
                .epsilon(1e-6)
                .maxRelError(1e-5)
                .minAbsoluteError(1e-10));
    assertTrue(ok);
  }

  @Test
  void weightSurvivesJson() {
    ComputationGraph g = graph(0.1);
    ComputationGraphConfiguration back =
        ComputationGraphConfiguration.fromJson(g.getConfiguration().toJson());
    assertEquals(g.getConfiguration(), back);
  }
}
