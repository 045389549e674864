package org.ucospark.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.ucospark.loss.DdcLoss;
import org.ucospark.loss.HardAssignment;
import org.ucospark.loss.LossParams;
import org.ucospark.loss.TargetDistribution;
import org.ucospark.loss.UcoLoss;
import org.ucospark.nn.ReconstructionLoss;

/**
 * The objective of a model (spec section 3), built once from its variant, its loss settings, the
 * shapes of its block outputs and the weight of its reconstruction term: the one place that says
 * which named terms the loss has, what each reads and how it is scaled. The network builders write
 * the loss heads from it ({@link LossHeads}), the evaluator evaluates it on activations ({@link
 * #evaluate}) and takes the backbone parameters θ of OFM from it ({@link #theta}).
 *
 * <p>Terms, in this order (their names are those the metrics log):
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
 * others the clustering terms.
 */
public final class Objective implements java.io.Serializable {
  /** What computes a term. */
  public enum Kind {
    DDC,
    KL,
    OHC,
    UCO,
    RECONSTRUCT
  }

  /**
   * One named term.
   *
   * @param name as logged: {@code ddc_1}, {@code uco/0}, {@code reconstruct}, …
   * @param head the output layer that computes it in the network
   * @param inputs the activations it reads, by vertex name, in the head's input order (A last where
   *     read)
   * @param weight w_l of the UCO weighting schedule; 1 for the other terms
   * @param scale the factor of the term: λ·w_l for {@code uco/l}, the reconstruction weight for
   *     {@code reconstruct}, 1 otherwise
   */
  public record Term(
      String name, Kind kind, String head, List<String> inputs, double weight, double scale)
      implements java.io.Serializable {
    /**
     * Whether the term belongs to the companion objective of OFM ({@code uco/l}, {@code
     * reconstruct}).
     */
    public boolean companion() {
      return kind == Kind.UCO || kind == Kind.RECONSTRUCT;
    }
  }

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
  private final LossParams loss;
  private final int hiddenSize;
  private final int clusters;
  private final Map<String, long[]> blockShapes;
  private final List<Term> terms;

  private Objective(
      ModelVariant variant,
      LossParams loss,
      int hiddenSize,
      int clusters,
      List<long[]> blocks,
      double reconstructionWeight,
      boolean pretraining) {
    this.variant = variant;
    this.loss = loss;
    this.hiddenSize = hiddenSize;
    this.clusters = clusters;
    this.blockShapes = new LinkedHashMap<>();
    List<Term> list = new ArrayList<>();
    if (!pretraining) {
      switch (variant.family()) {
        case DDC -> {
          for (String t : List.of("ddc_1", "ddc_2", "ddc_3")) {
            list.add(
                new Term(
                    t,
                    Kind.DDC,
                    DdcNetworkBuilder.DDC_OUTPUT,
                    List.of(DdcNetworkBuilder.HIDDEN, Layers.ASSIGNMENTS),
                    1,
                    1));
          }
        }
        case DEC ->
            list.add(
                new Term(
                    Layers.KL_OUTPUT,
                    Kind.KL,
                    Layers.KL_OUTPUT,
                    List.of(Layers.ASSIGNMENTS),
                    1,
                    1));
        case OHC ->
            list.add(
                new Term(
                    Layers.OHC_OUTPUT,
                    Kind.OHC,
                    Layers.OHC_OUTPUT,
                    List.of(OhcNetworkBuilder.COSTS),
                    1,
                    1));
      }
      if (variant.hasUco()) {
        for (int l = 0; l < blocks.size(); l++) {
          String block = Layers.block(l);
          blockShapes.put(block, blocks.get(l).clone());
          double w = loss.weighting().weight(l + 1, blocks.size());
          list.add(
              new Term(
                  "uco/" + l,
                  Kind.UCO,
                  Layers.ucoOutput(l),
                  List.of(block, Layers.ASSIGNMENTS),
                  w,
                  loss.ucoLambda() * w));
        }
      }
    }
    if (pretraining || variant.hasDecoder()) {
      list.add(
          new Term(
              Layers.RECONSTRUCT_OUTPUT,
              Kind.RECONSTRUCT,
              Layers.RECONSTRUCT_OUTPUT,
              List.of(Layers.DECODER_OUTPUT, Layers.INPUT),
              1,
              pretraining ? 1.0 : reconstructionWeight));
    }
    this.terms = List.copyOf(list);
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
    return new Objective(variant, loss, hiddenSize, clusters, blocks, reconstructionWeight, false);
  }

  /** The objective {@code params} trains (for the DEC family: its clustering stage). */
  public static Objective of(ModelParams params) {
    return of(
        params.variant(),
        params.loss(),
        params.hiddenSize(),
        params.clusters(),
        Arrays.asList(DecNetworkBuilder.blockShapes(params)),
        params.reconstructionWeight());
  }

