package org.ucospark.nn;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.ucospark.model.Layers;
import org.ucospark.model.ModelParams;

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
      String assignments, ModelParams params) {
    g.addVertex(name + "_in", new MergeVertex(), hidden, assignments)
        .addLayer(name, new DdcLossLayer.Builder().hiddenSize(params.hiddenSize()).clusters(params.clusters())
            .relSigma(params.loss().relSigma()).distanceGradient(params.loss().distanceGradient().json()).build(),
            name + "_in");
    return name;
  }

  /**
   * Adds the UCO heads on the block outputs X_1, X_2 ({@code Layers.BLOCK1}, {@code Layers.BLOCK2}) with the
   * soft assignments {@code Layers.ASSIGNMENTS}; returns their output names.
   */
  public static java.util.List<String> addUcoHeads(ComputationGraphConfiguration.GraphBuilder g, long[][] shapes,
      ModelParams params) {
    String[] blocks = {Layers.BLOCK1, Layers.BLOCK2};
    java.util.List<String> names = new java.util.ArrayList<>();
    for (int l = 0; l < blocks.length; l++) {
      names.add(addUco(g, Layers.ucoOutput(l), blocks[l], shapes[l], Layers.ASSIGNMENTS, l + 1, blocks.length,
          params));
    }
    return names;
  }

  /**
   * Adds the UCO head of block output {@code block} (shape C×H×W, or [n] for a dense layer, 1-based index {@code l} of {@code numBlocks});
   * returns its output name.
   */
  public static String addUco(ComputationGraphConfiguration.GraphBuilder g, String name, String block, long[] shape,
      String assignments, int l, int numBlocks, ModelParams params) {
    var loss = params.loss();
    String flat = block;
    if (shape.length == 3) {
      flat = name + "_flat";
      g.addVertex(flat, new PreprocessorVertex(new CnnToFeedForwardPreProcessor(shape[1], shape[2], shape[0])), block);
    }
    g.addVertex(name + "_in", new MergeVertex(), flat, assignments)
        .addLayer(name, new UcoLossLayer.Builder().blockShape(shape).clusters(params.clusters())
            .kernel(loss.kernel().json()).weight(loss.weighting().weight(l, numBlocks)).lambda(loss.ucoLambda())
            .relSigma(loss.relSigma()).assignmentGradient(loss.ucoAssignmentGradient())
            .distanceGradient(loss.distanceGradient().json()).build(), name + "_in");
    return name;
  }
}
