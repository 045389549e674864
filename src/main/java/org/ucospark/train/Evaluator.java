package org.ucospark.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.ucospark.model.Layers;
import org.ucospark.model.ModelFamilies;
import org.ucospark.model.ModelParams;
import org.ucospark.model.Objective;
import org.ucospark.nn.TermSelection;

/**
 * Evaluates one batch of a network: cluster predictions, the loss terms of the model's {@link
 * Objective} (docs/ALGORITHMS.md §3) recomputed from the activations in float64, and OFM
 * (docs/ALGORITHMS.md §5).
 *
 * <p>Predictions: argmax of the soft assignments (DDC's A, DEC's Q) or, for OHC, the nearest
 * centroid (argmin_k C_ik). Terms: those of {@link Objective#evaluate} (kl against the batch's
 * target rows P).
 *
 * <p>OFM = cos(g_c, g_a) over the backbone parameters θ of {@link Objective#theta}. g_c =
 * ∇_θ(clustering loss), g_a = ∇_θ(companion loss); gradients are linear in the loss, so g_a =
 * ∇_θ(total) − g_c, g_c coming from a second backward pass of the same graph on the same batch in
 * the same (training) mode with only the clustering terms' gradients flowing ({@link
 * TermSelection}). Models without a companion report NaN.
 *
 * <p>Pairwise mode ({@code ofm.mode = pairwise}, docs/ALGORITHMS.md §5; the authors' {@code
 * calc_ofm_pairwise} in tk-uco's {@code tf_lib/objective_function_mismatch.py}): ∇_θ of every loss
 * term t alone (one backward pass per term, the other terms' gradients multiplied by 0 through
 * {@link TermSelection}), and cos(∇_θ t, ∇_θ u) for every pair of terms; computed for every model
 * with at least two terms. The simple OFM then follows from the same gradients (g_c = Σ of the
 * clustering terms', g_a = Σ of the companion terms': {@code uco/l}, {@code reconstruct}, as the
 * authors split them), without the second pass.
 *
 * <p>Kernel bandwidths σ = rel_sigma·median(D) of the batch (docs/ALGORITHMS.md §5: logged at every
 * evaluation, as the authors' loss layers keep them, {@code hidden_sigma} and {@code uco_sigmas} in
 * tf-uco's {@code tf_lib/loss.py}): {@code hidden} (DDC's kernel of H, used by ddc_1 and ddc_3) and
 * {@code uco/l} (the kernel of block l).
 *
 * <p>Loss terms, σ and OFM are computed on full batches only; predictions cover every example.
 */
public final class Evaluator {
  private final ComputationGraph graph;
  private final ModelParams params;
  private final Objective objective;
  private final boolean pairwise;

  /** An evaluator of simple OFM. */
  public Evaluator(ComputationGraph graph, ModelParams params) {
    this(graph, params, false);
  }

  /**
   * @param graph the network to evaluate (not modified: gradients are computed, never applied)
   * @param params its parameters (variant, loss settings)
   * @param pairwise whether OFM is pairwise (every pair of terms, and the simple OFM from the same
   *     gradients)
   */
  public Evaluator(ComputationGraph graph, ModelParams params, boolean pairwise) {
    this.graph = graph;
    this.params = params;
    this.objective = Objective.of(params);
    this.pairwise = pairwise;
  }

  /**
   * What one batch contributes to an evaluation: predictions, and on a full batch the loss terms,
   * the kernel bandwidths ({@code hidden}, {@code uco/0}, …), OFM (NaN when not computed) and, in
   * pairwise mode, the cosine of every pair of terms, keyed {@code "t|u"} for t before u in term
   * order (empty when not computed).
   */
  public record BatchResult(
      int[] predictions,
      Map<String, Double> terms,
      Map<String, Double> sigmas,
      double ofm,
      Map<String, Double> pairwise) {}

