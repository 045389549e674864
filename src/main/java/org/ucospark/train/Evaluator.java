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
import org.ucospark.loss.HardAssignment;
import org.ucospark.loss.TargetDistribution;
import org.ucospark.loss.UcoLoss;
import org.ucospark.model.DdcNetworkBuilder;
import org.ucospark.model.Layers;
import org.ucospark.model.ModelParams;
import org.ucospark.model.ModelVariant;
import org.ucospark.model.Networks;
import org.ucospark.model.OhcNetworkBuilder;
import org.ucospark.nn.TermSelection;

/**
 * Evaluates one batch of a network: cluster predictions, the loss terms (spec section 3) recomputed from the
 * activations in float64, and OFM (spec section 5).
 *
 * <p>Predictions: argmax of the soft assignments (DDC's A, DEC's Q) or, for OHC, the nearest centroid
 * (argmin_k C_ik). Terms: ddc_1..3 / kl (against the batch's target rows P) / ohc (greedy assignment of the
 * batch), plus uco/l and reconstruct where the variant has them.
 *
 * <p>OFM = cos(g_c, g_a) over the backbone parameters θ: the encoder up to the block output X_2 (cnn_small's
 * convolutions and batch norms; the MLP's three dense layers), excluding the clustering head (DDC's hidden
 * layer, DEC's bottleneck and centroids) — the spec names θ "backbone parameters only" and is silent on the DEC
 * family; we use the same layers the companion objectives act on. g_c = ∇_θ(clustering loss), g_a =
 * ∇_θ(companion loss); gradients are linear in the loss, so g_a = ∇_θ(total) − g_c, g_c coming from a second
 * graph of the clustering-only variant holding the same parameters, on the same batch in the same (training)
 * mode. Models without a companion report NaN.
 *
 * <p>Pairwise mode ({@code ofm.mode = pairwise}, spec section 5; the authors' {@code calc_ofm_pairwise} in
 * tk-uco's {@code tf_lib/objective_function_mismatch.py}): ∇_θ of every loss term t alone (one backward pass per
 * term, the other terms' gradients multiplied by 0 through {@link TermSelection}), and cos(∇_θ t, ∇_θ u) for
 * every pair of terms; computed for every model with at least two terms. The simple OFM then follows from the
 * same gradients (g_c = Σ of the clustering terms', g_a = Σ of the companion terms': {@code uco/l},
 * {@code reconstruct}, as the authors split them), without the second graph.
 *
 * <p>Kernel bandwidths σ = rel_sigma·median(D) of the batch (spec section 5: logged at every evaluation, as the
 * authors' loss layers keep them, {@code hidden_sigma} and {@code uco_sigmas} in tf-uco's {@code tf_lib/loss.py}):
 * {@code hidden} (DDC's kernel of H, used by ddc_1 and ddc_3) and {@code uco/l} (the kernel of block l).
 *
 * <p>Loss terms, σ and OFM are computed on full batches only; predictions cover every example.
 */
public final class Evaluator {
  /** The encoder layers whose parameters make up θ for OFM (cnn_small's and the MLP encoder's). */
  public static final Set<String> BACKBONE = Set.of("conv1a", "conv1b", "bn1", "conv2a", "conv2b", "bn2", "enc1",
      Layers.BLOCK1, Layers.BLOCK2);
  private static final Set<String> TRAINABLE = Set.of("W", "b", "gamma", "beta");

  private final ComputationGraph graph;
  private final ComputationGraph clustering;
  private final ModelParams params;
  private final boolean pairwise;

  /** An evaluator of simple OFM. */
  public Evaluator(ComputationGraph graph, ModelParams params) {
    this(graph, params, false);
  }

