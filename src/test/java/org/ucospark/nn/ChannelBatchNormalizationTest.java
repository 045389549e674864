package org.ucospark.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class ChannelBatchNormalizationTest {
  static {
    Dl4jBackend.configure();
  }

  private static final int BATCH = 6;
  private static final int CHANNELS = 5;
  private static final int SIDE = 7;

  /**
   * input → conv 3×3 (so the batch-norm input is an activation DL4J made) → bn [→ DL4J's relu layer
   * if {@code reluLayer}] → MSE.
   */
  private static ComputationGraph graph(Layer bn, DataType dataType, boolean reluLayer) {
    String last = reluLayer ? "relu" : "bn";
    ComputationGraphConfiguration.GraphBuilder builder =
        new NeuralNetConfiguration.Builder()
            .seed(3)
            .dataType(dataType)
            .updater(new Sgd(0.1))
            .convolutionMode(ConvolutionMode.Truncate)
            .graphBuilder()
            .addInputs("in")
            .setInputTypes(InputType.convolutional(SIDE, SIDE, 2))
            .addLayer(
                "conv",
                new ConvolutionLayer.Builder(3, 3)
                    .nOut(CHANNELS)
                    .activation(Activation.IDENTITY)
                    .build(),
                "in")
            .addLayer("bn", bn, "conv");
    if (reluLayer) {
      builder.addLayer(
          "relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), "bn");
    }
    ComputationGraphConfiguration conf =
        builder
            .addLayer(
                "out",
                new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE)
                    .activation(Activation.IDENTITY)
                    .build(),
                last)
            .setOutputs("out")
            .build();
    ComputationGraph g = new ComputationGraph(conf);
    g.init();
    return g;
  }

  private static BatchNormalization dl4j() {
    return new BatchNormalization.Builder().decay(0.9).eps(1e-3).build();
  }

  /** Inputs with a channel mean far from 0 (shifted sums) and a γ, β away from 1, 0. */
  private static INDArray[] data(DataType dataType) {
    Nd4j.getRandom().setSeed(11);
    INDArray x = Nd4j.randn(DataType.DOUBLE, BATCH, 2, SIDE, SIDE).addi(3.0);
    INDArray y = Nd4j.randn(DataType.DOUBLE, BATCH, CHANNELS, SIDE - 2, SIDE - 2);
    return new INDArray[] {x.castTo(dataType), y.castTo(dataType)};
  }

  private static void copyParams(ComputationGraph from, ComputationGraph to) {
    to.setParams(from.params().castTo(to.params().dataType()));
    INDArray gamma = to.getLayer("bn").getParam("gamma");
    INDArray beta = to.getLayer("bn").getParam("beta");
    gamma.assign(Nd4j.linspace(DataType.DOUBLE, 0.5, 0.25, CHANNELS).reshape(gamma.shape()));
    beta.assign(Nd4j.linspace(DataType.DOUBLE, -0.3, 0.175, CHANNELS).reshape(beta.shape()));
  }

  private static void assertClose(INDArray expected, INDArray actual, double rel, String what) {
    INDArray e = expected.castTo(DataType.DOUBLE);
    INDArray a = actual.castTo(DataType.DOUBLE);
    double scale = Math.max(1e-12, e.amaxNumber().doubleValue());
    double err = e.sub(a).amaxNumber().doubleValue() / scale;
    assertTrue(err < rel, what + ": max relative difference " + err + " ≥ " + rel);
  }

  /**
   * Float32 with the fused helper against DL4J's built-in batch norm in float64 (the path without
   * any helper): activations in training and inference mode, every gradient (input side through the
   * convolution, γ, β) and, after one SGD step, every parameter including the running mean and
   * log10 σ DL4J derives from the helper's batch statistics. Float32 tolerance 1e-3 relative (the
   * fixtures' rule); the observed differences are about 1e-6. With {@code relu}, the reference is
   * DL4J's batch norm followed by DL4J's ReLU layer.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void float32HelperMatchesDl4jBuiltInBatchNormInFloat64(boolean relu) {
    ComputationGraph reference = graph(dl4j(), DataType.DOUBLE, relu);
    ComputationGraph fused =
        graph(ChannelBatchNormalization.of(0.9, 1e-3, relu), DataType.FLOAT, false);
    String refOut = relu ? "relu" : "bn";
    assertInstanceOf(ChannelBatchNormHelper.class, fused.getLayer("bn").getHelper());
    copyParams(reference, reference);
    copyParams(reference, fused);
    INDArray[] d64 = data(DataType.DOUBLE);
    INDArray[] d32 = data(DataType.FLOAT);

    assertClose(
        reference.feedForward(new INDArray[] {d64[0]}, true).get(refOut),
        fused.feedForward(new INDArray[] {d32[0]}, true).get("bn"),
        1e-3,
        "training-mode activations");

    reference.setInputs(d64[0]);
    reference.setLabels(d64[1]);
    reference.computeGradientAndScore();
    fused.setInputs(d32[0]);
    fused.setLabels(d32[1]);
    fused.computeGradientAndScore();
    assertEquals(reference.score(), fused.score(), 1e-3 * Math.abs(reference.score()));
    Map<String, INDArray> gr = reference.gradient().gradientForVariable();
    Map<String, INDArray> gf = fused.gradient().gradientForVariable();
    for (String k : new String[] {"conv_W", "bn_gamma", "bn_beta"}) {
      assertClose(gr.get(k), gf.get(k), 1e-3, "gradient " + k);
    }
    // A bias before batch norm has no effect (the batch mean removes it): its gradient is 0 in
    // exact arithmetic, float32 rounding away from it relative to the weights' gradient.
    double wScale = gr.get("conv_W").amaxNumber().doubleValue();
    assertTrue(gf.get("conv_b").amaxNumber().doubleValue() < 1e-4 * wScale, "conv_b gradient ≈ 0");

    reference.fit(new INDArray[] {d64[0]}, new INDArray[] {d64[1]});
    fused.fit(new INDArray[] {d32[0]}, new INDArray[] {d32[1]});
    for (String p : reference.getLayer("bn").paramTable().keySet()) {
      assertClose(
          reference.getLayer("bn").getParam(p),
          fused.getLayer("bn").getParam(p),
          1e-3,
          "parameter bn_" + p + " after one step");
    }
    assertClose(
        reference.outputSingle(false, d64[0]),
        fused.outputSingle(false, d32[0]),
        1e-3,
        "inference-mode output (running statistics)");
  }

  /**
   * The running statistics move the way DL4J's do: after a step, mean = d·mean + (1 − d)·batch mean
   * per channel, checked against the batch mean computed here.
   */
  @Test
  void runningMeanFollowsTheBatchMean() {
    ComputationGraph fused =
        graph(ChannelBatchNormalization.of(0.9, 1e-3, true), DataType.FLOAT, false);
    INDArray[] d = data(DataType.FLOAT);
    INDArray conv = fused.feedForward(new INDArray[] {d[0]}, true).get("conv").dup();
    INDArray batchMean = conv.castTo(DataType.DOUBLE).mean(0, 2, 3);
    INDArray before = fused.getLayer("bn").getParam("mean").dup().castTo(DataType.DOUBLE);
    fused.fit(new INDArray[] {d[0]}, new INDArray[] {d[1]});
    INDArray after = fused.getLayer("bn").getParam("mean").castTo(DataType.DOUBLE);
    INDArray expected = before.reshape(CHANNELS).mul(0.9).addi(batchMean.mul(0.1));
    assertClose(expected, after.reshape(CHANNELS), 1e-5, "running mean");
  }

  /**
   * Float64 networks take DL4J's built-in path: bit-for-bit DL4J's layer, and with the ReLU DL4J's
   * batch norm and ReLU layers (the ReLU applied around the built-in path).
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void float64NetworksAreDl4jsBuiltInBatchNorm(boolean relu) {
    ComputationGraph reference = graph(dl4j(), DataType.DOUBLE, relu);
    ComputationGraph ours =
        graph(ChannelBatchNormalization.of(0.9, 1e-3, relu), DataType.DOUBLE, false);
    copyParams(reference, reference);
    copyParams(reference, ours);
    INDArray[] d = data(DataType.DOUBLE);
    reference.fit(new INDArray[] {d[0]}, new INDArray[] {d[1]});
    ours.fit(new INDArray[] {d[0]}, new INDArray[] {d[1]});
    assertEquals(reference.params(), ours.params());
  }

  /** The configuration survives JSON (checkpoints, the executors' copy) as this layer. */
  @Test
  void configurationRoundTripsThroughJson() {
    ComputationGraph g =
        graph(ChannelBatchNormalization.of(0.99, 1e-3, true), DataType.FLOAT, false);
    ComputationGraphConfiguration back =
        ComputationGraphConfiguration.fromJson(g.getConfiguration().toJson());
    ComputationGraph restored = new ComputationGraph(back);
    restored.init();
    assertInstanceOf(ChannelBatchNormalization.Impl.class, restored.getLayer("bn"));
    ChannelBatchNormalization conf =
        (ChannelBatchNormalization) restored.getLayer("bn").conf().getLayer();
    assertEquals(0.99, conf.getDecay());
    assertEquals(1e-3, conf.getEps());
    assertTrue(conf.isUseLogStd());
    assertTrue(conf.isRelu());
  }
}
