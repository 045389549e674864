package org.ucospark.nn;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.ucospark.model.DdcModelParams;

/**
 * Attaches the loss heads of spec section 3 to a graph. Each head is an output layer whose input is a
 * {@link MergeVertex} of what the loss reads, with the assignments A last:
 *
 * <ul>
 *   <li>DDC: merge(H, A) → {@link DdcLossLayer} (ddc_1 + ddc_2 + ddc_3);
 *   <li>UCO on block l: merge(flatten(X_l), A) → {@link UcoLossLayer} (λ·w_l·d_cs(A, K_l)); the layer restores
 *       the block's shape (C, H, W) from the row-major flattening.
 * </ul>
 */
public final class LossHeads {
  private LossHeads() {}

  /** Adds the DDC head; returns its output name. */
  public static String addDdc(ComputationGraphConfiguration.GraphBuilder g, String name, String hidden,
      String assignments, DdcModelParams params) {
    g.addVertex(name + "_in", new MergeVertex(), hidden, assignments)
        .addLayer(name, new DdcLossLayer.Builder().hiddenSize(params.hiddenSize()).clusters(params.clusters())
            .relSigma(params.loss().relSigma()).build(), name + "_in");
    return name;
  }

  /**
   * Adds the UCO head of block output {@code block} (shape C×H×W, 1-based index {@code l} of {@code numBlocks});
   * returns its output name.
   */
  public static String addUco(ComputationGraphConfiguration.GraphBuilder g, String name, String block, long[] shape,
      String assignments, int l, int numBlocks, DdcModelParams params) {
    var loss = params.loss();
    g.addVertex(name + "_flat", new PreprocessorVertex(
            new CnnToFeedForwardPreProcessor(shape[1], shape[2], shape[0])), block)
        .addVertex(name + "_in", new MergeVertex(), name + "_flat", assignments)
        .addLayer(name, new UcoLossLayer.Builder().blockShape(shape).clusters(params.clusters())
            .kernel(loss.kernel().json()).weight(loss.weighting().weight(l, numBlocks)).lambda(loss.ucoLambda())
            .relSigma(loss.relSigma()).assignmentGradient(loss.ucoAssignmentGradient()).build(), name + "_in");
    return name;
  }
}
