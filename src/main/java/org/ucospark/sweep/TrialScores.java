package org.ucospark.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ucospark.eval.Metric;
import org.ucospark.eval.MetricRegistry;
import org.ucospark.eval.Scores;

/**
 * One evaluation of a trial as the trials table keeps it: the tabulated metrics of the registry
 * ({@code <view>_acc}, {@code <view>_nmi}, …), OFM and the total loss ({@code <view>_ofm}, {@code
 * <view>_loss}; OFM and the loss are not registry metrics, {@link Metric}) and, for the final and
 * the best evaluation, the pairwise OFM matrix. Undefined values are NaN: every metric of a failed
 * attempt, OFM of a model without a companion objective (never 0).
 *
 * @param scores metric values keyed by metric name
 * @param ofm objective function mismatch, NaN without companion
 * @param loss total loss (selects the best run)
 * @param ofmPairwise pairwise OFM ({@code ofm.mode = pairwise}) as JSON, term → term → cosine
 *     (symmetric); {@code "{}"} when not computed (null and blank are normalised to it)
 */
public record TrialScores(Scores scores, double ofm, double loss, String ofmPairwise)
    implements java.io.Serializable {

  /** Column prefix of the final evaluation in the trials table. */
  static final String FINAL = "final_";

  /** Column prefix of the best checkpoint's evaluation. */
  static final String BEST = "best_";

  /** Column prefix of the evaluation that selected the best checkpoint. */
  static final String SELECTION = "selection_";

  /**
   * @param prefix {@code final_}, {@code best_}, {@code selection_} or empty (history)
   * @return the names of one evaluation's columns: every tabulated metric, {@code ofm}, {@code
   *     loss}, each with {@code prefix}
   */
  static List<String> columns(String prefix) {
    List<String> names = new ArrayList<>();
    for (Metric m : MetricRegistry.tabulated()) {
      names.add(prefix + m.name());
    }
    names.add(prefix + "ofm");
    names.add(prefix + "loss");
    return names;
  }

  /** No evaluation: every value NaN. */
  public static final TrialScores NONE = new TrialScores(Scores.NONE, Double.NaN, Double.NaN, "{}");

  /** Normalises null scores and a blank pairwise matrix. */
  public TrialScores {
    scores = scores == null ? Scores.NONE : scores;
    ofmPairwise = ofmPairwise == null || ofmPairwise.isBlank() ? "{}" : ofmPairwise;
  }

  /**
   * @param metric a metric
   * @return its value, NaN when absent
   */
  public double get(Metric metric) {
    return scores.get(metric);
  }

  /**
   * @param metric a metric's name
   * @return its value, NaN when absent
   */
  public double get(String metric) {
    return scores.get(metric);
  }

  /**
   * @return true when a metric that needs labels has a value (false: a data set without labels, or
   *     no evaluation)
   */
  public boolean labeled() {
    return MetricRegistry.all().stream()
        .anyMatch(m -> m.needsLabels() && Double.isFinite(scores.get(m)));
  }

  /**
   * @return the headline metrics as a progress line shows them, e.g. {@code "ACC 0.912 NMI 0.854"}
   */
  public String headline() {
    StringBuilder sb = new StringBuilder();
    for (Metric m : MetricRegistry.headline()) {
      sb.append(sb.length() > 0 ? " " : "")
          .append(String.format(Locale.ROOT, "%s %.3f", m.label(), scores.get(m)));
    }
    return sb.toString();
  }

  /**
   * @return the pairwise OFM (term → term → cosine), empty when not computed
   */
  public Map<String, Map<String, Double>> pairwise() {
    return Rows.pairwise(ofmPairwise);
  }
}
