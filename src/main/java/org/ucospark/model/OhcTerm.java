package org.ucospark.model;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ucospark.loss.HardAssignment;
import org.ucospark.nn.HardClusteringLoss;

/**
 * OHC's clustering loss (docs/PROTOCOL.md, §3 "Losses"): {@code ohc} = mean_i C_{i,c(i)} of the
 * costs under the greedy assignment c, scale 1; head: a loss layer of {@link HardClusteringLoss} on
 * the costs.
 */
public final class OhcTerm extends LossTerm {
  public static final String NAME = Layers.OHC_OUTPUT;

  /** The one term, on the costs C ({@link Layers#COSTS}). */
  public static List<Term> terms() {
    return List.of(Term.clustering(NAME, NAME, Layers.OHC_OUTPUT, List.of(Layers.COSTS)));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void addHead(ComputationGraphConfiguration.GraphBuilder g, Context context, Term t) {
    g.addLayer(t.head(), Layers.lossLayer(new HardClusteringLoss()), t.inputs().get(0));
  }

  @Override
  public void evaluate(
      Term t, List<INDArray> in, Context context, INDArray targets, boolean gradients, Values out) {
    double[][] costs = in.get(0).toDoubleMatrix();
    int[] assigned = HardAssignment.greedy(costs).clusterOf();
    double sum = 0;
    for (int i = 0; i < costs.length; i++) {
      sum += costs[i][assigned[i]];
    }
    out.terms().put(t.name(), sum / costs.length);
  }
}
