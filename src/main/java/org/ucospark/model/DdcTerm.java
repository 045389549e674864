package org.ucospark.model;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ucospark.loss.DdcLoss;
import org.ucospark.loss.LossParams;
import org.ucospark.nn.DdcLossLayer;

/**
 * DDC's clustering loss (docs/PROTOCOL.md, §3 "Losses"): {@code ddc_1}, {@code ddc_2}, {@code
 * ddc_3} of (H, A), scale 1, all three computed by one head {@code ddc}: merge(H, A) → {@link
 * DdcLossLayer}.
 */
public final class DdcTerm extends LossTerm {
  public static final String NAME = "ddc";

  /** The three terms, reading H ({@link Layers#HIDDEN}) and A. */
  public static List<Term> terms() {
    List<String> in = List.of(Layers.HIDDEN, Layers.ASSIGNMENTS);
    return List.of(
        Term.clustering("ddc_1", NAME, NAME, in),
        Term.clustering("ddc_2", NAME, NAME, in),
        Term.clustering("ddc_3", NAME, NAME, in));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void addHead(ComputationGraphConfiguration.GraphBuilder g, Context context, Term t) {
    LossParams loss = context.loss();
    String name = t.head();
    g.addVertex(name + "_in", new MergeVertex(), t.inputs().toArray(String[]::new))
        .addLayer(
            name,
            new DdcLossLayer.Builder()
                .hiddenSize(context.hiddenSize())
                .clusters(context.clusters())
                .relSigma(loss.relSigma())
                .distanceGradient(loss.distanceGradient().json())
                .build(),
            name + "_in");
  }

  @Override
  public void evaluate(
      Term t, List<INDArray> in, Context context, INDArray targets, boolean gradients, Values out) {
    if (!t.name().equals("ddc_1")) {
      return; // the head computes all three
    }
    LossParams loss = context.loss();
    DdcLoss.Result r =
        DdcLoss.compute(
            in.get(1), in.get(0), loss.relSigma(), Double.NaN, gradients, loss.distanceGradient());
    out.terms().put("ddc_1", r.ddc1());
    out.terms().put("ddc_2", r.ddc2());
    out.terms().put("ddc_3", r.ddc3());
    out.sigmas().put(t.inputs().get(0), r.sigma());
    if (gradients) {
      out.gradients().merge(t.inputs().get(0), r.gradH(), INDArray::add);
      out.gradients().merge(t.inputs().get(1), r.gradA(), INDArray::add);
    }
  }
}
