package org.ucospark.model;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ucospark.loss.LossParams;
import org.ucospark.loss.UcoLoss;
import org.ucospark.nn.UcoLossLayer;

/**
 * The UCO companion objective (docs/PROTOCOL.md, §3 "Losses"): {@code uco/l} (l = 0 … L−1, 0-based)
 * = λ·w_{l+1}·d_cs(A, K_{l+1}) of block output X_{l+1} and A, w from the {@link
 * LossParams.Weighting} schedule, with the tensor or the naive kernel ({@code loss.uco_kernel}).
 * Head {@code uco_l}: merge(flatten(X_l), A) → {@link UcoLossLayer}, which restores the block's
 * shape (C, H, W) from the row-major flattening.
 */
public final class UcoTerm extends LossTerm {
  public static final String NAME = ModelVariant.UCO;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Term> companionTerms(Context context) {
    LossParams loss = context.loss();
    int blocks = context.blockShapes().size();
    List<Term> terms = new ArrayList<>();
    for (int l = 0; l < blocks; l++) {
      double w = loss.weighting().weight(l + 1, blocks);
      terms.add(
          new Term(
              "uco/" + l,
              NAME,
              true,
              Layers.ucoOutput(l),
              List.of(Layers.block(l), Layers.ASSIGNMENTS),
              w,
              loss.ucoLambda() * w));
    }
    return terms;
  }

  @Override
  public void addHead(ComputationGraphConfiguration.GraphBuilder g, Context context, Term t) {
    LossParams loss = context.loss();
    String name = t.head();
    String block = t.inputs().get(0);
    long[] shape = context.blockShape(block);
    String flat = block;
    if (shape.length == 3) {
      flat = name + "_flat";
      g.addVertex(
          flat,
          new PreprocessorVertex(new CnnToFeedForwardPreProcessor(shape[1], shape[2], shape[0])),
          block);
    }
    g.addVertex(name + "_in", new MergeVertex(), flat, t.inputs().get(1))
        .addLayer(
            name,
            new UcoLossLayer.Builder()
                .blockShape(shape)
                .clusters(context.clusters())
                .kernel(loss.kernel().json())
                .weight(t.weight())
                .lambda(loss.ucoLambda())
                .relSigma(loss.relSigma())
                .assignmentGradient(loss.ucoAssignmentGradient())
                .distanceGradient(loss.distanceGradient().json())
                .build(),
            name + "_in");
  }

  @Override
  public void evaluate(
      Term t, List<INDArray> in, Context context, INDArray targets, boolean gradients, Values out) {
    LossParams loss = context.loss();
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
    out.terms().put(t.name(), r.value());
    out.sigmas().put(t.name(), r.sigma());
    if (gradients) {
      out.gradients().merge(t.inputs().get(0), r.gradX(), INDArray::add);
      if (r.gradA() != null) {
        out.gradients().merge(t.inputs().get(1), r.gradA(), INDArray::add);
      }
    }
  }
}
