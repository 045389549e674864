package org.ucospark.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class InputConvolutionTest {
  static {
    Dl4jBackend.configure();
  }

  private static final int BATCH = 4;
  private static final int SIDE = 9;

  private static ConvolutionLayer.Builder builder(int channels, int k, int stride, int pad) {
    return new ConvolutionLayer.Builder(k, k)
        .stride(stride, stride)
        .padding(pad, pad)
        .nIn(channels)
        .nOut(5)
        .activation(Activation.RELU);
  }

  /** input → first conv (the layer under test) → conv 3×3 → MSE. */
  private static ComputationGraph graph(ConvolutionLayer first, int channels, DataType dataType) {
    ComputationGraphConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .seed(5)
            .dataType(dataType)
            .updater(new Sgd(0.1))
            .convolutionMode(ConvolutionMode.Truncate)
            .graphBuilder()
            .addInputs("in")
            .setInputTypes(InputType.convolutional(SIDE, SIDE, channels))
            .addLayer("first", first, "in")
            .addLayer(
                "second",
                new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.TANH).build(),
                "first")
            .addLayer(
                "out",
                new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE)
                    .activation(Activation.IDENTITY)
                    .build(),
                "second")
            .setOutputs("out")
            .build();
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    return g;
  }

  /**
   * Every parameter gradient, the score and a training step equal DL4J's convolution (float64 to
   * 1e-10; float32, where DL4J's oneDNN helper is the reference, to 1e-4 relative), for one and
   * three input channels, 5×5 and 3×3 kernels, stride 2 and padding. The input gradient is what the
   * layer leaves out.
   */
  @ParameterizedTest
  @CsvSource({"1, 5, 1, 0, DOUBLE", "3, 3, 2, 1, DOUBLE", "1, 5, 1, 0, FLOAT", "3, 3, 1, 1, FLOAT"})
  void parameterGradientsEqualDl4jsConvolution(
      int channels, int k, int stride, int pad, DataType dataType) {
    ComputationGraph reference =
        graph(builder(channels, k, stride, pad).build(), channels, dataType);
    ComputationGraph ours =
        graph(InputConvolution.of(builder(channels, k, stride, pad)), channels, dataType);
    assertInstanceOf(InputConvolution.Impl.class, ours.getLayer("first"));
    ours.setParams(reference.params().dup());
    Nd4j.getRandom().setSeed(2);
    INDArray x = Nd4j.randn(dataType, BATCH, channels, SIDE, SIDE);
    INDArray y = Nd4j.randn(dataType, reference.outputSingle(x).shape());
    double tol = dataType == DataType.DOUBLE ? 1e-10 : 1e-4;
    for (ComputationGraph g : new ComputationGraph[] {reference, ours}) {
      g.setInputs(x);
      g.setLabels(y);
      g.computeGradientAndScore();
    }
    assertEquals(reference.score(), ours.score(), tol * Math.abs(reference.score()));
    Map<String, INDArray> gr = reference.gradient().gradientForVariable();
    Map<String, INDArray> go = ours.gradient().gradientForVariable();
    assertEquals(gr.keySet(), go.keySet());
    for (String key : gr.keySet()) {
      INDArray e = gr.get(key).castTo(DataType.DOUBLE);
      INDArray a = go.get(key).castTo(DataType.DOUBLE);
      double err = e.sub(a).amaxNumber().doubleValue() / e.amaxNumber().doubleValue();
      assertTrue(err < tol, key + ": relative difference " + err);
    }
    reference.fit(new INDArray[] {x}, new INDArray[] {y});
    ours.fit(new INDArray[] {x}, new INDArray[] {y});
    INDArray diff =
        reference.params().castTo(DataType.DOUBLE).sub(ours.params().castTo(DataType.DOUBLE));
    assertTrue(diff.amaxNumber().doubleValue() < tol, "parameters after a step");
  }

  /** The configuration survives JSON (checkpoints, the executors' copy) as this layer. */
  @org.junit.jupiter.api.Test
  void configurationRoundTripsThroughJson() {
    ComputationGraph g = graph(InputConvolution.of(builder(1, 5, 1, 0)), 1, DataType.FLOAT);
    ComputationGraph restored =
        new ComputationGraph(ComputationGraphConfiguration.fromJson(g.getConfiguration().toJson()));
    restored.init();
    assertInstanceOf(InputConvolution.Impl.class, restored.getLayer("first"));
    assertEquals(g.getConfiguration(), restored.getConfiguration());
  }
}