  /**
   * @param graph the network to evaluate (not modified: gradients are computed, never applied)
   * @param params its parameters (variant, loss settings)
   * @param pairwise whether OFM is pairwise (every pair of terms, and the simple OFM from the same gradients)
   */
  public Evaluator(ComputationGraph graph, ModelParams params, boolean pairwise) {
    this.graph = graph;
    this.params = params;
    this.pairwise = pairwise;
    this.clustering = params.variant().hasCompanion() && !pairwise
        ? new ComputationGraph(Networks.configuration(params.withVariant(params.variant().clusteringOnly()),
            graph.getConfiguration().getDefaultConfiguration().getDataType()))
        : null;
    if (clustering != null) {
      clustering.init();
    }
  }

  /**
   * What one batch contributes to an evaluation: predictions, and on a full batch the loss terms, the kernel
   * bandwidths ({@code hidden}, {@code uco/0}, …), OFM (NaN when not computed) and, in pairwise mode, the
   * cosine of every pair of terms, keyed {@code "t|u"} for t before u in term order (empty when not computed).
   */
  public record BatchResult(int[] predictions, Map<String, Double> terms, Map<String, Double> sigmas, double ofm,
      Map<String, Double> pairwise) {}

  /**
   * @param images [B, C, H, W]
   * @param targets the batch's target distribution rows [B,K] (DEC family), else null
   * @param full whether this is a full batch (loss terms and OFM are computed only on full batches)
   * @param withOfm whether to compute OFM on this batch
   */
  public BatchResult evaluate(INDArray images, INDArray targets, boolean full, boolean withOfm) {
    Map<String, INDArray> acts = graph.feedForward(new INDArray[] {images}, false, false);
    int[] predictions = params.variant().family() == ModelVariant.Family.OHC
        ? HardAssignment.nearest(acts.get(OhcNetworkBuilder.COSTS))
        : acts.get(Layers.ASSIGNMENTS).argMax(1).toIntVector();
    if (!full) {
      return new BatchResult(predictions, Map.of(), Map.of(), Double.NaN, Map.of());
    }
    Map<String, Double> sigmas = new LinkedHashMap<>();
    Map<String, Double> terms = terms(acts, images, targets, sigmas);
    if (withOfm && pairwise && terms.size() >= 2) {
      Map<String, Double> cosines = new LinkedHashMap<>();
      double ofm = pairwiseOfm(images, targets, List.copyOf(terms.keySet()), cosines);
      return new BatchResult(predictions, terms, sigmas, ofm, cosines);
    }
    double ofm = withOfm && clustering != null ? ofm(images, targets) : Double.NaN;
    return new BatchResult(predictions, terms, sigmas, ofm, Map.of());
  }

  /** Whether a term belongs to the companion objective (the authors' split: "uco…" and "reconstruct…"). */
  static boolean isCompanion(String term) {
    return term.startsWith("uco") || term.startsWith(Layers.RECONSTRUCT_OUTPUT);
  }

  /**
   * ∇_θ of each term alone; the cosine of every pair goes to {@code cosines} ("t|u"); returns the simple OFM,
   * cos(Σ clustering-term gradients, Σ companion-term gradients), NaN without a companion term.
   */
  private double pairwiseOfm(INDArray images, INDArray targets, List<String> terms, Map<String, Double> cosines) {
    MultiDataSet batch = MiniBatches.of(MiniBatches.outputs(graph), images, targets);
    List<Map<String, INDArray>> gradients = new java.util.ArrayList<>();
    for (String term : terms) {
      gradients.add(TermSelection.only(term, () -> backboneGradient(graph, batch)));
    }
    for (int i = 0; i < terms.size(); i++) {
      for (int j = i + 1; j < terms.size(); j++) {
        cosines.put(terms.get(i) + "|" + terms.get(j), cosine(gradients.get(i), gradients.get(j)));
      }
    }
    Map<String, INDArray> gc = new LinkedHashMap<>();
    Map<String, INDArray> ga = new LinkedHashMap<>();
    for (int i = 0; i < terms.size(); i++) {
      Map<String, INDArray> sum = isCompanion(terms.get(i)) ? ga : gc;
      gradients.get(i).forEach((k, v) -> sum.merge(k, v, INDArray::add));
    }
    return gc.isEmpty() || ga.isEmpty() ? Double.NaN : cosine(gc, ga);
  }

