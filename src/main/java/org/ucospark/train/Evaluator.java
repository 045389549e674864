package org.ucospark.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.ucospark.loss.DdcLoss;
import org.ucospark.loss.UcoLoss;
import org.ucospark.model.DdcModelParams;
import org.ucospark.model.DdcNetworkBuilder;
import org.ucospark.model.ModelVariant;

/**
 * Evaluates one batch of a DDC-family network: cluster predictions (argmax of A), the loss terms (spec
 * section 3) recomputed from the activations, and OFM (spec section 5).
 *
 * <p>OFM = cos(g_c, g_a) over the backbone parameters θ (the cnn_small layers' weights, biases and batch-norm
 * scale/shift), with g_c = ∇_θ (clustering loss) and g_a = ∇_θ (companion loss). Gradients are linear in the
 * loss, so g_a = ∇_θ(total) − g_c: g_c comes from a second graph of the plain DDC variant holding the same
 * parameters, on the same batch in the same (training) mode. Models without a companion report NaN.
 *
 * <p>Loss terms and OFM are computed on full batches only; predictions cover every example.
 */
public final class Evaluator {
  /** The cnn_small layers whose parameters make up θ for OFM. */
  public static final Set<String> BACKBONE = Set.of("conv1a", "conv1b", "bn1", "conv2a", "conv2b", "bn2");
  private static final Set<String> TRAINABLE = Set.of("W", "b", "gamma", "beta");

  private final ComputationGraph graph;
  private final ComputationGraph clustering;
  private final DdcModelParams params;

  /**
   * @param graph the network to evaluate (not modified: gradients are computed, never applied)
   * @param params its parameters (variant, loss settings)
   */
  public Evaluator(ComputationGraph graph, DdcModelParams params) {
    this.graph = graph;
    this.params = params;
    this.clustering = params.variant().hasCompanion()
        ? new ComputationGraph(DdcNetworkBuilder.configuration(params.withVariant(ModelVariant.DDC),
            graph.getConfiguration().getDefaultConfiguration().getDataType()))
        : null;
    if (clustering != null) {
      clustering.init();
    }
  }

  /** What one batch contributes to an evaluation. */
  public record BatchResult(int[] predictions, Map<String, Double> terms, double ofm) {}

  /**
   * @param images [B, C, H, W]
   * @param full whether this is a full batch (loss terms and OFM are computed only on full batches)
   * @param withOfm whether to compute OFM on this batch
   */
  public BatchResult evaluate(INDArray images, boolean full, boolean withOfm) {
    Map<String, INDArray> acts = graph.feedForward(new INDArray[] {images}, false, false);
    INDArray assignments = acts.get(DdcNetworkBuilder.ASSIGNMENTS);
    int[] predictions = assignments.argMax(1).toIntVector();
    if (!full) {
      return new BatchResult(predictions, Map.of(), Double.NaN);
    }
    Map<String, Double> terms = terms(acts, images);
    double ofm = withOfm && clustering != null ? ofm(images) : Double.NaN;
    return new BatchResult(predictions, terms, ofm);
  }

  private Map<String, Double> terms(Map<String, INDArray> acts, INDArray images) {
    INDArray a = acts.get(DdcNetworkBuilder.ASSIGNMENTS).castTo(DataType.DOUBLE);
    INDArray h = acts.get(DdcNetworkBuilder.HIDDEN).castTo(DataType.DOUBLE);
    Map<String, Double> terms = new LinkedHashMap<>();
    DdcLoss.Result ddc = DdcLoss.terms(a, h, params.loss().relSigma());
    terms.put("ddc_1", ddc.ddc1());
    terms.put("ddc_2", ddc.ddc2());
    terms.put("ddc_3", ddc.ddc3());
    if (params.variant().hasUco()) {
      List<String> blocks = List.of(DdcNetworkBuilder.BLOCK1, DdcNetworkBuilder.BLOCK2);
      for (int l = 0; l < blocks.size(); l++) {
        INDArray x = acts.get(blocks.get(l)).castTo(DataType.DOUBLE);
        terms.put("uco/" + l, UcoLoss.compute(a, x, params.loss().kernel(),
            params.loss().ucoLambda() * params.loss().weighting().weight(l + 1, blocks.size()),
            params.loss().relSigma(), Double.NaN, false, false).value());
      }
    }
    if (params.variant().hasDecoder()) {
      INDArray reconstruction = acts.get(DdcNetworkBuilder.DECODER_OUTPUT);
      double mse = reconstruction.sub(images).norm2Number().doubleValue();
      terms.put("reconstruct", params.reconstructionWeight() * mse * mse / images.length());
    }
    return terms;
  }

  private double ofm(INDArray images) {
    syncClusteringParams();
    Map<String, INDArray> total = backboneGradient(graph, MiniBatches.of(images, params.variant()));
    Map<String, INDArray> clusteringOnly = backboneGradient(clustering, MiniBatches.of(images, ModelVariant.DDC));
    double dot = 0;
    double normC = 0;
    double normA = 0;
    for (Map.Entry<String, INDArray> e : clusteringOnly.entrySet()) {
      INDArray gc = e.getValue();
      INDArray ga = total.get(e.getKey()).sub(gc);
      dot += gc.mul(ga).sumNumber().doubleValue();
      normC += gc.mul(gc).sumNumber().doubleValue();
      normA += ga.mul(ga).sumNumber().doubleValue();
    }
    return cosine(dot, normC, normA);
  }

  /** cos = g_c·g_a / (‖g_c‖ ‖g_a‖); NaN when either gradient vanishes. */
  static double cosine(double dot, double squaredNormC, double squaredNormA) {
    double denominator = Math.sqrt(squaredNormC) * Math.sqrt(squaredNormA);
    return denominator > 0 ? Math.max(-1, Math.min(1, dot / denominator)) : Double.NaN;
  }

  static boolean isBackbone(String variable) {
    int cut = variable.lastIndexOf('_');
    return cut > 0 && BACKBONE.contains(variable.substring(0, cut)) && TRAINABLE.contains(variable.substring(cut + 1));
  }

  /** Copies the full graph's parameters into every layer the clustering-only graph also has (same names). */
  private void syncClusteringParams() {
    for (org.deeplearning4j.nn.api.Layer layer : clustering.getLayers()) {
      if (layer.numParams() > 0) {
        layer.setParams(graph.getLayer(layer.conf().getLayer().getLayerName()).params());
      }
    }
  }

  /** ∇_θ of the graph's total loss on the batch (training mode), backbone entries only, in float64. */
  private static Map<String, INDArray> backboneGradient(ComputationGraph g, MultiDataSet batch) {
    g.setInputs(batch.getFeatures());
    g.setLabels(batch.getLabels());
    g.computeGradientAndScore();
    Map<String, INDArray> backbone = new LinkedHashMap<>();
    g.gradient().gradientForVariable().forEach((name, value) -> {
      if (isBackbone(name)) {
        backbone.put(name, value.castTo(DataType.DOUBLE).dup());
      }
    });
    g.clear();
    return backbone;
  }
}
