package org.ucospark.train;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.ucospark.data.CustomImages;
import org.ucospark.eval.MetricRegistry;

/**
 * Collects what evaluated batches contribute (predictions by example id; per full batch, keyed by
 * its index in the evaluation order: the loss terms, the kernel bandwidths, OFM) so that batches
 * evaluated on different executors merge into one {@link EvaluationResult}. Means are taken in
 * batch order, so a local and a distributed evaluation of the same network sum the same numbers in
 * the same order and agree exactly, whatever the partitioning. Labels are only read here, after the
 * network made its predictions: nothing label-dependent flows back into training or model
 * selection.
 */
public final class EvaluationAccumulator implements Serializable {
  private static final long serialVersionUID = 2L;
  private final int[] labels;
  private final int[] predictions;
  private final TreeMap<Integer, Map<String, Double>> terms = new TreeMap<>();
  private final TreeMap<Integer, Map<String, Double>> sigmas = new TreeMap<>();
  private final TreeMap<Integer, Double> ofm = new TreeMap<>();
  private final TreeMap<Integer, Map<String, Double>> pairwise = new TreeMap<>();

  public EvaluationAccumulator(int n) {
    labels = new int[n];
    predictions = new int[n];
    Arrays.fill(predictions, -1);
  }

  /**
   * Adds batch {@code index} of the evaluation order: examples {@code ids} with their {@code
   * labels}.
   */
  public void add(int index, int[] ids, int[] batchLabels, Evaluator.BatchResult result) {
    for (int i = 0; i < ids.length; i++) {
      labels[ids[i]] = batchLabels[i];
      predictions[ids[i]] = result.predictions()[i];
    }
    if (!result.terms().isEmpty()) {
      terms.put(index, new LinkedHashMap<>(result.terms()));
      sigmas.put(index, new LinkedHashMap<>(result.sigmas()));
    }
    if (!Double.isNaN(result.ofm())) {
      ofm.put(index, result.ofm());
    }
    if (!result.pairwise().isEmpty()) {
      pairwise.put(index, new LinkedHashMap<>(result.pairwise()));
    }
  }

  /** Merges another accumulator into this one (disjoint example ids and batches). */
  public EvaluationAccumulator merge(EvaluationAccumulator other) {
    for (int i = 0; i < predictions.length; i++) {
      if (other.predictions[i] >= 0) {
        predictions[i] = other.predictions[i];
        labels[i] = other.labels[i];
      }
    }
    terms.putAll(other.terms);
    sigmas.putAll(other.sigmas);
    ofm.putAll(other.ofm);
    pairwise.putAll(other.pairwise);
    return this;
  }

  public EvaluationResult result(int clusters) {
    for (int p : predictions) {
      if (p < 0) {
        throw new IllegalStateException("evaluation missed an example");
      }
    }
    // A data set without labels (CustomImages.NO_LABEL) has no metric that needs labels: NaN,
    // written as null.
    boolean labeled = Arrays.stream(labels).noneMatch(l -> l == CustomImages.NO_LABEL);
    Map<String, Double> termMeans = means(terms.values());
    double total = 0;
    for (double mean : termMeans.values()) {
      total += mean;
    }
    int[] counts = new int[clusters];
    for (int p : predictions) {
      counts[p]++;
    }
    double ofmSum = 0;
    for (double v : ofm.values()) {
      ofmSum += v;
    }
    return new EvaluationResult(
        MetricRegistry.score(labeled ? labels : null, predictions),
        ofm.isEmpty() ? Double.NaN : ofmSum / ofm.size(),
        terms.isEmpty() ? Double.NaN : total,
        termMeans,
        counts,
        EvaluationResult.klFromUniform(counts),
        means(sigmas.values()),
        EvaluationResult.symmetric(means(pairwise.values())),
        labeled ? confusion(labels, predictions, clusters) : null);
  }

  /** Row = class (0 .. largest label), column = cluster (0 .. clusters − 1): the counts. */
  static int[][] confusion(int[] labels, int[] predictions, int clusters) {
    int classes = Arrays.stream(labels).max().orElse(-1) + 1;
    int[][] m = new int[classes][clusters];
    for (int i = 0; i < labels.length; i++) {
      m[labels[i]][predictions[i]]++;
    }
    return m;
  }

  /** The mean of every key over the batches, summed in batch order. */
  private static Map<String, Double> means(Collection<Map<String, Double>> batches) {
    Map<String, Double> sums = new LinkedHashMap<>();
    for (Map<String, Double> batch : batches) {
      batch.forEach((k, v) -> sums.merge(k, v, Double::sum));
    }
    Map<String, Double> means = new LinkedHashMap<>();
    sums.forEach((k, v) -> means.put(k, v / batches.size()));
    return means;
  }
}
