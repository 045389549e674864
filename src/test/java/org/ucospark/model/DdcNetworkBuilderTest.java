package org.ucospark.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.ucospark.loss.LossParams;
import org.ucospark.train.MiniBatches;

class DdcNetworkBuilderTest {
  static ModelParams params(ModelVariant variant, InputShape shape, int clusters, long seed) {
    return new ModelParams(
        variant,
        shape,
        clusters,
        ModelParams.HIDDEN_SIZE,
        LossParams.defaults(),
        0.1,
        new OptimizerParams(1e-3, 0.9, 0.999, 1e-7, 10),
        seed);
  }

  static final Map<String, InputShape> SHAPES =
      Map.of(
          "mnist",
          new InputShape(1, 28, 28),
          "usps",
          new InputShape(1, 32, 32),
          "coil100",
          new InputShape(3, 64, 64));

  @ParameterizedTest
  @ValueSource(strings = {"mnist", "usps", "coil100"})
  void blockOutputsAndDecoderHaveTheSpecShapes(String dataset) {
    InputShape shape = SHAPES.get(dataset);
    int k = dataset.equals("coil100") ? 100 : 10;
    ComputationGraph graph = Networks.create(params(ModelVariant.DDC_AE, shape, k, 0));
    INDArray x = Nd4j.rand(DataType.FLOAT, 2, shape.channels(), shape.height(), shape.width());
    Map<String, INDArray> acts = graph.feedForward(new INDArray[] {x}, false, false);
    assertArrayEquals(
        new long[] {2, 32, shape.height() - 8, shape.width() - 8}, acts.get("block1").shape());
    long[] b2 = shape.block2();
    assertArrayEquals(new long[] {2, b2[0], b2[1], b2[2]}, acts.get("block2").shape());
    assertArrayEquals(x.shape(), acts.get(Layers.DECODER_OUTPUT).shape());
    assertArrayEquals(new long[] {2, k}, acts.get(Layers.ASSIGNMENTS).shape());
    assertArrayEquals(new long[] {2, 100}, acts.get(Layers.HIDDEN).shape());
  }

