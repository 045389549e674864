package org.ucospark.eval;

/**
 * A metric that exists only in the tests, registered with {@link java.util.ServiceLoader} from
 * {@code src/test/metric-extension/META-INF/services/org.ucospark.eval.Metric}: cluster purity,
 * {@code Σ_j max_i n_ij / N}, each cluster counted for its majority class. Purity allows many
 * clusters per class where ACC matches one to one, so purity ≥ ACC on every clustering. This file
 * and its registration line are all it takes to add a metric ({@link MetricExtensionTest}).
 */
public final class PurityMetric implements Metric {
  @Override
  public String name() {
    return "purity";
  }

  @Override
  public String label() {
    return "Purity";
  }

  @Override
  public Tier tier() {
    return Tier.HEADLINE;
  }

  @Override
  public double compute(MetricInput assignments) {
    long[][] n = assignments.table().counts();
    long majority = 0;
    for (int j = 0; j < assignments.table().numClusters(); j++) {
      long max = 0;
      for (long[] row : n) {
        max = Math.max(max, row[j]);
      }
      majority += max;
    }
    return (double) majority / assignments.table().total();
  }
}
