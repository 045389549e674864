package org.ucospark.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ucospark.loss.LossParams;
import org.ucospark.loss.TargetDistribution;
import org.ucospark.train.MiniBatches;

/**
 * The DEC family's two stages and the OHC network (docs/ALGORITHMS.md §2–3) on every input shape.
 */
class DecAndOhcNetworkBuilderTest {
  static ModelParams params(
      ModelVariant variant,
      InputShape shape,
      int clusters,
      long seed,
      ModelVariant.Encoder ohcEncoder) {
    return new ModelParams(
        variant,
        shape,
        clusters,
        ModelParams.HIDDEN_SIZE,
        LossParams.defaults(),
        10.0,
        new OptimizerParams(1e-3, 0.9, 0.999, 1e-7, 10),
        seed,
        DecParams.defaults(),
        new OhcParams(128, 100.0, ohcEncoder));
  }

  static ModelParams params(ModelVariant variant, InputShape shape, int clusters, long seed) {
    return params(variant, shape, clusters, seed, ModelVariant.Encoder.LENET);
  }

  static INDArray images(InputShape s, int b) {
    return Nd4j.rand(DataType.FLOAT, b, s.channels(), s.height(), s.width()).subi(0.5).muli(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mnist", "usps", "coil100"})
  void decStagesHaveTheSpecShapesAndTheClusteringStageContinuesTheAutoencoder(String dataset) {
    InputShape shape = DdcNetworkBuilderTest.SHAPES.get(dataset);
    int k = dataset.equals("coil100") ? 100 : 10;
    for (ModelVariant v : List.of(ModelVariant.IDEC, ModelVariant.ICDEC)) {
      ModelParams p = params(v, shape, k, 0);
      ComputationGraph ae = Networks.create(p);
      INDArray x = images(shape, 4);
      Map<String, INDArray> acts = ae.feedForward(x, false);
      assertArrayEquals(new long[] {4, 10}, acts.get(Layers.BOTTLENECK).shape());
      assertEquals(
          shape.size(), acts.get(Layers.DECODER_OUTPUT).length() / 4, "x̂ has the input's size");
      assertEquals(1, ae.getNumOutputArrays(), "pre-training: reconstruction only");

      INDArray centroids = Nd4j.rand(DataType.FLOAT, k, 10);
      ComputationGraph clustering = DecNetworkBuilder.clusteringFrom(ae, p, centroids);
      assertEquals(
          List.of(Layers.KL_OUTPUT, Layers.RECONSTRUCT_OUTPUT), MiniBatches.outputs(clustering));
      for (String layer : List.of(Layers.BLOCK2, Layers.BOTTLENECK, Layers.DECODER_OUTPUT)) {
        if (ae.getLayer(layer).numParams() > 0) {
          assertEquals(ae.getLayer(layer).params(), clustering.getLayer(layer).params(), layer);
        }
      }
      assertEquals(centroids, clustering.getLayer(Layers.ASSIGNMENTS).getParam("W").transpose());
      INDArray q = clustering.feedForward(x, false).get(Layers.ASSIGNMENTS);
      assertArrayEquals(new long[] {4, k}, q.shape());
      assertEquals(4.0, q.sumNumber().doubleValue(), 1e-4, "rows of Q sum to 1");
      double before =
          clustering.score(
              MiniBatches.of(MiniBatches.outputs(clustering), x, TargetDistribution.of(q)));
      clustering.fit(MiniBatches.of(MiniBatches.outputs(clustering), x, TargetDistribution.of(q)));
      assertTrue(Double.isFinite(before) && Double.isFinite(clustering.score()));
    }
  }

  @ParameterizedTest
  @MethodSource("org.ucospark.model.BuiltInModels#dec")
  void everyDecVariantHasItsHeadsAndTrainsAStep(ModelVariant variant) {
    InputShape shape = DdcNetworkBuilderTest.SHAPES.get("usps");
    ModelParams p = params(variant, shape, 10, 1);
    ComputationGraph graph =
        DecNetworkBuilder.clusteringFrom(Networks.create(p), p, Nd4j.randn(DataType.FLOAT, 10, 10));
    assertEquals(
        1 + (variant.hasUco() ? 2 : 0) + (variant.hasDecoder() ? 1 : 0),
        graph.getNumOutputArrays());
    INDArray x = images(shape, 16);
    INDArray targets = TargetDistribution.of(graph.feedForward(x, false).get(Layers.ASSIGNMENTS));
    INDArray before = graph.params().dup();
    graph.fit(MiniBatches.of(MiniBatches.outputs(graph), x, targets));
    assertTrue(Double.isFinite(graph.score()), "score " + graph.score());
    assertNotEquals(before, graph.params());
  }

  @Test
  void decVariantsShareTheirPairedInitialAutoencoder() {
    InputShape shape = DdcNetworkBuilderTest.SHAPES.get("usps");
    ComputationGraph dec = Networks.create(params(ModelVariant.DEC, shape, 10, 5));
    ComputationGraph idec = Networks.create(params(ModelVariant.IDEC, shape, 10, 5));
    ComputationGraph other = Networks.create(params(ModelVariant.DEC, shape, 10, 6));
    assertEquals(dec.params(), idec.params());
    assertNotEquals(dec.params(), other.params());
  }

  @ParameterizedTest
  @ValueSource(strings = {"mnist", "usps", "coil100"})
  void ohcMapsToTheEmbeddingAndCentroidCostsWithEitherEncoder(String dataset) {
    InputShape shape = DdcNetworkBuilderTest.SHAPES.get(dataset);
    int k = dataset.equals("coil100") ? 100 : 10;
    for (ModelVariant.Encoder encoder :
        List.of(ModelVariant.Encoder.LENET, ModelVariant.Encoder.CNN_SMALL)) {
      ComputationGraph graph = Networks.create(params(ModelVariant.OHC, shape, k, 2, encoder));
      INDArray x = images(shape, 8);
      Map<String, INDArray> acts = graph.feedForward(x, false);
      assertArrayEquals(new long[] {8, 128}, acts.get(Layers.EMBEDDING).shape());
      assertArrayEquals(new long[] {8, k}, acts.get(Layers.COSTS).shape());
      INDArray mu = graph.getLayer(Layers.COSTS).getParam("W");
      double mean = mu.meanNumber().doubleValue();
      double std = mu.stdNumber().doubleValue();
      assertTrue(
          Math.abs(mean) < 0.2 && Math.abs(std - 1) < 0.2,
          "centroids ~ N(0,1): " + mean + " ± " + std);
      INDArray before = graph.params().dup();
      graph.fit(MiniBatches.of(MiniBatches.outputs(graph), x, null));
      assertTrue(Double.isFinite(graph.score()));
      assertNotEquals(
          before.get(
              org.nd4j.linalg.indexing.NDArrayIndex.interval(
                  before.length() - mu.length(), before.length())),
          graph.getLayer(Layers.COSTS).params(),
          "the centroids are trained");
    }
  }

  @Test
  void kMeansFindsWellSeparatedCentresReproducibly() {
    Nd4j.getRandom().setSeed(1);
    double[][] centres = {{0, 0}, {10, 0}, {0, 10}};
    INDArray points = Nd4j.create(DataType.DOUBLE, 300, 2);
    for (int i = 0; i < 300; i++) {
      points.putScalar(i, 0, centres[i % 3][0] + 0.3 * Nd4j.getRandom().nextGaussian());
      points.putScalar(i, 1, centres[i % 3][1] + 0.3 * Nd4j.getRandom().nextGaussian());
    }
    INDArray found = KMeansCentroids.fit(points, 3, 5, 42).centroids();
    for (double[] c : centres) {
      double best = Double.MAX_VALUE;
      for (int k = 0; k < 3; k++) {
        best =
            Math.min(best, Math.hypot(found.getDouble(k, 0) - c[0], found.getDouble(k, 1) - c[1]));
      }
      assertTrue(best < 0.2, "centre " + c[0] + "," + c[1] + " found within " + best);
    }
    assertEquals(
        found, KMeansCentroids.fit(points, 3, 5, 42).centroids(), "same seed, same centroids");
  }
}
