package org.ucospark.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One evaluation on the full data set (spec sections 4–5): ACC, NMI, ARI of the predictions, every loss term
 * (mean over full batches), their total, OFM (mean over the full batches it was computed on; NaN for models
 * without a companion), how many examples each cluster received and KL* = Σ_k π_k ln(K·π_k), the KL divergence
 * of the predicted cluster distribution π from uniform (collapse monitoring: 0 = balanced, ln K = one cluster),
 * and the mean kernel bandwidth σ of each kernel over the full batches ({@code hidden}, {@code uco/0}, …).
 */
public record EvaluationResult(
    @JsonProperty("acc") double acc,
    @JsonProperty("nmi") double nmi,
    @JsonProperty("ari") double ari,
    @JsonProperty("ofm") double ofm,
    @JsonProperty("loss") double loss,
    @JsonProperty("terms") Map<String, Double> terms,
    @JsonProperty("cluster_counts") int[] clusterCounts,
    @JsonProperty("kl_star") double klStar,
    @JsonProperty("sigmas") Map<String, Double> sigmas) {

  /**
   * Why this evaluation cannot be used, or null: the first loss term (or the total) that is NaN or infinite,
   * e.g. {@code "ddc_1 = NaN"}. A non-finite loss is never accepted silently: it would never be "lowest",
   * and every later comparison with it is false.
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
