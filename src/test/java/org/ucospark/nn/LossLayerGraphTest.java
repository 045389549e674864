package org.ucospark.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;
import org.ucospark.loss.DdcLoss;
import org.ucospark.loss.Fixtures;
import org.ucospark.loss.LossParams;
import org.ucospark.model.DdcNetworkBuilder;
import org.ucospark.model.Layers;
import org.ucospark.model.LossHeads;
import org.ucospark.model.ModelVariant;
import org.ucospark.model.Objective;

/**
 * The loss heads inside real ComputationGraphs.
 *
 * <p>Fixture proof: graph input = the B×B identity, and A, H, every X_l are the weights of
 * bias-free identity dense layers ("assign", "hidden", "x0", …), so the layer outputs are exactly
 * the fixture tensors and the weight gradients are the gradients w.r.t. them. Checked: (1) graph
 * score = fixture total; (2) raw weight gradients = B × fixture gradients (DL4J convention, see
 * ExplicitLossLayer); (3) one real {@code fit} step with SGD(lr=1) moves every tensor by exactly
 * −(fixture gradient), i.e. the effective gradient DL4J trains with is the spec's. Tolerances as in
 * the loss tests (1e-6 double, 1e-3 float, max|a−b| / max(1, max|b|)).
 */
class LossLayerGraphTest {

  /**
   * Adds a case's loss heads to a graph whose layers "assign", "hidden", "x0", … output the fixture
   * tensors.
   */
  interface Heads {
    /**
     * @return the output names
     */
    List<String> add(
        ComputationGraphConfiguration.GraphBuilder gb,
        JsonNode c,
        int k,
        int hidden,
        List<long[]> blocks);
  }

  static ComputationGraph fixtureGraph(JsonNode c, DataType dt, double lr) {
    return graphOf(c, dt, lr, LossLayerGraphTest::builtHeads);
  }

  /** The heads built directly with the layer builders (exact distance gradient). */
  static List<String> builtHeads(
      ComputationGraphConfiguration.GraphBuilder gb,
      JsonNode c,
      int k,
      int hidden,
      List<long[]> blocks) {
    gb.addVertex("ddc_in", new MergeVertex(), "hidden", "assign");
    gb.addLayer(
        "ddc",
        new DdcLossLayer.Builder()
            .hiddenSize(hidden)
            .clusters(k)
            .relSigma(c.get("rel_sigma").asDouble())
            .distanceGradient("exact")
            .build(),
        "ddc_in");
    List<String> outs = new ArrayList<>(List.of("ddc"));
    for (int i = 0; i < blocks.size(); i++) {
      gb.addVertex("uco" + i + "_in", new MergeVertex(), "x" + i, "assign");
      gb.addLayer(
          "uco" + i,
          new UcoLossLayer.Builder()
              .blockShape(blocks.get(i))
              .clusters(k)
              .kernel(c.get("kernel").asText())
              .lambda(c.get("uco_lambda").asDouble())
              .weight(1.0)
              .relSigma(c.get("rel_sigma").asDouble())
              .assignmentGradient(true)
              .distanceGradient("exact")
              .build(),
          "uco" + i + "_in");
      outs.add("uco" + i);
    }
    return outs;
  }

