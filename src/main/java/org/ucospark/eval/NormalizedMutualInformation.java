package org.ucospark.eval;

/**
 * Normalised mutual information, geometric normalisation, natural log ({@link
 * ClusteringMetrics#nmi(ContingencyTable)}).
 */
public final class NormalizedMutualInformation implements Metric {
  @Override
  public String name() {
    return "nmi";
  }

  @Override
  public String label() {
    return "NMI";
  }

  @Override
  public Tier tier() {
    return Tier.HEADLINE;
  }

  @Override
  public double compute(MetricInput assignments) {
    return ClusteringMetrics.nmi(assignments.table());
  }
}
