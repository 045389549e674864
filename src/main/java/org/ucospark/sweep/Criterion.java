package org.ucospark.sweep;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ucospark.model.ModelVariant;
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
 * {@code loss} (the total), {@code ofm}, one loss term by name, or a metric that uses the labels
 * ({@link #LABELLED}), which is label leakage unless the user says so ({@code halving.labels =
 * allowed}).
 */
public record Criterion(String name, boolean maximise) {
  /** The default criterion: the family's clustering loss. */
  public static final String CLUSTERING = "clustering";

  /**
   * The metrics that need the ground-truth labels. (One lookup, to be replaced by the metric
   * registry's own flag.)
   */
  public static final Set<String> LABELLED = Set.of("acc", "nmi", "ari");

  /** The terms of each family's clustering loss. */
  static final Map<ModelVariant.Family, List<String>> TERMS =
      Map.of(
          ModelVariant.Family.DDC, List.of("ddc_1", "ddc_2", "ddc_3"),
          ModelVariant.Family.DEC, List.of("kl"),
          ModelVariant.Family.OHC, List.of("ohc"));

  /**
   * Keys that change the clustering loss's own definition, per family: the DDC kernel's bandwidth,
   * the DEC Student-t kernel's degrees of freedom, the OHC kernel's σ. Configurations that differ
   * in them are measured with different rulers, so none of them may be a swept axis under {@value
   * #CLUSTERING}.
   */
  static final Map<ModelVariant.Family, List<String>> DEFINING =
      Map.of(
          ModelVariant.Family.DDC, List.of("loss.rel_sigma"),
          ModelVariant.Family.DEC, List.of("dec.alpha"),
          ModelVariant.Family.OHC, List.of("ohc.sigma"));

  /** Whether the criterion uses the labels. */
  public boolean usesLabels() {
    return LABELLED.contains(name);
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
    for (String key : DEFINING.get(ModelVariant.parse(model).family())) {
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
    return switch (name) {
      case "acc" -> e.acc();
      case "nmi" -> e.nmi();
      case "ari" -> e.ari();
      case "ofm" -> e.ofm();
      case "loss" -> e.loss();
      case CLUSTERING -> sum(e.terms(), TERMS.get(ModelVariant.parse(model).family()));
      default -> e.terms().getOrDefault(name, Double.NaN);
    };
  }

  private static double sum(Map<String, Double> terms, List<String> names) {
    double s = 0;
    for (String t : names) {
      s += terms.getOrDefault(t, Double.NaN);
    }
    return s;
  }
}
