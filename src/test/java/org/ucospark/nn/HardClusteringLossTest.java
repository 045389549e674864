package org.ucospark.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.ucospark.loss.HardAssignment;

/** The online hard-regularised clustering loss in DL4J's conventions (docs/ALGORITHMS.md §3.9). */
class HardClusteringLossTest {
  private static final IActivation IDENTITY = Activation.IDENTITY.getActivationFunction();
  private final HardClusteringLoss loss = new HardClusteringLoss();

  /**
   * By hand (see HardAssignmentTest.threeSamplesByHand): a = (0, 1, 0), assigned costs 0.0, 0.5,
   * 0.2, so the loss is 0.7 / 3.
   */
  private static final double[][] COST = {{0.0, 2.0}, {0.1, 0.5}, {0.2, 0.9}};

  private static final double[][] ONE_HOT = {{1, 0}, {0, 1}, {1, 0}};

  private static INDArray dummyLabels(long rows, DataType dataType) {
    return Nd4j.zeros(dataType, rows, 1);
  }

  @Test
  void scoreIsTheMeanAssignedCostAndGradientIsOneHot() {
    for (DataType dataType : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
      INDArray cost = Nd4j.createFromArray(COST).castTo(dataType);
      INDArray labels = dummyLabels(3, dataType);
      double tolerance = dataType == DataType.DOUBLE ? 1e-15 : 1e-7;
      assertEquals(0.7 / 3, loss.computeScore(labels, cost, IDENTITY, null, true), tolerance);
      assertEquals(0.7, loss.computeScore(labels, cost, IDENTITY, null, false), tolerance);

      INDArray scores = loss.computeScoreArray(labels, cost, IDENTITY, null);
      assertArrayEquals(new long[] {3, 1}, scores.shape());
      assertEquals(dataType, scores.dataType());
      assertArrayEquals(
          new double[] {0.0, 0.5, 0.2},
          scores.castTo(DataType.DOUBLE).data().asDouble(),
          tolerance);
      // The score array sums to B · (averaged score).
      assertEquals(
          3 * loss.computeScore(labels, cost, IDENTITY, null, true),
          scores.sumNumber().doubleValue(),
          tolerance);

      INDArray gradient = loss.computeGradient(labels, cost, IDENTITY, null);
      assertEquals(dataType, gradient.dataType());
      assertEquals(Nd4j.createFromArray(ONE_HOT).castTo(dataType), gradient);

      var both = loss.computeGradientAndScore(labels, cost, IDENTITY, null, true);
      assertEquals(0.7 / 3, both.getFirst(), tolerance);
      assertEquals(gradient, both.getSecond());
    }
  }

  @Test
  void gradientIsOneHotAtTheGreedyAssignmentOfALargeBatch() {
    Random random = new Random(11);
    double[][] cost = new double[64][10];
    for (double[] row : cost) {
      for (int k = 0; k < row.length; k++) {
        row[k] = random.nextDouble();
      }
    }
    INDArray c = Nd4j.createFromArray(cost);
    int[] assignment = HardAssignment.greedy(cost).clusterOf();
    INDArray gradient = loss.computeGradient(dummyLabels(64, DataType.DOUBLE), c, IDENTITY, null);
    double sum = 0;
    for (int i = 0; i < 64; i++) {
      assertEquals(1.0, gradient.getRow(i).sumNumber().doubleValue());
      assertEquals(1.0, gradient.getDouble(i, assignment[i]));
      sum += cost[i][assignment[i]];
    }
    assertEquals(
        sum / 64,
        loss.computeScore(dummyLabels(64, DataType.DOUBLE), c, IDENTITY, null, true),
        1e-12);
  }

  @Test
  void finiteDifferencesMatchTheGradientWhereTheAssignmentIsStable() {
    // Random costs on a coarse grid plus small noise: every decision margin in the greedy pass is
    // far above h, which the loop also checks (the assignment must not change under the
    // perturbation).
    Random random = new Random(5);
    int rows = 6;
    int clusters = 3;
    INDArray cost = Nd4j.create(DataType.DOUBLE, rows, clusters);
    for (int i = 0; i < rows; i++) {
      for (int k = 0; k < clusters; k++) {
        cost.putScalar(i, k, random.nextInt(4) * 0.37 + 0.01 * random.nextDouble());
      }
    }
    INDArray labels = dummyLabels(rows, DataType.DOUBLE);
    int[] assignment = HardAssignment.greedy(cost).clusterOf();
    // The averaged score's derivative is the per-example gradient over B (DL4J's updater divides by
    // B).
    INDArray analytic = loss.computeGradient(labels, cost, IDENTITY, null).div(rows);
    double h = 1e-6;
    for (int i = 0; i < rows; i++) {
      for (int k = 0; k < clusters; k++) {
        double original = cost.getDouble(i, k);
        cost.putScalar(i, k, original + h);
        assertArrayEquals(assignment, HardAssignment.greedy(cost).clusterOf());
        double plus = loss.computeScore(labels, cost, IDENTITY, null, true);
        cost.putScalar(i, k, original - h);
        assertArrayEquals(assignment, HardAssignment.greedy(cost).clusterOf());
        double minus = loss.computeScore(labels, cost, IDENTITY, null, true);
        cost.putScalar(i, k, original);
        assertEquals(
            analytic.getDouble(i, k), (plus - minus) / (2 * h), 1e-8, "dL/dC[" + i + "," + k + "]");
      }
    }
  }

