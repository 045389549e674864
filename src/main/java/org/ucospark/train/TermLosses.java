package org.ucospark.train;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ucospark.nn.ExplicitLossLayerImpl;

/**
 * The training loss of every term, per epoch the mean over the epoch's minibatches, as the authors
 * log it beside the total (docs/PROTOCOL.md, section 4): after each training step the loss heads
 * hold that minibatch's values ({@link ExplicitLossLayerImpl#lastTerms}: DDC's three terms, each
 * UCO term; the other heads' score is their one term, named as the head: {@code kl}, {@code
 * reconstruct}, {@code ohc}). Sums merge across workers (Spark) in any order before the means.
 */
final class TermLosses implements Serializable {
  private static final long serialVersionUID = 1L;
  private final LinkedHashMap<String, double[]> sums = new LinkedHashMap<>();

  /** The terms of the minibatch {@code network} was just fitted on, by term name. */
  static Map<String, Double> of(ComputationGraph network) {
    Map<String, Double> terms = new LinkedHashMap<>();
    for (String head : network.getConfiguration().getNetworkOutputs()) {
      Layer layer = network.getLayer(head);
      if (layer instanceof ExplicitLossLayerImpl<?> explicit) {
        terms.putAll(explicit.lastTerms());
      } else {
        terms.put(head.replace('_', '/'), layer.score());
      }
    }
    return terms;
  }

  /** Adds one minibatch's terms. */
  TermLosses add(Map<String, Double> terms) {
    terms.forEach(
        (k, v) -> {
          double[] s = sums.computeIfAbsent(k, x -> new double[2]);
          s[0] += v;
          s[1]++;
        });
    return this;
  }

  /** Adds another collection's sums. */
  TermLosses merge(TermLosses other) {
    other.sums.forEach(
        (k, v) -> {
          double[] s = sums.computeIfAbsent(k, x -> new double[2]);
          s[0] += v[0];
          s[1] += v[1];
        });
    return this;
  }

  boolean isEmpty() {
    return sums.isEmpty();
  }

  /** The mean of every term over the minibatches added. */
  Map<String, Double> means() {
    Map<String, Double> means = new LinkedHashMap<>();
    sums.forEach((k, s) -> means.put(k, s[0] / s[1]));
    return means;
  }
}
