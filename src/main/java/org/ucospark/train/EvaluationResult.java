package org.ucospark.train;

import java.util.Map;
import org.ucospark.eval.Scores;

/**
 * One evaluation on the full data set (docs/ALGORITHMS.md §4–5): the metrics of the registry
 * ({@link org.ucospark.eval.MetricRegistry}: ACC, NMI, ARI, RI, …) of the predictions, every loss
 * term (mean over full batches), their total, OFM (mean over the full batches it was computed on;
 * NaN for models without a companion), how many examples each cluster received and KL* = Σ_k π_k
 * ln(K·π_k), the KL divergence of the predicted cluster distribution π from uniform (collapse
 * monitoring: 0 = balanced, ln K = one cluster), the mean kernel bandwidth σ of each kernel over
 * the full batches ({@code hidden}, {@code uco/0}, …), and in pairwise OFM mode the mean cosine of
 * every pair of loss terms over the OFM batches, as a symmetric matrix term → term → cosine with 1
 * on the diagonal (empty otherwise). Beside ARI the unadjusted Rand index, and the confusion matrix
 * (row = class, column = cluster; null without labels), as the authors log them (docs/PROTOCOL.md,
 * section 5).
 */
public record EvaluationResult(
    Scores scores,
    double ofm,
    double loss,
    Map<String, Double> terms,
    int[] clusterCounts,
    double klStar,
    Map<String, Double> sigmas,
    Map<String, Map<String, Double>> ofmPairwise,
    int[][] confusion) {

  /** Shorthand for {@code scores().get("acc")}, the accuracy. */
  public double acc() {
    return scores.get("acc");
  }

  /** Shorthand for {@code scores().get("nmi")}. */
  public double nmi() {
    return scores.get("nmi");
  }

  /** Shorthand for {@code scores().get("ari")}. */
  public double ari() {
    return scores.get("ari");
  }

  /** Shorthand for {@code scores().get("rand")}, the unadjusted Rand index. */
  public double rand() {
    return scores.get("rand");
  }

  /**
   * @return true when the data set has labels (the metrics that need them are defined)
   */
  public boolean labeled() {
    return confusion != null;
  }

  /**
   * The symmetric matrix of the cosines keyed "t|u" (t before u), in term order, 1 on the diagonal.
   */
  static Map<String, Map<String, Double>> symmetric(Map<String, Double> pairs) {
    Map<String, Map<String, Double>> m = new java.util.LinkedHashMap<>();
    pairs.forEach(
        (key, cosine) -> {
          String[] tu = key.split("\\|");
          m.computeIfAbsent(tu[0], k -> new java.util.LinkedHashMap<>()).put(tu[1], cosine);
          m.computeIfAbsent(tu[1], k -> new java.util.LinkedHashMap<>()).put(tu[0], cosine);
        });
    m.forEach((t, row) -> row.put(t, 1.0));
    Map<String, Map<String, Double>> ordered = new java.util.LinkedHashMap<>();
    for (String t : m.keySet()) {
      Map<String, Double> row = new java.util.LinkedHashMap<>();
      for (String u : m.keySet()) {
        row.put(u, m.get(t).get(u));
      }
      ordered.put(t, row);
    }
    return ordered;
  }

  /**
   * Why this evaluation cannot be used, or null: the first loss term (or the total) that is NaN or
   * infinite, e.g. {@code "ddc_1 = NaN"}. A non-finite loss is never accepted silently: it would
   * never be "lowest", and every later comparison with it is false.
   */
  public String failure() {
    for (Map.Entry<String, Double> t : terms.entrySet()) {
      if (!Double.isFinite(t.getValue())) {
        return t.getKey() + " = " + t.getValue();
      }
    }
    return Double.isFinite(loss) ? null : "loss = " + loss;
  }

  /** KL(π‖uniform) of the cluster counts. */
  public static double klFromUniform(int[] counts) {
    long n = 0;
    for (int c : counts) {
      n += c;
    }
    double kl = 0;
    for (int c : counts) {
      if (c > 0) {
        double pi = (double) c / n;
        kl += pi * Math.log(counts.length * pi);
      }
    }
    return kl;
  }
}
