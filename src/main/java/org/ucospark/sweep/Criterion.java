package org.ucospark.sweep;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ucospark.eval.Metric;
import org.ucospark.eval.MetricRegistry;
import org.ucospark.model.ModelFamilies;
import org.ucospark.model.ModelFamily;
import org.ucospark.model.Term;
import org.ucospark.train.EvaluationResult;

/**
 * What a successive-halving sweep compares configurations by (docs/SWEEPS.md, "The criterion"),
 * read from the evaluation on the full set after a rung's last epoch.
 *
 * <p>The default, {@value #CLUSTERING}, is label-free: the model family's own clustering loss, the
 * quantity its training minimises without the companion or reconstruction terms (which a swept
 * weight such as {@code loss.uco_lambda} scales, so the total loss would favour the smallest
 * weight): {@code ddc_1 + ddc_2 + ddc_3} for the DDC family, the KL divergence {@code kl} for the
 * DEC family, the OHC loss {@code ohc} (docs/PROTOCOL.md, sections 3–4). Otherwise a logged metric:
 * {@code loss} (the total), {@code ofm}, one loss term by name, or a metric that uses the labels (a
 * registered {@link Metric} that {@link Metric#needsLabels needs them}), which is label leakage
 * unless the user says so ({@code halving.labels = allowed}).
 */
public record Criterion(String name, boolean maximise) {
  /** The default criterion: the family's clustering loss. */
  public static final String CLUSTERING = "clustering";

  /** Whether the criterion uses the labels. */
  public boolean usesLabels() {
    return usesLabels(name);
  }

  /** Whether {@code name} is a registered metric that needs the labels ({@link Metric}). */
  public static boolean usesLabels(String name) {
    return MetricRegistry.all().stream().anyMatch(m -> m.name().equals(name) && m.needsLabels());
  }

  /** Whether {@code a} is better than {@code b} (NaN is worse than anything). */
  public boolean better(double a, double b) {
    if (Double.isNaN(b)) {
      return !Double.isNaN(a);
    }
    return maximise ? a > b : a < b;
  }

  /** The sweep axis that may not be swept under this criterion for {@code model}, else null. */
  public String definingAxis(String model, Set<String> axes) {
    if (!name.equals(CLUSTERING)) {
      return null;
    }
    for (String key : family(model).clusteringLossKeys()) {
      if (axes.contains(key)) {
        return key;
      }
    }
    return null;
  }

  /**
   * The value of criterion {@code name} in evaluation {@code e} of a {@code model} run; NaN when
   * there is no evaluation or the run does not log it.
   */
  public static double value(String name, String model, EvaluationResult e) {
    if (e == null) {
      return Double.NaN;
    }
    if (MetricRegistry.all().stream().anyMatch(m -> m.name().equals(name))) {
      return e.scores().get(name);
    }
    return switch (name) {
      case "ofm" -> e.ofm();
      case "loss" -> e.loss();
      case CLUSTERING ->
          sum(e.terms(), family(model).clusteringTerms().stream().map(Term::name).toList());
      default -> e.terms().getOrDefault(name, Double.NaN);
    };
  }

  private static ModelFamily family(String model) {
    return ModelFamilies.of(ModelFamilies.parse(model));
  }

  private static double sum(Map<String, Double> terms, List<String> names) {
    double s = 0;
    for (String t : names) {
      s += terms.getOrDefault(t, Double.NaN);
    }
    return s;
  }
}