  /**
   * Graph input = the B×B identity; A, H and every X_l are the weights of bias-free identity dense
   * layers, so the layer outputs are exactly the fixture tensors; {@code heads} attaches the loss
   * heads.
   */
  static ComputationGraph graphOf(JsonNode c, DataType dt, double lr, Heads heads) {
    JsonNode in = c.get("inputs");
    INDArray a = Fixtures.tensor(in.get("assignments"), dt);
    INDArray h = Fixtures.tensor(in.get("hidden"), dt);
    List<INDArray> xs = Fixtures.tensors(in.get("intermediates"), dt);
    int b = (int) a.size(0);
    int k = (int) a.size(1);
    ComputationGraphConfiguration.GraphBuilder gb =
        new NeuralNetConfiguration.Builder()
            .dataType(dt)
            .updater(lr > 0 ? new Sgd(lr) : new NoOp())
            .weightInit(WeightInit.ZERO)
            .graphBuilder()
            .addInputs("id")
            .setInputTypes(InputType.feedForward(b));
    gb.addLayer("assign", dense(b, k), "id");
    gb.addLayer("hidden", dense(b, (int) h.size(1)), "id");
    List<long[]> blocks = new ArrayList<>();
    for (int i = 0; i < xs.size(); i++) {
      long[] shape = xs.get(i).shape();
      blocks.add(java.util.Arrays.copyOfRange(shape, 1, shape.length));
      gb.addLayer("x" + i, dense(b, (int) (xs.get(i).length() / b)), "id");
    }
    gb.setOutputs(heads.add(gb, c, k, (int) h.size(1), blocks).toArray(new String[0]));
    ComputationGraph g = new ComputationGraph(gb.build());
    g.init();
    g.getLayer("assign").setParam("W", a);
    g.getLayer("hidden").setParam("W", h);
    for (int i = 0; i < xs.size(); i++) g.getLayer("x" + i).setParam("W", xs.get(i).reshape(b, -1));
    return g;
  }

  static DenseLayer dense(int nIn, int nOut) {
    return new DenseLayer.Builder()
        .nIn(nIn)
        .nOut(nOut)
        .hasBias(false)
        .activation(Activation.IDENTITY)
        .build();
  }

  static INDArray[] dummyLabels(ComputationGraph g, int b) {
    INDArray[] l = new INDArray[g.getNumOutputArrays()];
    for (int i = 0; i < l.length; i++) l[i] = Nd4j.zeros(g.params().dataType(), b, 1);
    return l;
  }

  /** Builds the graph of a fixture case (dtype, SGD learning rate; 0 = no updates). */
  interface GraphOfCase {
    ComputationGraph build(JsonNode c, DataType dt, double lr);
  }

  @TestFactory
  Stream<DynamicTest> fixtureThroughGraph() {
    List<DynamicTest> t = new ArrayList<>();
    for (JsonNode c : Fixtures.lossCases()) {
      t.add(
          DynamicTest.dynamicTest(
              Fixtures.name(c) + " double", () -> checkGraph(c, DataType.DOUBLE, 1e-6)));
      t.add(
          DynamicTest.dynamicTest(
              Fixtures.name(c) + " float", () -> checkGraph(c, DataType.FLOAT, 1e-3)));
    }
    return t.stream();
  }

  /**
   * {@code loss.distance_gradient = authors} reaches training: the loss heads that {@link
   * LossHeads} attaches for a model whose {@link LossParams} say "authors" (as {@code RunSettings}
   * binds the key) give the gradients of fixtures/authors_gradient.json, in the raw gradients and
   * in one real fit step.
   */
  @TestFactory
  Stream<DynamicTest> authorsGradientThroughTheModelsLossHeads() {
    List<DynamicTest> t = new ArrayList<>();
    for (JsonNode c : Fixtures.authorsGradientCases()) {
      t.add(
          DynamicTest.dynamicTest(
              Fixtures.name(c) + " double",
              () -> checkGraph(c, DataType.DOUBLE, 1e-6, LossLayerGraphTest::headsGraph)));
      t.add(
          DynamicTest.dynamicTest(
              Fixtures.name(c) + " float",
              () -> checkGraph(c, DataType.FLOAT, 1e-3, LossLayerGraphTest::headsGraph)));
    }
    return t.stream();
  }

