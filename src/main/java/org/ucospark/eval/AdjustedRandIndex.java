package org.ucospark.eval;

/** Adjusted Rand index ({@link ClusteringMetrics#ari(ContingencyTable)}). */
public final class AdjustedRandIndex implements Metric {
  @Override
  public String name() {
    return "ari";
  }

  @Override
  public String label() {
    return "ARI";
  }

  @Override
  public Tier tier() {
    return Tier.TABULATED;
  }

  @Override
  public double compute(MetricInput assignments) {
    return ClusteringMetrics.ari(assignments.table());
  }
}