  /** cos of two gradients given per parameter tensor (the same keys). */
  private static double cosine(Map<String, INDArray> g, Map<String, INDArray> h) {
    double dot = 0;
    double normG = 0;
    double normH = 0;
    for (Map.Entry<String, INDArray> e : g.entrySet()) {
      INDArray other = h.get(e.getKey());
      dot += e.getValue().mul(other).sumNumber().doubleValue();
      normG += e.getValue().mul(e.getValue()).sumNumber().doubleValue();
      normH += other.mul(other).sumNumber().doubleValue();
    }
    return cosine(dot, normG, normH);
  }

  /** The loss terms of the batch; the bandwidths of the kernels they use go to {@code sigmas}. */
  private Map<String, Double> terms(Map<String, INDArray> acts, INDArray images, INDArray targets,
      Map<String, Double> sigmas) {
    Map<String, Double> terms = new LinkedHashMap<>();
    switch (params.variant().family()) {
      case DDC -> {
        DdcLoss.Result ddc = DdcLoss.terms(acts.get(Layers.ASSIGNMENTS).castTo(DataType.DOUBLE),
            acts.get(DdcNetworkBuilder.HIDDEN).castTo(DataType.DOUBLE), params.loss().relSigma());
        terms.put("ddc_1", ddc.ddc1());
        terms.put("ddc_2", ddc.ddc2());
        terms.put("ddc_3", ddc.ddc3());
        sigmas.put("hidden", ddc.sigma());
      }
      case DEC -> {
        if (targets != null) {
          double[] kl = TargetDistribution.klPerRow(targets, acts.get(Layers.ASSIGNMENTS));
          terms.put(Layers.KL_OUTPUT, java.util.Arrays.stream(kl).average().orElse(Double.NaN));
        }
      }
      case OHC -> {
        double[][] costs = acts.get(OhcNetworkBuilder.COSTS).castTo(DataType.DOUBLE).toDoubleMatrix();
        int[] assigned = HardAssignment.greedy(costs).clusterOf();
        double sum = 0;
        for (int i = 0; i < costs.length; i++) {
          sum += costs[i][assigned[i]];
        }
        terms.put(Layers.OHC_OUTPUT, sum / costs.length);
      }
    }
    if (params.variant().hasUco()) {
      INDArray a = acts.get(Layers.ASSIGNMENTS).castTo(DataType.DOUBLE);
      List<String> blocks = List.of(Layers.BLOCK1, Layers.BLOCK2);
      for (int l = 0; l < blocks.size(); l++) {
        INDArray x = acts.get(blocks.get(l)).castTo(DataType.DOUBLE);
        UcoLoss.Result uco = UcoLoss.compute(a, x, params.loss().kernel(),
            params.loss().ucoLambda() * params.loss().weighting().weight(l + 1, blocks.size()),
            params.loss().relSigma(), Double.NaN, false, false);
        terms.put("uco/" + l, uco.value());
        sigmas.put("uco/" + l, uco.sigma());
      }
    }
    if (params.variant().hasDecoder()) {
      long b = images.size(0);
      INDArray reconstruction = acts.get(Layers.DECODER_OUTPUT).reshape('c', b, images.length() / b);
      double mse = reconstruction.sub(images.reshape('c', b, images.length() / b)).norm2Number().doubleValue();
      terms.put(Layers.RECONSTRUCT_OUTPUT, params.reconstructionWeight() * mse * mse / images.length());
    }
    return terms;
  }

  private double ofm(INDArray images, INDArray targets) {
    Networks.copySharedParameters(graph, clustering);
    Map<String, INDArray> total = backboneGradient(graph, MiniBatches.of(MiniBatches.outputs(graph), images, targets));
    Map<String, INDArray> clusteringOnly = backboneGradient(clustering,
        MiniBatches.of(MiniBatches.outputs(clustering), images, targets));
    Map<String, INDArray> companion = new LinkedHashMap<>();
    clusteringOnly.forEach((k, gc) -> companion.put(k, total.get(k).sub(gc)));
    return cosine(clusteringOnly, companion);
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
