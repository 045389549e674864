package org.ucospark.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.ucospark.loss.LossParams;
import org.ucospark.nn.DdcLossLayer;
import org.ucospark.nn.HardClusteringLoss;
import org.ucospark.nn.KlDivergenceLoss;
import org.ucospark.nn.ReconstructionLoss;
import org.ucospark.nn.UcoLossLayer;

/**
 * Writes the loss heads of an {@link Objective} into a graph (spec section 3): one output layer per
 * head, reading the activations its terms name, with the terms' scales and the objective's loss
 * settings.
 *
 * <ul>
 *   <li>DDC: merge(H, A) → {@link DdcLossLayer} (ddc_1 + ddc_2 + ddc_3);
 *   <li>UCO on block l: merge(flatten(X_l), A) → {@link UcoLossLayer} (λ·w_l·d_cs(A, K_l)); the
 *       layer restores the block's shape (C, H, W) from the row-major flattening;
 *   <li>kl: a loss layer of {@link KlDivergenceLoss} on the assignments (labels: the targets P);
 *   <li>ohc: a loss layer of {@link HardClusteringLoss} on the costs;
 *   <li>reconstruct: a loss layer of {@link ReconstructionLoss} (the term's weight) on the decoder
 *       output (labels: the images).
 * </ul>
 */
public final class LossHeads {
  private LossHeads() {}

  /**
   * Adds the heads of {@code objective}'s terms of the given kinds, in term order (whatever they
   * read must be in the graph already); returns their output names.
   */
  public static List<String> add(
      ComputationGraphConfiguration.GraphBuilder g, Objective objective, Objective.Kind... kinds) {
    Set<Objective.Kind> wanted = Set.of(kinds);
    List<String> heads = new ArrayList<>();
    for (Objective.Term t : objective.terms()) {
      if (wanted.contains(t.kind()) && !heads.contains(t.head())) {
        add(g, objective, t);
        heads.add(t.head());
      }
    }
    return heads;
  }

  private static void add(
      ComputationGraphConfiguration.GraphBuilder g, Objective objective, Objective.Term t) {
    LossParams loss = objective.loss();
    String name = t.head();
    switch (t.kind()) {
      case DDC ->
          g.addVertex(name + "_in", new MergeVertex(), t.inputs().toArray(String[]::new))
              .addLayer(
                  name,
                  new DdcLossLayer.Builder()
                      .hiddenSize(objective.hiddenSize())
                      .clusters(objective.clusters())
                      .relSigma(loss.relSigma())
                      .distanceGradient(loss.distanceGradient().json())
                      .build(),
                  name + "_in");
      case UCO -> {
        String block = t.inputs().get(0);
        long[] shape = objective.blockShape(block);
        String flat = block;
        if (shape.length == 3) {
          flat = name + "_flat";
          g.addVertex(
              flat,
              new PreprocessorVertex(
                  new CnnToFeedForwardPreProcessor(shape[1], shape[2], shape[0])),
              block);
        }
        g.addVertex(name + "_in", new MergeVertex(), flat, t.inputs().get(1))
            .addLayer(
                name,
                new UcoLossLayer.Builder()
                    .blockShape(shape)
                    .clusters(objective.clusters())
                    .kernel(loss.kernel().json())
                    .weight(t.weight())
                    .lambda(loss.ucoLambda())
                    .relSigma(loss.relSigma())
                    .assignmentGradient(loss.ucoAssignmentGradient())
                    .distanceGradient(loss.distanceGradient().json())
                    .build(),
                name + "_in");
      }
      case KL -> g.addLayer(name, Layers.lossLayer(new KlDivergenceLoss()), t.inputs().get(0));
      case OHC -> g.addLayer(name, Layers.lossLayer(new HardClusteringLoss()), t.inputs().get(0));
      case RECONSTRUCT ->
          g.addLayer(name, Layers.lossLayer(new ReconstructionLoss(t.scale())), t.inputs().get(0));
    }
  }
}
