package org.ucospark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ucospark.loss.LossParams;
import org.ucospark.loss.TargetDistribution;
import org.ucospark.model.DecNetworkBuilder;
import org.ucospark.model.InputShape;
import org.ucospark.model.Layers;
import org.ucospark.model.ModelParams;
import org.ucospark.model.ModelVariant;
import org.ucospark.model.Networks;
import org.ucospark.model.OptimizerParams;

class EvaluatorTest {
  static ModelParams params(ModelVariant variant) {
    // the MLP's block outputs are vectors: the naive kernel (docs/ALGORITHMS.md §3, DEC-UCO)
    LossParams loss =
        variant.encoder() == ModelVariant.Encoder.MLP
            ? new LossParams(
                0.15, 0.01, LossParams.KernelType.NAIVE, LossParams.Weighting.CONSTANT, true)
            : LossParams.defaults();
    return new ModelParams(
        variant,
        new InputShape(1, 28, 28),
        4,
        100,
        loss,
        0.1,
        new OptimizerParams(1e-3, 0.9, 0.999, 1e-7, 10),
        5);
  }

  /**
   * A network of {@code variant} (DEC family: with centroids), 24 random images and, for DEC, their
   * targets.
   */
  record Batch(ModelParams params, ComputationGraph graph, INDArray images, INDArray targets) {}

  static Batch batch(ModelVariant variant) {
    ModelParams p = params(variant);
    ComputationGraph graph = Networks.create(p);
    INDArray images = Nd4j.rand(DataType.FLOAT, 24, 1, 28, 28).subi(0.5).muli(2);
    INDArray targets = null;
    if (variant.family().equals("dec")) {
      graph = DecNetworkBuilder.clusteringFrom(graph, p, Nd4j.randn(DataType.FLOAT, 4, 10));
      targets = TargetDistribution.of(graph.feedForward(images, false).get(Layers.ASSIGNMENTS));
    }
    return new Batch(p, graph, images, targets);
  }

  @Test
  void cosineOfIdenticalGradientsIsOneAndOfOppositeIsMinusOne() {
    double[] g = {0.3, -1.2, 4.0, 0.0, 2.5};
    double dot = 0;
    double norm = 0;
    for (double v : g) {
      dot += v * v;
      norm += v * v;
    }
    assertEquals(1.0, Evaluator.cosine(dot, norm, norm), 1e-12);
    assertEquals(-1.0, Evaluator.cosine(-dot, norm, norm), 1e-12);
    assertTrue(Double.isNaN(Evaluator.cosine(0, 0, norm)), "undefined when a gradient vanishes");
  }

  /**
   * OFM reads θ from the objective ({@link org.ucospark.model.Objective#theta}) and needs no second
   * network: the same network with a backbone layer renamed gives the same simple OFM and the same
   * pairwise cosines.
   */
  @Test
  void ofmIsUnchangedByRenamingABackboneLayer() {
    Batch batch = batch(ModelVariant.DDC_UCO);
    ComputationGraph renamed =
        org.ucospark.model.ObjectiveTestAccess.renamed(
            batch.graph(), "conv2b", "second_block_conv");
    Evaluator.BatchResult r =
        new Evaluator(batch.graph(), batch.params(), true)
            .evaluate(batch.images(), null, true, true);
    Evaluator.BatchResult s =
        new Evaluator(renamed, batch.params(), true).evaluate(batch.images(), null, true, true);
    assertTrue(Double.isFinite(r.ofm()), r.toString());
    assertEquals(r.ofm(), s.ofm());
    assertEquals(r.pairwise(), s.pairwise());
    assertEquals(r.terms(), s.terms());
    double simple =
        new Evaluator(batch.graph(), batch.params())
            .evaluate(batch.images(), null, true, true)
            .ofm();
    assertTrue(Double.isFinite(simple));
    assertEquals(
        simple,
        new Evaluator(renamed, batch.params()).evaluate(batch.images(), null, true, true).ofm());
  }

