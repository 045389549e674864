package org.ucospark.eval;

/**
 * Unadjusted Rand index, logged beside ARI as the authors do ({@link
 * ClusteringMetrics#rand(ContingencyTable)}).
 */
public final class RandIndex implements Metric {
  @Override
  public String name() {
    return "rand";
  }

  @Override
  public String label() {
    return "RI";
  }

  @Override
  public Tier tier() {
    return Tier.LOGGED;
  }

  @Override
  public double compute(MetricInput assignments) {
    return ClusteringMetrics.rand(assignments.table());
  }
}
