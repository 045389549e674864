package org.ucospark.loss;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Named loss terms ("ddc_1", "ddc_2", "ddc_3", "uco/0", "uco/1", … — the UCO index is
 * 0-based, block l = index + 1) and the gradients of their sum w.r.t. A, H and every X_l.
 */
public record LossResult(Map<String, Double> terms, INDArray gradAssignments, INDArray gradHidden,
                         List<INDArray> gradIntermediates) {
  public LossResult {
    terms = Collections.unmodifiableMap(new LinkedHashMap<>(terms));
  }

  /** Sum of all terms. */
  public double total() {
    double s = 0.0;
    for (double v : terms.values()) s += v;
    return s;
  }

  /** Sum of the "uco/…" terms (the companion loss). */
  public double ucoTotal() {
    double s = 0.0;
    for (Map.Entry<String, Double> e : terms.entrySet()) if (e.getKey().startsWith("uco/")) s += e.getValue();
    return s;
  }
}
