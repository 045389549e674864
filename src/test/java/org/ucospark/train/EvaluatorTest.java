package org.ucospark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
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
    // the MLP's block outputs are vectors: the naive kernel (spec section 3, DEC-UCO)
    LossParams loss = variant.encoder() == ModelVariant.Encoder.MLP
        ? new LossParams(0.15, 0.01, LossParams.KernelType.NAIVE, LossParams.Weighting.CONSTANT, true)
        : LossParams.defaults();
    return new ModelParams(variant, new InputShape(1, 28, 28), 4, 100, loss, 0.1,
        new OptimizerParams(1e-3, 0.9, 0.999, 1e-7, 10), 5);
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

  @Test
  void thetaIsTheBackboneTrainableParameters() {
    assertTrue(Evaluator.isBackbone("conv1a_W"));
    assertTrue(Evaluator.isBackbone("bn2_gamma"));
    assertTrue(!Evaluator.isBackbone("bn2_mean"), "running statistics are not trained");
    assertTrue(!Evaluator.isBackbone("dense_hidden_W"), "the head is not the backbone");
  }

  @ParameterizedTest
  @EnumSource(ModelVariant.class)
  void ofmIsACosineForCompanionModelsAndNaNOtherwise(ModelVariant variant) {
    ModelParams p = params(variant);
    ComputationGraph graph = Networks.create(p);
    INDArray images = Nd4j.rand(DataType.FLOAT, 24, 1, 28, 28).subi(0.5).muli(2);
    INDArray targets = null;
    if (variant.family() == ModelVariant.Family.DEC) {
      graph = DecNetworkBuilder.clusteringFrom(graph, p, Nd4j.randn(DataType.FLOAT, 4, 10));
      targets = TargetDistribution.of(graph.feedForward(images, false).get(Layers.ASSIGNMENTS));
    }
    INDArray before = graph.params().dup();
    Evaluator.BatchResult r = new Evaluator(graph, p).evaluate(images, targets, true, true);
    assertEquals(before, graph.params(), "evaluation never changes the network");
    assertEquals(24, r.predictions().length);
    assertTrue(java.util.Arrays.stream(r.predictions()).allMatch(k -> k >= 0 && k < 4));
    String clusteringTerm = switch (variant.family()) {
      case DDC -> "ddc_3";
      case DEC -> "kl";
      case OHC -> "ohc";
    };
    assertTrue(Double.isFinite(r.terms().get(clusteringTerm)), r.terms().toString());
    if (variant.hasCompanion()) {
      assertTrue(r.ofm() >= -1 && r.ofm() <= 1, "ofm " + r.ofm());
      assertTrue(r.terms().containsKey(variant.hasUco() ? "uco/1" : "reconstruct"), r.terms().toString());
    } else {
      assertTrue(Double.isNaN(r.ofm()), "no companion, no OFM (NaN, never 0)");
    }
  }

  @Test
  void ohcPredictsTheNearestCentroid() {
    ModelParams p = params(ModelVariant.OHC);
    ComputationGraph graph = Networks.create(p);
    INDArray images = Nd4j.rand(DataType.FLOAT, 12, 1, 28, 28);
    INDArray costs = graph.feedForward(images, false).get(org.ucospark.model.OhcNetworkBuilder.COSTS);
    int[] predictions = new Evaluator(graph, p).evaluate(images, null, false, false).predictions();
    assertArrayEquals(costs.neg().argMax(1).toIntVector(), predictions);
  }
}
