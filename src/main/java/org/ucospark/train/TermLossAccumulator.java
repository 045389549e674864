package org.ucospark.train;

import java.util.Map;
import org.apache.spark.util.AccumulatorV2;

/** Sums the minibatches' loss terms of the workers into the driver's {@link TermLosses}. */
final class TermLossAccumulator extends AccumulatorV2<Map<String, Double>, TermLosses> {
  private static final long serialVersionUID = 1L;
  private TermLosses sums = new TermLosses();

  @Override
  public boolean isZero() {
    return sums.isEmpty();
  }

  @Override
  public TermLossAccumulator copy() {
    TermLossAccumulator c = new TermLossAccumulator();
    c.sums = new TermLosses().merge(sums);
    return c;
  }

  @Override
  public void reset() {
    sums = new TermLosses();
  }

  @Override
  public void add(Map<String, Double> terms) {
    sums.add(terms);
  }

  @Override
  public void merge(AccumulatorV2<Map<String, Double>, TermLosses> other) {
    sums.merge(other.value());
  }

  @Override
  public TermLosses value() {
    return sums;
  }
}
