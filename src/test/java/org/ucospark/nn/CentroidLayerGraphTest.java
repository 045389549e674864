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
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import org.ucospark.loss.Centroids;
import org.ucospark.loss.TargetDistribution;

/**
 * The centroid layer and DEC's KL head inside real DL4J graphs: gradient checks, score, JSON round
 * trip.
 */
class CentroidLayerGraphTest {

  static ComputationGraphConfiguration graph(
      CentroidLayer centroids, org.nd4j.linalg.lossfunctions.ILossFunction loss) {
    return new NeuralNetConfiguration.Builder()
        .seed(3)
        .dataType(DataType.DOUBLE)
        .updater(new NoOp())
        .weightInit(WeightInit.XAVIER)
        .graphBuilder()
        .addInputs("in")
        .setInputTypes(InputType.feedForward(5))
        .addLayer("z", new DenseLayer.Builder().nOut(3).activation(Activation.TANH).build(), "in")
        .addLayer("centroids", centroids, "z")
        .addLayer(
            "out", new LossLayer.Builder(loss).activation(Activation.IDENTITY).build(), "centroids")
        .setOutputs("out")
        .build();
  }

  static boolean gradientCheck(ComputationGraph g, INDArray in, INDArray labels) {
    return GradientCheckUtil.checkGradients(
        new GradientCheckUtil.GraphConfig()
            .net(g)
            .inputs(new INDArray[] {in})
            .labels(new INDArray[] {labels})
            .epsilon(1e-6)
            .maxRelError(1e-5)
            .minAbsoluteError(1e-9)
            .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)
            .exitOnFirstError(false));
  }

  @Test
  void decKlThroughStudentTPassesDl4jGradientCheck() {
    withDouble(
        () -> {
          Nd4j.getRandom().setSeed(11);
          ComputationGraph g =
              new ComputationGraph(
                  graph(
                      new CentroidLayer.Builder().studentT(1.0).nOut(4).build(),
                      new KlDivergenceLoss()));
          g.init();
          INDArray in = Nd4j.randn(DataType.DOUBLE, 6, 5);
          INDArray q = g.outputSingle(in);
          INDArray p = TargetDistribution.of(q.add(Nd4j.rand(DataType.DOUBLE, 6, 4).muli(0.1)));
          assertTrue(
              gradientCheck(g, in, p),
              "DL4J gradient check of KL(P||Q) through the Student-t layer");
          // score = mean over the batch of KL(P_i || Q_i)
          double expected =
              java.util.Arrays.stream(TargetDistribution.klPerRow(p, q)).average().orElseThrow();
          assertEquals(
              expected,
              g.score(
                  new org.nd4j.linalg.dataset.MultiDataSet(
                      new INDArray[] {in}, new INDArray[] {p})),
              1e-12);
        });
  }

  @Test
  void costLayerPassesDl4jGradientCheckAndComputesScaledDistances() {
    withDouble(
        () -> {
          Nd4j.getRandom().setSeed(12);
          ComputationGraph g =
              new ComputationGraph(
                  graph(new CentroidLayer.Builder().cost(2.0).nOut(3).build(), new LossMSE()));
          g.init();
          INDArray in = Nd4j.randn(DataType.DOUBLE, 5, 5);
          assertTrue(
              gradientCheck(g, in, Nd4j.randn(DataType.DOUBLE, 5, 3)),
              "DL4J gradient check of the cost layer");
          INDArray z = g.feedForward(in, false).get("z");
          INDArray mu = g.getLayer("centroids").getParam("W").transpose();
          INDArray expected = Centroids.scaledCosts(z, mu, 2.0);
          assertTrue(expected.equalsWithEps(g.outputSingle(in), 1e-12));
          assertEquals(
              1,
              g.getLayer("centroids").paramTable().size(),
              "the centroids are the only parameter");
        });
  }

  @Test
  void configurationRoundTripsThroughJson() {
    ComputationGraphConfiguration conf =
        graph(new CentroidLayer.Builder().cost(100).nOut(10).build(), new HardClusteringLoss());
    assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()));
    ComputationGraphConfiguration dec =
        graph(new CentroidLayer.Builder().studentT(1.0).nOut(10).build(), new KlDivergenceLoss());
    assertEquals(dec, ComputationGraphConfiguration.fromJson(dec.toJson()));
  }

  private static void withDouble(Runnable body) {
    DataType previous = Nd4j.dataType();
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    try {
      body.run();
    } finally {
      Nd4j.setDefaultDataTypes(previous, previous);
    }
  }
}
