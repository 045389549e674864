package org.ucospark.train;

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
import org.ucospark.model.ModelParams;
import org.ucospark.model.Networks;
import org.ucospark.model.InputShape;
import org.ucospark.model.ModelVariant;
import org.ucospark.model.OptimizerParams;

class EvaluatorTest {
  static ModelParams params(ModelVariant variant) {
    return new ModelParams(variant, new InputShape(1, 28, 28), 4, 100, LossParams.defaults(), 0.1,
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
    INDArray before = graph.params().dup();
    Evaluator.BatchResult r = new Evaluator(graph, p).evaluate(images, null, true, true);
    assertEquals(before, graph.params(), "evaluation never changes the network");
    assertEquals(24, r.predictions().length);
    assertTrue(r.terms().keySet().containsAll(java.util.List.of("ddc_1", "ddc_2", "ddc_3")));
    if (variant.hasCompanion()) {
      assertTrue(r.ofm() >= -1 && r.ofm() <= 1, "ofm " + r.ofm());
      assertTrue(r.terms().containsKey(variant.hasUco() ? "uco/1" : "reconstruct"), r.terms().toString());
    } else {
      assertTrue(Double.isNaN(r.ofm()), "no companion, no OFM (NaN, never 0)");
    }
  }
}