  /**
   * As {@link #fixtureGraph}, but the DDC and UCO heads are written by {@link LossHeads} from the
   * {@link Objective} of the case's loss parameters (its {@code distance_gradient} included).
   */
  static ComputationGraph headsGraph(JsonNode c, DataType dt, double lr) {
    ComputationGraph g = graphOf(c, dt, lr, LossLayerGraphTest::modelHeads);
    for (String o : g.getConfiguration().getNetworkOutputs()) {
      ExplicitLossLayer head = (ExplicitLossLayer) g.getLayer(o).conf().getLayer();
      assertEquals(Fixtures.distanceGradient(c).json(), head.getDistanceGradient(), o);
    }
    return g;
  }

  /**
   * The heads {@link LossHeads} writes from the {@link Objective} of a DDC-UCO model with the
   * case's loss parameters. The objective reads A, H and X_l under the model's names ({@link
   * Layers#ASSIGNMENTS}, {@link DdcNetworkBuilder#HIDDEN}, {@link Layers#block}): identity vertices
   * give the fixture layers those names (a block of shape C×H×W reshaped to a CNN activation first,
   * as in the real networks).
   */
  static List<String> modelHeads(
      ComputationGraphConfiguration.GraphBuilder gb,
      JsonNode c,
      int k,
      int hidden,
      List<long[]> blocks) {
    LossParams loss =
        new LossParams(
            c.get("rel_sigma").asDouble(),
            c.get("uco_lambda").asDouble(),
            LossParams.KernelType.parse(c.get("kernel").asText()),
            LossParams.Weighting.CONSTANT,
            true,
            Fixtures.distanceGradient(c));
    gb.addVertex(Layers.ASSIGNMENTS, new ScaleVertex(1.0), "assign");
    for (int i = 0; i < blocks.size(); i++) {
      long[] block = blocks.get(i);
      gb.addVertex(
          Layers.block(i),
          block.length == 3
              ? new PreprocessorVertex(
                  new FeedForwardToCnnPreProcessor(block[1], block[2], block[0]))
              : new ScaleVertex(1.0),
          "x" + i);
    }
    Objective objective = Objective.of(ModelVariant.DDC_UCO, loss, hidden, k, blocks, 0.1);
    return LossHeads.add(gb, objective, List.of());
  }

  static void checkGraph(JsonNode c, DataType dt, double tol) {
    checkGraph(c, dt, tol, LossLayerGraphTest::fixtureGraph);
  }

  static void checkGraph(JsonNode c, DataType dt, double tol, GraphOfCase graphOf) {
    int b = (int) c.get("inputs").get("assignments").get("shape").get(0).asLong();
    INDArray id = Nd4j.eye(b).castTo(dt);
    JsonNode g = c.get("grad");
    List<String> names = new ArrayList<>(List.of("assign", "hidden"));
    List<INDArray> expect =
        new ArrayList<>(
            List.of(
                Fixtures.tensor(g.get("assignments"), DataType.DOUBLE),
                Fixtures.tensor(g.get("hidden"), DataType.DOUBLE)));
    List<INDArray> gx = Fixtures.tensors(g.get("intermediates"), DataType.DOUBLE);
    for (int i = 0; i < gx.size(); i++) {
      names.add("x" + i);
      expect.add(gx.get(i).reshape(b, -1));
    }
    StringBuilder rep = new StringBuilder("graph " + Fixtures.name(c) + " " + dt);
    double worst = 0;

    ComputationGraph net = graphOf.build(c, dt, 0);
    net.setInputs(id);
    net.setLabels(dummyLabels(net, b));
    net.computeGradientAndScore();
    double e = Fixtures.relErr(net.score(), c.get("total").asDouble());
    rep.append(String.format(" score=%.2e", e));
    worst = Math.max(worst, e);
    for (int i = 0; i < names.size(); i++) {
      INDArray raw = net.gradient().getGradientFor(names.get(i) + "_W");
      e = Fixtures.relErr(raw.castTo(DataType.DOUBLE).div(b), expect.get(i));
      rep.append(String.format(" raw/B %s=%.2e", names.get(i), e));
      worst = Math.max(worst, e);
    }

    // one SGD(lr=1) step through fit(): parameter change = −effective gradient
    ComputationGraph fit = graphOf.build(c, dt, 1.0);
    INDArray before = fit.params().dup();
    List<INDArray> w0 = new ArrayList<>();
    for (String n : names) w0.add(fit.getLayer(n).getParam("W").castTo(DataType.DOUBLE).dup());
    fit.fit(new MultiDataSet(new INDArray[] {id}, dummyLabels(fit, b)));
    assertTrue(!before.equals(fit.params()));
    for (int i = 0; i < names.size(); i++) {
      INDArray step =
          w0.get(i).sub(fit.getLayer(names.get(i)).getParam("W").castTo(DataType.DOUBLE));
      e = Fixtures.relErr(step, expect.get(i));
      rep.append(String.format(" fitStep %s=%.2e", names.get(i), e));
      worst = Math.max(worst, e);
    }
    rep.append(String.format(" | worst=%.2e (tol %.0e)", worst, tol));
    System.out.println(rep);
    assertTrue(worst <= tol, rep.toString());
  }

