package org.ucospark.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.NoOp;
import org.ucospark.loss.LossParams;
import org.ucospark.nn.ReconstructionLoss;

/**
 * The objective of a model (docs/ALGORITHMS.md §3), built once from its variant, its loss settings,
 * the shapes of its block outputs and the weight of its reconstruction term: the one place that
 * says which named terms the loss has, what each reads and how it is scaled. The network builders
 * write the loss heads from it ({@link LossHeads}), the evaluator evaluates it on activations
 * ({@link #evaluate}) and takes the backbone parameters θ of OFM from it ({@link #theta}).
 *
 * <p>Terms, in this order (their names are those the metrics log): the clustering terms of the
 * variant's {@link ModelFamily}, then those of each companion {@link LossTerm} the variant lists;
 * built in:
 *
 * <ul>
 *   <li>DDC family: {@code ddc_1}, {@code ddc_2}, {@code ddc_3} of (H, A), scale 1, one head {@code
 *       ddc};
 *   <li>DEC family: {@code kl} = mean_i KL(P_i ‖ Q_i) of the assignments against the targets P,
 *       scale 1;
 *   <li>OHC: {@code ohc} = mean_i C_{i,c(i)} of the costs under the greedy assignment c, scale 1;
 *   <li>with UCO: {@code uco/l} (l = 0 … L−1, 0-based) = λ·w_{l+1}·d_cs(A, K_{l+1}) of block output
 *       X_{l+1} and A, w from the {@link LossParams.Weighting} schedule, head {@code uco_l};
 *   <li>with a decoder: {@code reconstruct} = weight · mean over all pixels of (x̂ − x)² (DDC-AE
 *       0.1, IDEC 10; 1 in the DEC family's pre-training, {@link #pretraining}).
 * </ul>
 *
 * <p>{@code uco/l} and {@code reconstruct} are the companion terms of OFM (the authors' split), the
 * others the clustering terms. Each {@link LossTerm} computes its terms ({@link #evaluate}) and
 * writes their heads ({@link LossHeads}).
 */
public final class Objective implements java.io.Serializable {
  /**
   * The value of every term on one batch and the bandwidths σ of the kernels they use ({@code
   * hidden}: DDC's kernel of H; {@code uco/l}: the kernel of block l); when asked, the gradients of
   * the sum of the DDC and UCO terms w.r.t. each input they read, keyed by input name.
   */
  public record Evaluation(
      Map<String, Double> terms, Map<String, Double> sigmas, Map<String, INDArray> gradients) {
    /** Σ of the terms. */
    public double total() {
      double sum = 0;
      for (double v : terms.values()) {
        sum += v;
      }
      return sum;
    }
  }

  private final ModelVariant variant;
  private final LossTerm.Context context;
  private final List<Term> terms;

  private Objective(ModelVariant variant, LossTerm.Context context, List<Term> terms) {
    this.variant = variant;
    this.context = context;
    this.terms = List.copyOf(terms);
  }

  private static LossTerm.Context context(
      LossParams loss, int hiddenSize, int clusters, List<long[]> blocks, double weight) {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    for (int l = 0; l < blocks.size(); l++) {
      shapes.put(Layers.block(l), blocks.get(l).clone());
    }
    return new LossTerm.Context(loss, hiddenSize, clusters, shapes, weight);
  }

  /**
   * The objective of a model of {@code variant}.
   *
   * @param blocks the shapes of the block outputs X_1 … X_L without the batch axis (read by the UCO
   *     terms)
   */
  public static Objective of(
      ModelVariant variant,
      LossParams loss,
      int hiddenSize,
      int clusters,
      List<long[]> blocks,
      double reconstructionWeight) {
    LossTerm.Context context = context(loss, hiddenSize, clusters, blocks, reconstructionWeight);
    List<Term> list = new ArrayList<>(ModelFamilies.of(variant).clusteringTerms());
    for (String companion : variant.companions()) {
      list.addAll(LossTerms.named(companion).companionTerms(context));
    }
    return new Objective(variant, context, list);
  }

  /** The objective {@code params} trains (for the DEC family: its clustering stage). */
  public static Objective of(ModelParams params) {
    return of(
        params.variant(),
        params.loss(),
        params.hiddenSize(),
        params.clusters(),
        Layers.blockShapes(params),
        params.reconstructionWeight());
  }