  /**
   * @param images [B, C, H, W]
   * @param targets the batch's target distribution rows [B,K] (DEC family), else null
   * @param full whether this is a full batch (loss terms and OFM are computed only on full batches)
   * @param withOfm whether to compute OFM on this batch
   */
  public BatchResult evaluate(INDArray images, INDArray targets, boolean full, boolean withOfm) {
    Map<String, INDArray> acts = graph.feedForward(new INDArray[] {images}, false, false);
    int[] predictions = ModelFamilies.of(params.variant()).clusters(acts);
    if (!full) {
      return new BatchResult(predictions, Map.of(), Map.of(), Double.NaN, Map.of());
    }
    Map<String, INDArray> inputs = new LinkedHashMap<>();
    for (String name : objective.inputs()) {
      // float64, but the reconstruction error in the network's own type (ReconstructionLoss.value)
      inputs.put(
          name,
          name.equals(Layers.INPUT)
              ? images
              : name.equals(Layers.DECODER_OUTPUT)
                  ? acts.get(name)
                  : acts.get(name).castTo(DataType.DOUBLE));
    }
    Objective.Evaluation evaluation = objective.evaluate(inputs, targets, false);
    Map<String, Double> terms = evaluation.terms();
    Map<String, Double> sigmas = evaluation.sigmas();
    if (withOfm && pairwise && terms.size() >= 2) {
      Map<String, Double> cosines = new LinkedHashMap<>();
      double ofm = pairwiseOfm(images, targets, List.copyOf(terms.keySet()), cosines);
      return new BatchResult(predictions, terms, sigmas, ofm, cosines);
    }
    double ofm =
        withOfm && !pairwise && params.variant().hasCompanion() ? ofm(images, targets) : Double.NaN;
    return new BatchResult(predictions, terms, sigmas, ofm, Map.of());
  }

  /**
   * ∇_θ of each term alone; the cosine of every pair goes to {@code cosines} ("t|u"); returns the
   * simple OFM, cos(Σ clustering-term gradients, Σ companion-term gradients), NaN without a
   * companion term.
   */
  private double pairwiseOfm(
      INDArray images, INDArray targets, List<String> terms, Map<String, Double> cosines) {
    MultiDataSet batch = MiniBatches.of(MiniBatches.outputs(graph), images, targets);
    Set<String> theta = Set.copyOf(objective.theta(graph));
    List<Map<String, INDArray>> gradients = new java.util.ArrayList<>();
    for (String term : terms) {
      gradients.add(TermSelection.only(term, () -> backboneGradient(graph, batch, theta)));
    }
    for (int i = 0; i < terms.size(); i++) {
      for (int j = i + 1; j < terms.size(); j++) {
        cosines.put(terms.get(i) + "|" + terms.get(j), cosine(gradients.get(i), gradients.get(j)));
      }
    }
    Map<String, INDArray> gc = new LinkedHashMap<>();
    Map<String, INDArray> ga = new LinkedHashMap<>();
    for (int i = 0; i < terms.size(); i++) {
      Map<String, INDArray> sum = objective.term(terms.get(i)).companion() ? ga : gc;
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

  /**
   * Simple OFM: g_c = ∇_θ with only the clustering terms' gradients flowing ({@link
   * TermSelection}), g_a = ∇_θ(total) − g_c, both from this graph (bit for bit what a second graph
   * of the clustering-only variant gave).
   */
  private double ofm(INDArray images, INDArray targets) {
    MultiDataSet batch = MiniBatches.of(MiniBatches.outputs(graph), images, targets);
    Set<String> theta = Set.copyOf(objective.theta(graph));
    Map<String, INDArray> total = backboneGradient(graph, batch, theta);
    Set<String> clusteringTerms = new java.util.HashSet<>();
    objective.terms().stream()
        .filter(t -> !t.companion())
        .forEach(t -> clusteringTerms.add(t.name()));
    Map<String, INDArray> clusteringOnly =
        TermSelection.only(clusteringTerms, () -> backboneGradient(graph, batch, theta));
    Map<String, INDArray> companion = new LinkedHashMap<>();
    clusteringOnly.forEach((k, gc) -> companion.put(k, total.get(k).sub(gc)));
    return cosine(clusteringOnly, companion);
  }

  /** cos = g_c·g_a / (‖g_c‖ ‖g_a‖); NaN when either gradient vanishes. */
  static double cosine(double dot, double squaredNormC, double squaredNormA) {
    double denominator = Math.sqrt(squaredNormC) * Math.sqrt(squaredNormA);
    return denominator > 0 ? Math.max(-1, Math.min(1, dot / denominator)) : Double.NaN;
  }

  /**
   * ∇_θ of the graph's total loss on the batch (training mode), the entries of {@code theta} only,
   * in float64.
   */
  private static Map<String, INDArray> backboneGradient(
      ComputationGraph g, MultiDataSet batch, Set<String> theta) {
    g.setInputs(batch.getFeatures());
    g.setLabels(batch.getLabels());
    g.computeGradientAndScore();
    Map<String, INDArray> backbone = new LinkedHashMap<>();
    g.gradient()
        .gradientForVariable()
        .forEach(
            (name, value) -> {
              if (theta.contains(name)) {
                backbone.put(name, value.castTo(DataType.DOUBLE).dup());
              }
            });
    g.clear();
    return backbone;
  }
}