  /**
   * The heads have no defaults of their own (reference.conf's are the only ones): a builder missing
   * one fails.
   */
  @Test
  void headBuildersRequireEveryLossSetting() {
    var ddc =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new DdcLossLayer.Builder()
                    .hiddenSize(4)
                    .clusters(3)
                    .distanceGradient("exact")
                    .build());
    assertTrue(ddc.getMessage().contains("loss.rel_sigma"), ddc.getMessage());
    var uco =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new UcoLossLayer.Builder()
                    .blockShape(3, 2, 2)
                    .clusters(3)
                    .kernel("tensor")
                    .weight(1)
                    .relSigma(0.15)
                    .assignmentGradient(true)
                    .distanceGradient("exact")
                    .build());
    assertTrue(uco.getMessage().contains("lambda"), uco.getMessage());
    var gradient =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new UcoLossLayer.Builder()
                    .blockShape(3, 2, 2)
                    .clusters(3)
                    .kernel("tensor")
                    .weight(1)
                    .lambda(0.01)
                    .relSigma(0.15)
                    .assignmentGradient(true)
                    .build());
    assertTrue(gradient.getMessage().contains("loss.distance_gradient"), gradient.getMessage());
  }

  @Test
  void jsonRoundTrip() {
    JsonNode c = Fixtures.lossCases().get(0);
    ComputationGraphConfiguration conf = fixtureGraph(c, DataType.DOUBLE, 0).getConfiguration();
    String json = conf.toJson();
    ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
    assertEquals(json, back.toJson());
    assertEquals(conf, back);
    UcoLossLayer u =
        (UcoLossLayer)
            ((org.deeplearning4j.nn.conf.graph.LayerVertex) back.getVertices().get("uco0"))
                .getLayerConf()
                .getLayer();
    assertEquals(4, u.getClusters());
    assertEquals("tensor", u.getKernel());
    assertEquals(0.01, u.getLambda());
    assertEquals(3, u.getBlockShape()[0]);
    DdcLossLayer d =
        (DdcLossLayer)
            ((org.deeplearning4j.nn.conf.graph.LayerVertex) back.getVertices().get("ddc"))
                .getLayerConf()
                .getLayer();
    assertEquals(8, d.getHiddenSize());
    assertEquals(0.15, d.getRelSigma());
    // the restored configuration computes the same score
    ComputationGraph g2 = new ComputationGraph(back);
    g2.init();
    ComputationGraph g1 = fixtureGraph(c, DataType.DOUBLE, 0);
    g2.setParams(g1.params());
    INDArray id = Nd4j.eye(12).castTo(DataType.DOUBLE);
    g1.setInputs(id);
    g1.setLabels(dummyLabels(g1, 12));
    g1.computeGradientAndScore();
    g2.setInputs(id);
    g2.setLabels(dummyLabels(g2, 12));
    g2.computeGradientAndScore();
    assertEquals(g1.score(), g2.score(), 1e-12);
  }

  /**
   * DL4J gradient check (double): in → dense(tanh) = H, in → dense(softmax) = A, in → dense(relu) =
   * X ([3,2,2] flattened) ; ddc(H, A), uco tensor(X, A), uco naive(X, A). σ is held fixed ({@code
   * fixedSigma}) because the check perturbs parameters and the batch median would move with them,
   * while the spec (and the explicit backward) treats it as a constant.
   */
  @Test
  void dl4jGradientCheck() {
    DataType prevD = Nd4j.dataType();
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    try {
      Nd4j.getRandom().setSeed(12345);
      int b = 8;
      int k = 3;
      ComputationGraphConfiguration conf =
          new NeuralNetConfiguration.Builder()
              .seed(12345)
              .dataType(DataType.DOUBLE)
              .updater(new NoOp())
              .weightInit(WeightInit.XAVIER)
              .graphBuilder()
              .addInputs("in")
              .setInputTypes(InputType.feedForward(5))
              .addLayer(
                  "hidden",
                  new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build(),
                  "in")
              .addLayer(
                  "assign",
                  new DenseLayer.Builder().nOut(k).activation(Activation.SOFTMAX).build(),
                  "in")
              .addLayer(
                  "x",
                  new DenseLayer.Builder().nOut(12).activation(Activation.SIGMOID).build(),
                  "in")
              .addVertex("ddc_in", new MergeVertex(), "hidden", "assign")
              .addVertex("uco_in", new MergeVertex(), "x", "assign")
              .addLayer(
                  "ddc",
                  new DdcLossLayer.Builder()
                      .hiddenSize(4)
                      .clusters(k)
                      .fixedSigma(0.3)
                      .distanceGradient("exact")
                      .build(),
                  "ddc_in")
              .addLayer(
                  "uco_t",
                  new UcoLossLayer.Builder()
                      .blockShape(3, 2, 2)
                      .clusters(k)
                      .kernel("tensor")
                      .lambda(1.0)
                      .weight(1.0)
                      .fixedSigma(0.5)
                      .assignmentGradient(true)
                      .distanceGradient("exact")
                      .build(),
                  "uco_in")
              .addLayer(
                  "uco_n",
                  new UcoLossLayer.Builder()
                      .blockShape(3, 2, 2)
                      .clusters(k)
                      .kernel("naive")
                      .lambda(1.0)
                      .weight(0.5)
                      .fixedSigma(0.2)
                      .assignmentGradient(true)
                      .distanceGradient("exact")
                      .build(),
                  "uco_in")
              .setOutputs("ddc", "uco_t", "uco_n")
              .build();
      ComputationGraph g = new ComputationGraph(conf);
      g.init();
      INDArray in = Nd4j.randn(DataType.DOUBLE, b, 5);
      boolean ok =
          GradientCheckUtil.checkGradients(
              new GradientCheckUtil.GraphConfig()
                  .net(g)
                  .inputs(new INDArray[] {in})
                  .labels(dummyLabels(g, b))
                  .epsilon(1e-6)
                  .maxRelError(1e-5)
                  .minAbsoluteError(1e-9)
                  .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)
                  .exitOnFirstError(false));
      assertTrue(ok, "DL4J gradient check");
      // and DDC only with the batch median (the layer's default), as a sanity check of σ
      double sigma =
          DdcLoss.compute(
                  g.feedForward(in, false).get("assign"),
                  g.feedForward(in, false).get("hidden"),
                  0.15,
                  Double.NaN,
                  false,
                  LossParams.DistanceGradient.EXACT)
              .sigma();
      assertTrue(sigma > 0);
    } finally {
      Nd4j.setDefaultDataTypes(prevD, prevD);
    }
  }
}