  /** The DEC family's pre-training objective: reconstruction alone, weight 1. */
  public static Objective pretraining(ModelParams params) {
    LossTerm.Context context =
        context(params.loss(), params.hiddenSize(), params.clusters(), List.of(), 1.0);
    return new Objective(
        params.variant(),
        context,
        LossTerms.named(ReconstructionTerm.NAME).companionTerms(context));
  }

  public List<Term> terms() {
    return terms;
  }

  /** The term called {@code name} (as logged). */
  public Term term(String name) {
    for (Term t : terms) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("no term " + name + " in " + terms);
  }

  /** Whether some term reads the activation {@code vertex} (e.g. the decoder output). */
  public boolean reads(String vertex) {
    return inputs().contains(vertex);
  }

  /** Every activation some term reads, by vertex name. */
  public Set<String> inputs() {
    Set<String> names = new java.util.LinkedHashSet<>();
    terms.forEach(t -> names.addAll(t.inputs()));
    return names;
  }

  /** What the terms read of the model besides activations (settings, shapes). */
  public LossTerm.Context context() {
    return context;
  }

  public LossParams loss() {
    return context.loss();
  }

  public int hiddenSize() {
    return context.hiddenSize();
  }

  public int clusters() {
    return context.clusters();
  }

  /** The shape of block output {@code block} (a UCO input) without the batch axis. */
  public long[] blockShape(String block) {
    return context.blockShape(block);
  }

  /**
   * The backbone parameters θ of OFM (docs/ALGORITHMS.md §5), as the variable names of {@code
   * graph}'s gradient ({@code layer_param}), in layer order: the trainable parameters (those with
   * an updater; batch-norm running statistics are not) of every layer the backbone output depends
   * on, itself included. The backbone output is the last block output X_L in the DDC and DEC
   * families (cnn_small's convolutions and batch norms; the MLP's three dense layers) and the
   * encoder output the embedding reads in OHC, so the clustering head (DDC's hidden layer, DEC's
   * bottleneck and centroids) is excluded — the spec names θ "backbone parameters only" and is
   * silent on the DEC family; we use the layers the companion objectives act on. θ is read from the
   * graph's wiring, not from layer names: a renamed encoder layer stays in θ.
   */
  public List<String> theta(ComputationGraph graph) {
    ComputationGraphConfiguration conf = graph.getConfiguration();
    Map<String, List<String>> wiring = conf.getVertexInputs();
    List<String> ends = ModelFamilies.of(variant).backboneEnds(wiring);
    Set<String> backbone = new HashSet<>();
    Deque<String> open = new ArrayDeque<>(ends);
    while (!open.isEmpty()) {
      String v = open.pop();
      if (backbone.add(v)) {
        open.addAll(wiring.getOrDefault(v, List.of()));
      }
    }
    List<String> theta = new ArrayList<>();
    for (Layer layer : graph.getLayers()) {
      org.deeplearning4j.nn.conf.layers.Layer c = layer.conf().getLayer();
      if (backbone.contains(c.getLayerName())) {
        for (String p : layer.paramTable().keySet()) {
          if (!(c.getUpdaterByParam(p) instanceof NoOp)) {
            theta.add(c.getLayerName() + "_" + p);
          }
        }
      }
    }
    return theta;
  }

  /**
   * Every term on one batch, in the data type of the activations given (the fixture tests pass
   * float32 and float64; the evaluator float64, but the decoder output and the images as the
   * network has them, see {@link ReconstructionLoss#value}). σ = rel_sigma·median of the batch.
   *
   * @param activations by vertex name: at least {@link #inputs()} ({@link Layers#INPUT}: the
   *     images)
   * @param targets the batch's target rows P [B,K] of the {@code kl} term; null leaves {@code kl}
   *     out
   * @param gradients whether to return the gradients of the DDC and UCO terms' sum w.r.t. their
   *     inputs (H, A, X_l; with the configured distance and assignment gradients)
   */
  public Evaluation evaluate(
      Map<String, INDArray> activations, INDArray targets, boolean gradients) {
    LossTerm.Values out =
        new LossTerm.Values(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
    for (Term t : terms) {
      List<INDArray> in = t.inputs().stream().map(activations::get).toList();
      LossTerms.named(t.kind()).evaluate(t, in, context, targets, gradients, out);
    }
    return new Evaluation(out.terms(), out.sigmas(), out.gradients());
  }
}
