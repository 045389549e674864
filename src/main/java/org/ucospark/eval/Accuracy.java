package org.ucospark.eval;

/**
 * Clustering accuracy, the best one-to-one cluster-to-class matching / N ({@link
 * ClusteringMetrics#acc(ContingencyTable)}).
 */
public final class Accuracy implements Metric {
  @Override
  public String name() {
    return "acc";
  }

  @Override
  public String label() {
    return "ACC";
  }

  @Override
  public Tier tier() {
    return Tier.HEADLINE;
  }

  @Override
  public double compute(MetricInput assignments) {
    return ClusteringMetrics.acc(assignments.table());
  }
}