  @ParameterizedTest
  @MethodSource("org.ucospark.model.BuiltInModels#all")
  void configurationSurvivesTheJsonRoundTrip(ModelVariant variant) {
    ComputationGraphConfiguration conf =
        Networks.configuration(params(variant, SHAPES.get("usps"), 10, 3));
    ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
    assertEquals(conf, back);
    assertEquals(conf.toJson(), back.toJson());
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 7})
  void sameSeedGivesEveryVariantTheSameSharedWeights(long seed) {
    InputShape shape = SHAPES.get("mnist");
    ComputationGraph ddc = Networks.create(params(ModelVariant.DDC, shape, 10, seed));
    ComputationGraph uco = Networks.create(params(ModelVariant.DDC_UCO, shape, 10, seed));
    ComputationGraph ae = Networks.create(params(ModelVariant.DDC_AE, shape, 10, seed));
    ComputationGraph other = Networks.create(params(ModelVariant.DDC, shape, 10, seed + 1));
    for (String layer :
        List.of(
            "conv1a",
            "conv1b",
            "block1",
            "conv2a",
            "conv2b",
            "bn2_relu",
            "dense_hidden",
            "hidden",
            "assignments")) {
      INDArray p = ddc.getLayer(layer).params();
      assertEquals(p, uco.getLayer(layer).params(), layer);
      assertEquals(p, ae.getLayer(layer).params(), layer);
      if (ddc.getLayer(layer).paramTable().containsKey("W")) {
        assertNotEquals(p, other.getLayer(layer).params(), "another seed differs: " + layer);
      }
    }
    // Glorot-uniform bound of conv1a: sqrt(6 / (1*25 + 32*25)).
    double bound = Math.sqrt(6.0 / (25 + 32 * 25));
    INDArray w = ddc.getLayer("conv1a").getParam("W");
    assertTrue(w.amaxNumber().doubleValue() <= bound && w.amaxNumber().doubleValue() > 0.9 * bound);
  }

  @ParameterizedTest
  @MethodSource("org.ucospark.model.BuiltInModels#ddc")
  void everyVariantTrainsOneStepWithFiniteScore(ModelVariant variant) {
    InputShape shape = SHAPES.get("usps");
    ComputationGraph graph = Networks.create(params(variant, shape, 10, 1));
    INDArray x = Nd4j.rand(DataType.FLOAT, 24, 1, 32, 32).subi(0.5).muli(2);
    INDArray before = graph.params().dup();
    graph.fit(MiniBatches.of(MiniBatches.outputs(graph), x, null));
    assertTrue(Double.isFinite(graph.score()), "score " + graph.score());
    assertNotEquals(before, graph.params());
    assertEquals(
        1 + (variant.hasUco() ? 2 : 0) + (variant.hasDecoder() ? 1 : 0),
        graph.getNumOutputArrays());
  }

  /**
   * The backbone keeps each convolution's pre-activation from the forward pass for backprop ({@code
   * CacheMode.DEVICE}; without it DL4J runs every oneDNN convolution forward twice per step, see
   * docs/PERFORMANCE.md), and the gradients are those of the uncached graph with the same weights.
   */
  @ParameterizedTest
  @MethodSource("org.ucospark.model.BuiltInModels#ddc")
  void convolutionForwardIsCachedForBackpropWithUnchangedGradients(ModelVariant variant) {
    ComputationGraph cached = Networks.create(params(variant, SHAPES.get("usps"), 10, 2));
    assertEquals(CacheMode.DEVICE, cached.getConfiguration().getCacheMode());
    ComputationGraphConfiguration plainConf = cached.getConfiguration().clone();
    plainConf.setCacheMode(CacheMode.NONE);
    ComputationGraph plain = new ComputationGraph(plainConf);
    plain.init(cached.params().dup(), true);
    Nd4j.getRandom().setSeed(5);
    INDArray x = Nd4j.rand(DataType.FLOAT, 24, 1, 32, 32).subi(0.5).muli(2);
    MultiDataSet batch = MiniBatches.of(MiniBatches.outputs(cached), x, null);
    INDArray[] grads = new INDArray[2];
    double[] scores = new double[2];
    ComputationGraph[] graphs = {cached, plain};
    for (int i = 0; i < 2; i++) {
      // twice: the second step reuses the cache's workspace from the first
      for (int rep = 0; rep < 2; rep++) {
        graphs[i].setInputs(batch.getFeatures());
        graphs[i].setLabels(batch.getLabels());
        graphs[i].computeGradientAndScore();
      }
      grads[i] = graphs[i].gradient().gradient().dup();
      scores[i] = graphs[i].score();
    }
    assertEquals(scores[1], scores[0], 1e-5 * Math.abs(scores[1]));
    double scale = grads[1].norm2Number().doubleValue();
    assertTrue(scale > 0);
    double diff = grads[0].sub(grads[1]).norm2Number().doubleValue();
    assertTrue(diff <= 1e-5 * scale, "gradient differs: |Δ| = " + diff + " vs |g| = " + scale);
  }

  /**
   * Spec sections 2 and 4: Keras' batch-norm defaults, Adam 1e-3 with β 0.9/0.999, ε 1e-7, clipnorm
   * 10 per tensor.
   */
  @org.junit.jupiter.api.Test
  void layersUseKerasDefaultsAdamAndPerTensorClipping() {
    ComputationGraph g = Networks.create(params(ModelVariant.DDC, SHAPES.get("usps"), 10, 0));
    var bn =
        (org.deeplearning4j.nn.conf.layers.BatchNormalization)
            g.getLayer(Layers.BLOCK1).conf().getLayer();
    assertEquals(0.99, bn.getDecay(), 1e-12);
    assertEquals(1e-3, bn.getEps(), 1e-12);
    var conv = (org.deeplearning4j.nn.conf.layers.BaseLayer) g.getLayer("conv1a").conf().getLayer();
    var adam = (org.nd4j.linalg.learning.config.Adam) conv.getIUpdater();
    assertEquals(1e-3, adam.getLearningRate(), 1e-15);
    assertEquals(0.9, adam.getBeta1(), 1e-15);
    assertEquals(0.999, adam.getBeta2(), 1e-15);
    assertEquals(1e-7, adam.getEpsilon(), 1e-20);
    assertEquals(
        org.deeplearning4j.nn.conf.GradientNormalization.ClipL2PerParamType,
        conv.getGradientNormalization());
    assertEquals(10.0, conv.getGradientNormalizationThreshold(), 1e-12);
  }
}
