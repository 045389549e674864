package org.ucospark.model;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ucospark.loss.LossParams;

/**
 * One kind of loss term (docs/PROTOCOL.md, §3 "Losses"): its name, the terms it adds to an {@link
 * Objective} (which block outputs they read, their scales), the output layer ("head") that computes
 * it during training (forward and backward, an {@code org.ucospark.nn} loss) and its value on
 * activations for the evaluator. Built-in kinds: {@code ddc}, {@code kl}, {@code ohc} (clustering
 * terms a {@link ModelFamily} names), {@code uco} and {@code reconstruct} (companion terms a {@link
 * ModelVariant} lists). A new kind is one subclass with a public no-argument constructor, listed in
 * {@code META-INF/services/org.ucospark.model.LossTerm} (also from a test class path); a variant
 * that lists its {@link #name} among its companions trains with it.
 */
public abstract class LossTerm implements java.io.Serializable {
  /** The name variants list it under; also the default head and term name. */
  public abstract String name();

  /**
   * Models this kind adds to an existing family (a {@link ModelVariant} that lists {@link #name}
   * among its companions, e.g. the DDC family with this term); none by default. Each needs its
   * published settings, {@code conf/experiments/<model>_usps.conf}.
   */
  public List<ModelVariant> variants() {
    return List.of();
  }

  /**
   * The terms this kind adds as a companion of a model (in order); clustering kinds add none (their
   * family names them, {@link ModelFamily#clusteringTerms}).
   */
  public List<Term> companionTerms(Context context) {
    return List.of();
  }

  /**
   * Writes the head of {@code term} into {@code g} (everything {@code term} reads is there already)
   * and returns nothing: the head's name is {@code term.head()}.
   */
  public abstract void addHead(
      ComputationGraphConfiguration.GraphBuilder g, Context context, Term term);

  /**
   * The value of {@code term} on one batch into {@code out} (and σ and, when {@code gradients}, the
   * gradients w.r.t. the inputs it reads, where the kind has them).
   *
   * @param inputs the activations {@code term.inputs()} names, in that order
   * @param targets the batch's target rows P [B,K] (DEC family), else null
   */
  public abstract void evaluate(
      Term term,
      List<INDArray> inputs,
      Context context,
      INDArray targets,
      boolean gradients,
      Values out);

  /**
   * What a term may read of its model: the loss settings, the DDC hidden width, K, the shapes of
   * the block outputs X_1 … X_L without the batch axis ({@link Layers#block} names them, in order)
   * and the weight of the reconstruction term.
   */
  public record Context(
      LossParams loss,
      int hiddenSize,
      int clusters,
      Map<String, long[]> blockShapes,
      double reconstructionWeight)
      implements java.io.Serializable {
    /** The shape of block output {@code block} without the batch axis. */
    public long[] blockShape(String block) {
      return blockShapes.get(block).clone();
    }
  }

  /**
   * Where {@link #evaluate} writes: term values and kernel bandwidths σ by name, gradients by the
   * name of the input they are taken w.r.t. (summed over terms).
   */
  public record Values(
      Map<String, Double> terms, Map<String, Double> sigmas, Map<String, INDArray> gradients) {}
}