  @Test
  void maskedRowsScoreZeroAndLeaveTheAssignment() {
    // Row 0 masked: rows 1 and 2 alone are assigned (0, 0) — see
    // HardAssignmentTest.maskedRowsTakeNoPart — with costs 0.1 and 0.2; the average still divides
    // by B = 3, as DL4J's losses do.
    INDArray cost = Nd4j.createFromArray(COST);
    INDArray mask = Nd4j.createFromArray(new double[][] {{0}, {1}, {1}});
    INDArray labels = dummyLabels(3, DataType.DOUBLE);
    assertEquals(0.3 / 3, loss.computeScore(labels, cost, IDENTITY, mask, true), 1e-15);
    assertArrayEquals(
        new double[] {0, 0.1, 0.2},
        loss.computeScoreArray(labels, cost, IDENTITY, mask).data().asDouble(),
        1e-15);
    assertEquals(
        Nd4j.createFromArray(new double[][] {{0, 0}, {1, 0}, {1, 0}}),
        loss.computeGradient(labels, cost, IDENTITY, mask));
    assertThrows(
        IllegalArgumentException.class,
        () -> loss.computeGradient(labels, cost, IDENTITY, Nd4j.ones(DataType.DOUBLE, 3, 2)));
  }

  private static ComputationGraph costAsOutputOfIdentityDense(int clusters) {
    // A bias-free identity dense layer with W = I passes C through unchanged, so the loss layer
    // sees the cost matrix and W's gradient exposes dL/dC: dL/dW = Cᵀ · dL/dC.
    ComputationGraphConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .dataType(DataType.DOUBLE)
            .seed(1)
            .updater(new Sgd(1.0))
            .graphBuilder()
            .addInputs("cost")
            .setInputTypes(InputType.feedForward(clusters))
            .addLayer(
                "pass",
                new DenseLayer.Builder()
                    .nOut(clusters)
                    .hasBias(false)
                    .activation(Activation.IDENTITY)
                    .build(),
                "cost")
            .addLayer(
                "out",
                new LossLayer.Builder(new HardClusteringLoss())
                    .activation(Activation.IDENTITY)
                    .build(),
                "pass")
            .setOutputs("out")
            .build();
    ComputationGraph graph = new ComputationGraph(conf);
    graph.init();
    graph.getLayer("pass").setParam("W", Nd4j.eye(clusters).castTo(DataType.DOUBLE));
    return graph;
  }

  @Test
  void inALossLayerTheScoreIsTheMeanAndOneSgdStepUsesTheMeanGradient() {
    INDArray cost = Nd4j.createFromArray(COST);
    ComputationGraph graph = costAsOutputOfIdentityDense(2);
    DataSet batch = new DataSet(cost, dummyLabels(3, DataType.DOUBLE));
    assertEquals(0.7 / 3, graph.score(batch), 1e-15);

    // One SGD step with learning rate 1: W ← I − Cᵀ G / B with G the one-hot gradient — the
    // updater's 1/B turns DL4J's per-example one-hot into the spec's mean gradient.
    graph.fit(batch);
    INDArray expected =
        Nd4j.eye(2)
            .castTo(DataType.DOUBLE)
            .sub(cost.transpose().mmul(Nd4j.createFromArray(ONE_HOT)).div(3));
    INDArray actual = graph.getLayer("pass").getParam("W");
    assertEquals(0, expected.sub(actual).norm2Number().doubleValue(), 1e-12, actual.toString());
  }

  @Test
  void survivesJsonRoundTrip() throws Exception {
    ComputationGraphConfiguration conf = costAsOutputOfIdentityDense(4).getConfiguration();
    ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
    assertEquals(conf, back);
    LossLayer layer =
        (LossLayer)
            ((org.deeplearning4j.nn.conf.graph.LayerVertex) back.getVertices().get("out"))
                .getLayerConf()
                .getLayer();
    assertInstanceOf(HardClusteringLoss.class, layer.getLossFn());

    String json = NeuralNetConfiguration.mapper().writeValueAsString(loss);
    assertEquals(loss, NeuralNetConfiguration.mapper().readValue(json, ILossFunction.class));
  }

  @Test
  void equalityAndName() {
    assertEquals(new HardClusteringLoss(), loss);
    assertEquals(new HardClusteringLoss().hashCode(), loss.hashCode());
    assertNotEquals(new ReconstructionLoss(), loss);
    assertEquals("HardClusteringLoss", loss.name());
    assertEquals(loss.name(), loss.toString());
  }
}
