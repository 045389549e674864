package org.ucospark.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.ucospark.loss.LossParams;
import org.ucospark.nn.ReconstructionLoss;
import org.ucospark.nn.UcoLossLayer;

/**
 * The model's {@link Objective}: its terms and scales, the heads written from it, and θ read from
 * the wiring.
 */
class ObjectiveTest {
  private static ModelParams params(ModelVariant variant, LossParams loss) {
    return new ModelParams(
        variant,
        new InputShape(1, 28, 28),
        4,
        ModelParams.HIDDEN_SIZE,
        loss,
        0.1,
        new OptimizerParams(1e-3, 0.9, 0.999, 1e-7, 10),
        3);
  }

  private static final LossParams LINEAR =
      new LossParams(0.15, 0.02, LossParams.KernelType.TENSOR, LossParams.Weighting.LINEAR, true);

  @Test
  void termsAreNamedAsLoggedAndScaledOnce() {
    Objective o = Objective.of(params(ModelVariant.DDC_UCO, LINEAR));
    assertEquals(
        List.of("ddc_1", "ddc_2", "ddc_3", "uco/0", "uco/1"),
        o.terms().stream().map(Term::name).toList());
    assertEquals(0.02 * 0.5, o.term("uco/0").scale(), 0);
    assertEquals(0.02 * 1.0, o.term("uco/1").scale(), 0);
    assertEquals(List.of(Layers.BLOCK2, Layers.ASSIGNMENTS), o.term("uco/1").inputs());
    assertTrue(o.term("uco/0").companion());
    assertFalse(o.term("ddc_2").companion());
    assertEquals(
        List.of("kl", "reconstruct"),
        Objective.of(params(ModelVariant.IDEC, LINEAR)).terms().stream().map(Term::name).toList());
    assertEquals(
        0.1, Objective.of(params(ModelVariant.IDEC, LINEAR)).term("reconstruct").scale(), 0);
    assertEquals(
        1.0,
        Objective.pretraining(params(ModelVariant.IDEC, LINEAR)).term("reconstruct").scale(),
        0);
    assertEquals(
        List.of("ohc"),
        Objective.of(params(ModelVariant.OHC, LINEAR)).terms().stream().map(Term::name).toList());
  }

  @Test
  void theNetworkHeadsCarryTheObjectivesScales() {
    ModelParams p = params(ModelVariant.DDC_UCO, LINEAR);
    Objective o = Objective.of(p);
    ComputationGraphConfiguration conf = Networks.configuration(p);
    for (Term t : o.terms()) {
      if (t.kind().equals(UcoTerm.NAME)) {
        UcoLossLayer head =
            (UcoLossLayer)
                ((LayerVertex) conf.getVertices().get(t.head())).getLayerConf().getLayer();
        assertEquals(t.scale(), head.getLambda() * head.getWeight(), 0, t.name());
      }
    }
    ComputationGraphConfiguration ae = Networks.configuration(params(ModelVariant.DDC_AE, LINEAR));
    ReconstructionLoss mse =
        (ReconstructionLoss)
            ((org.deeplearning4j.nn.conf.layers.LossLayer)
                    ((LayerVertex) ae.getVertices().get(Layers.RECONSTRUCT_OUTPUT))
                        .getLayerConf()
                        .getLayer())
                .getLossFn();
    assertEquals(0.1, mse.getWeight(), 0);
  }

  @Test
  void thetaIsTheBackboneTrainableParameters() {
    ModelParams p = params(ModelVariant.DDC_UCO, LossParams.defaults());
    List<String> theta = Objective.of(p).theta(Networks.create(p));
    assertTrue(
        theta.containsAll(
            List.of(
                "conv1a_W",
                "conv1a_b",
                "conv1b_W",
                "block1_gamma",
                "block1_beta",
                "conv2a_W",
                "conv2b_b",
                "bn2_relu_gamma")),
        theta.toString());
    assertFalse(theta.contains("bn2_relu_mean"), "running statistics are not trained");
    assertFalse(
        theta.stream().anyMatch(v -> v.startsWith("dense_hidden") || v.startsWith("hidden")),
        "the head is not the backbone: " + theta);
    assertEquals(12, theta.size(), theta.toString());
    ModelParams mlp =
        params(
            ModelVariant.DEC_UCO,
            new LossParams(
                0.15, 0.01, LossParams.KernelType.NAIVE, LossParams.Weighting.CONSTANT, true));
    ComputationGraph dec =
        DecNetworkBuilder.clusteringFrom(
            Networks.create(mlp), mlp, org.nd4j.linalg.factory.Nd4j.zeros(DataType.FLOAT, 4, 10));
    assertEquals(
        List.of("enc1_W", "enc1_b", "block1_W", "block1_b", "block2_W", "block2_b"),
        Objective.of(mlp).theta(dec));
  }

  /**
   * θ comes from the wiring, not from layer names: the same network with its first convolution
   * renamed has the same parameter set θ (the renamed layer's entries under the new name, the same
   * number of values, equal values).
   */
  @Test
  void thetaFollowsARenamedBackboneLayer() {
    ModelParams p = params(ModelVariant.DDC_UCO, LossParams.defaults());
    ComputationGraph original = Networks.create(p);
    ComputationGraph renamed = renamed(original, "conv1a", "first_convolution");
    Objective o = Objective.of(p);
    List<String> before = o.theta(original);
    List<String> after = o.theta(renamed);
    assertEquals(
        before.stream()
            .map(v -> v.replace("conv1a_", "first_convolution_"))
            .collect(Collectors.toSet()),
        setOf(after));
    assertTrue(after.contains("first_convolution_W"));
    assertEquals(size(original, before), size(renamed, after));
    for (String v : before) {
      String w = v.replace("conv1a_", "first_convolution_");
      assertEquals(param(original, v), param(renamed, w), v);
    }
  }

  /** {@code graph} with layer {@code from} called {@code to}, holding the same parameters. */
  static ComputationGraph renamed(ComputationGraph graph, String from, String to) {
    String json = graph.getConfiguration().toJson().replace("\"" + from + "\"", "\"" + to + "\"");
    ComputationGraph copy = new ComputationGraph(ComputationGraphConfiguration.fromJson(json));
    copy.init();
    for (org.deeplearning4j.nn.api.Layer layer : graph.getLayers()) {
      String name = layer.conf().getLayer().getLayerName();
      if (layer.numParams() > 0) {
        copy.getLayer(name.equals(from) ? to : name).setParams(layer.params());
      }
    }
    return copy;
  }

  private static long size(ComputationGraph g, List<String> theta) {
    return theta.stream().mapToLong(v -> g.paramTable().get(v).length()).sum();
  }

  private static org.nd4j.linalg.api.ndarray.INDArray param(ComputationGraph g, String variable) {
    return g.paramTable().get(variable);
  }

  private static <T> java.util.Set<T> setOf(java.util.Collection<T> c) {
    return java.util.Set.copyOf(c);
  }
}
