package org.ucospark.model;

import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ucospark.loss.TargetDistribution;
import org.ucospark.nn.KlDivergenceLoss;

/**
 * DEC's clustering loss (docs/PROTOCOL.md, §3 "Losses"): {@code kl} = mean_i KL(P_i ‖ Q_i) of the
 * assignments against the targets P, scale 1; head: a loss layer of {@link KlDivergenceLoss} on the
 * assignments (labels: the targets P). Without targets the evaluator leaves it out.
 */
public final class KlTerm extends LossTerm {
  public static final String NAME = KlDivergenceLoss.TERM;

  /** The one term, on the assignments Q. */
  public static List<Term> terms() {
    return List.of(Term.clustering(NAME, NAME, Layers.KL_OUTPUT, List.of(Layers.ASSIGNMENTS)));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void addHead(ComputationGraphConfiguration.GraphBuilder g, Context context, Term t) {
    g.addLayer(t.head(), Layers.lossLayer(new KlDivergenceLoss()), t.inputs().get(0));
  }

  @Override
  public void evaluate(
      Term t, List<INDArray> in, Context context, INDArray targets, boolean gradients, Values out) {
    if (targets != null) {
      out.terms()
          .put(
              t.name(),
              Arrays.stream(TargetDistribution.klPerRow(targets, in.get(0)))
                  .average()
                  .orElse(Double.NaN));
    }
  }
}