  /** The DEC family's pre-training objective: reconstruction alone, weight 1. */
  public static Objective pretraining(ModelParams params) {
    return new Objective(
        params.variant(),
        params.loss(),
        params.hiddenSize(),
        params.clusters(),
        List.of(),
        1.0,
        true);
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

  public boolean has(Kind kind) {
    return terms.stream().anyMatch(t -> t.kind() == kind);
  }

  /** Every activation some term reads, by vertex name. */
  public Set<String> inputs() {
    Set<String> names = new java.util.LinkedHashSet<>();
    terms.forEach(t -> names.addAll(t.inputs()));
    return names;
  }

  public LossParams loss() {
    return loss;
  }

  public int hiddenSize() {
    return hiddenSize;
  }

  public int clusters() {
    return clusters;
  }

  /** The shape of block output {@code block} (a UCO input) without the batch axis. */
  public long[] blockShape(String block) {
    return blockShapes.get(block).clone();
  }

  /**
   * The backbone parameters θ of OFM (spec section 5), as the variable names of {@code graph}'s
   * gradient ({@code layer_param}), in layer order: the trainable parameters (those with an
   * updater; batch-norm running statistics are not) of every layer the backbone output depends on,
   * itself included. The backbone output is the last block output X_L in the DDC and DEC families
   * (cnn_small's convolutions and batch norms; the MLP's three dense layers) and the encoder output
   * the embedding reads in OHC, so the clustering head (DDC's hidden layer, DEC's bottleneck and
   * centroids) is excluded — the spec names θ "backbone parameters only" and is silent on the DEC
   * family; we use the layers the companion objectives act on. θ is read from the graph's wiring,
   * not from layer names: a renamed encoder layer stays in θ.
   */
  public List<String> theta(ComputationGraph graph) {
    ComputationGraphConfiguration conf = graph.getConfiguration();
    Map<String, List<String>> wiring = conf.getVertexInputs();
    List<String> ends =
        variant.family() == ModelVariant.Family.OHC
            ? wiring.get(OhcNetworkBuilder.EMBEDDING)
            : List.of(Layers.BLOCK2);
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
    Map<String, Double> values = new LinkedHashMap<>();
    Map<String, Double> sigmas = new LinkedHashMap<>();
    Map<String, INDArray> grads = new LinkedHashMap<>();
    for (Term t : terms) {
      List<INDArray> in = t.inputs().stream().map(activations::get).toList();
      switch (t.kind()) {
        case DDC -> {
          if (!t.name().equals("ddc_1")) {
            continue; // the head computes all three
          }
          DdcLoss.Result r =
              DdcLoss.compute(
                  in.get(1),
                  in.get(0),
                  loss.relSigma(),
                  Double.NaN,
                  gradients,
                  loss.distanceGradient());
          values.put("ddc_1", r.ddc1());
          values.put("ddc_2", r.ddc2());
          values.put("ddc_3", r.ddc3());
          sigmas.put(t.inputs().get(0), r.sigma());
          if (gradients) {
            grads.merge(t.inputs().get(0), r.gradH(), INDArray::add);
            grads.merge(t.inputs().get(1), r.gradA(), INDArray::add);
          }
        }
        case UCO -> {
          UcoLoss.Result r =
              UcoLoss.compute(
                  in.get(1),
                  in.get(0),
                  loss.kernel(),
                  t.scale(),
                  loss.relSigma(),
                  Double.NaN,
                  gradients && loss.ucoAssignmentGradient(),
                  gradients,
                  loss.distanceGradient());
          values.put(t.name(), r.value());
          sigmas.put(t.name(), r.sigma());
          if (gradients) {
            grads.merge(t.inputs().get(0), r.gradX(), INDArray::add);
            if (r.gradA() != null) {
              grads.merge(t.inputs().get(1), r.gradA(), INDArray::add);
            }
          }
        }
        case KL -> {
          if (targets != null) {
            values.put(
                t.name(),
                Arrays.stream(TargetDistribution.klPerRow(targets, in.get(0)))
                    .average()
                    .orElse(Double.NaN));
          }
        }
        case OHC -> {
          double[][] costs = in.get(0).toDoubleMatrix();
          int[] assigned = HardAssignment.greedy(costs).clusterOf();
          double sum = 0;
          for (int i = 0; i < costs.length; i++) {
            sum += costs[i][assigned[i]];
          }
          values.put(t.name(), sum / costs.length);
        }
        case RECONSTRUCT ->
            values.put(t.name(), new ReconstructionLoss(t.scale()).value(in.get(0), in.get(1)));
      }
    }
    return new Evaluation(values, sigmas, grads);
  }
}
