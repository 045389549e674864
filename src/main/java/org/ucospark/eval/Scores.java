package org.ucospark.eval;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metric values of one evaluation, keyed by {@link Metric#name()} in the order of {@link
 * MetricRegistry}. A metric that is undefined (no labels, a failed run) or was not recorded (a file
 * written before it existed) reads as NaN.
 *
 * @param values metric name → value
 */
public record Scores(Map<String, Double> values) implements Serializable {

  /** No value at all: every metric reads NaN. */
  public static final Scores NONE = new Scores(Map.of());

  /** Copies {@code values} (null → empty) into an unmodifiable map that keeps their order. */
  public Scores {
    values = values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /**
   * @param name a metric name
   * @return its value, NaN when absent
   */
  public double get(String name) {
    Double v = values.get(name);
    return v == null ? Double.NaN : v;
  }

  /**
   * @param metric a metric
   * @return its value, NaN when absent
   */
  public double get(Metric metric) {
    return get(metric.name());
  }

  /**
   * @return true when no metric has a finite value (e.g. a data set without labels)
   */
  public boolean undefined() {
    return values.values().stream().noneMatch(Double::isFinite);
  }
}