  @ParameterizedTest
  @MethodSource("org.ucospark.model.BuiltInModels#all")
  void ofmIsACosineForCompanionModelsAndNaNOtherwise(ModelVariant variant) {
    Batch batch = batch(variant);
    ModelParams p = batch.params();
    ComputationGraph graph = batch.graph();
    INDArray images = batch.images();
    INDArray targets = batch.targets();
    INDArray before = graph.params().dup();
    Evaluator.BatchResult r = new Evaluator(graph, p).evaluate(images, targets, true, true);
    assertEquals(before, graph.params(), "evaluation never changes the network");
    assertEquals(24, r.predictions().length);
    assertTrue(java.util.Arrays.stream(r.predictions()).allMatch(k -> k >= 0 && k < 4));
    String clusteringTerm =
        switch (variant.family()) {
          case "ddc" -> "ddc_3";
          case "dec" -> "kl";
          default -> "ohc";
        };
    assertTrue(Double.isFinite(r.terms().get(clusteringTerm)), r.terms().toString());
    if (variant.hasCompanion()) {
      assertTrue(r.ofm() >= -1 && r.ofm() <= 1, "ofm " + r.ofm());
      assertTrue(
          r.terms().containsKey(variant.hasUco() ? "uco/1" : "reconstruct"), r.terms().toString());
    } else {
      assertTrue(Double.isNaN(r.ofm()), "no companion, no OFM (NaN, never 0)");
    }
  }

  @ParameterizedTest
  @MethodSource("org.ucospark.model.BuiltInModels#pairwise")
  void pairwiseOfmIsTheCosineOfEveryPairOfTermsAndAgreesWithSimpleOfm(ModelVariant variant) {
    Batch batch = batch(variant);
    ModelParams p = batch.params();
    ComputationGraph graph = batch.graph();
    INDArray images = batch.images();
    INDArray targets = batch.targets();
    INDArray before = graph.params().dup();
    Evaluator.BatchResult simple = new Evaluator(graph, p).evaluate(images, targets, true, true);
    Evaluator.BatchResult pairwise =
        new Evaluator(graph, p, true).evaluate(images, targets, true, true);
    assertEquals(before, graph.params(), "evaluation never changes the network");
    java.util.List<String> terms = java.util.List.copyOf(pairwise.terms().keySet());
    assertEquals(
        terms.size() * (terms.size() - 1) / 2,
        pairwise.pairwise().size(),
        pairwise.pairwise().toString());
    for (int i = 0; i < terms.size(); i++) {
      for (int j = i + 1; j < terms.size(); j++) {
        double c = pairwise.pairwise().get(terms.get(i) + "|" + terms.get(j));
        assertTrue(c >= -1 && c <= 1, terms.get(i) + "|" + terms.get(j) + " " + c);
      }
    }
    // Σ of the per-term gradients split as the authors split them gives the simple OFM again
    assertEquals(simple.ofm(), pairwise.ofm(), 1e-4, "simple OFM from the per-term gradients");
    if (terms.size() == 2) {
      assertEquals(
          simple.ofm(),
          pairwise.pairwise().get(terms.get(0) + "|" + terms.get(1)),
          1e-4,
          "one clustering and one companion term: the pair is the simple OFM " + terms);
    }
    assertEquals(simple.terms(), pairwise.terms(), "the terms do not depend on the OFM mode");
  }

  @Test
  void pairwiseCosinesMakeASymmetricMatrix() {
    java.util.Map<String, Double> pairs = new java.util.LinkedHashMap<>();
    pairs.put("ddc_1|ddc_2", 0.5);
    pairs.put("ddc_1|uco/0", -0.25);
    pairs.put("ddc_2|uco/0", 0.125);
    java.util.Map<String, java.util.Map<String, Double>> m = EvaluationResult.symmetric(pairs);
    assertEquals(java.util.List.of("ddc_1", "ddc_2", "uco/0"), java.util.List.copyOf(m.keySet()));
    for (String t : m.keySet()) {
      assertEquals(1.0, m.get(t).get(t));
      for (String u : m.keySet()) {
        assertEquals(m.get(t).get(u), m.get(u).get(t), t + " " + u);
      }
    }
    assertEquals(-0.25, m.get("uco/0").get("ddc_1"));
  }

  @Test
  void ohcPredictsTheNearestCentroid() {
    ModelParams p = params(ModelVariant.OHC);
    ComputationGraph graph = Networks.create(p);
    INDArray images = Nd4j.rand(DataType.FLOAT, 12, 1, 28, 28);
    INDArray costs = graph.feedForward(images, false).get(org.ucospark.model.Layers.COSTS);
    int[] predictions = new Evaluator(graph, p).evaluate(images, null, false, false).predictions();
    assertArrayEquals(costs.neg().argMax(1).toIntVector(), predictions);
  }
}
