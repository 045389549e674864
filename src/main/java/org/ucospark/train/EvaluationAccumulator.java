package org.ucospark.train;

import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ucospark.data.CustomImages;
import org.ucospark.eval.ClusteringScores;

/**
 * Sums what evaluated batches contribute (predictions by example id, loss-term sums over full batches, OFM
 * sum) so that partitions evaluated on different executors merge into one {@link EvaluationResult}. Labels
 * are only read here, after the network made its predictions: nothing label-dependent flows back into
 * training or model selection.
 */
public final class EvaluationAccumulator implements Serializable {
  private static final long serialVersionUID = 1L;
  private final int[] labels;
  private final int[] predictions;
  private final LinkedHashMap<String, Double> termSums = new LinkedHashMap<>();
  private int fullBatches;
  private double ofmSum;
  private int ofmBatches;

  public EvaluationAccumulator(int n) {
    labels = new int[n];
    predictions = new int[n];
    Arrays.fill(predictions, -1);
  }

  /** Adds one evaluated batch of examples {@code ids} with their {@code labels}. */
  public void add(int[] ids, int[] batchLabels, Evaluator.BatchResult result) {
    for (int i = 0; i < ids.length; i++) {
      labels[ids[i]] = batchLabels[i];
      predictions[ids[i]] = result.predictions()[i];
    }
    if (!result.terms().isEmpty()) {
      fullBatches++;
      result.terms().forEach((k, v) -> termSums.merge(k, v, Double::sum));
    }
    if (!Double.isNaN(result.ofm())) {
      ofmSum += result.ofm();
      ofmBatches++;
    }
  }

  /** Merges another partition's accumulator into this one (disjoint example ids). */
  public EvaluationAccumulator merge(EvaluationAccumulator other) {
    for (int i = 0; i < predictions.length; i++) {
      if (other.predictions[i] >= 0) {
        predictions[i] = other.predictions[i];
        labels[i] = other.labels[i];
      }
    }
    other.termSums.forEach((k, v) -> termSums.merge(k, v, Double::sum));
    fullBatches += other.fullBatches;
    ofmSum += other.ofmSum;
    ofmBatches += other.ofmBatches;
    return this;
  }

  public EvaluationResult result(int clusters) {
    for (int p : predictions) {
      if (p < 0) {
        throw new IllegalStateException("evaluation missed an example");
      }
    }
    // A data set without labels (CustomImages.NO_LABEL) has no ACC, NMI or ARI: NaN, written as null.
    boolean labeled = Arrays.stream(labels).noneMatch(l -> l == CustomImages.NO_LABEL);
    ClusteringScores scores = labeled ? ClusteringScores.of(labels, predictions) : null;
    Map<String, Double> terms = new LinkedHashMap<>();
    double total = 0;
    for (Map.Entry<String, Double> e : termSums.entrySet()) {
      double mean = e.getValue() / fullBatches;
      terms.put(e.getKey(), mean);
      total += mean;
    }
    int[] counts = new int[clusters];
    for (int p : predictions) {
      counts[p]++;
    }
    return new EvaluationResult(labeled ? scores.acc() : Double.NaN, labeled ? scores.nmi() : Double.NaN,
        labeled ? scores.ari() : Double.NaN, ofmBatches > 0 ? ofmSum / ofmBatches : Double.NaN,
        fullBatches > 0 ? total : Double.NaN, terms, counts, EvaluationResult.klFromUniform(counts));
  }
}
