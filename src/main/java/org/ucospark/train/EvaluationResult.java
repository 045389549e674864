package org.ucospark.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One evaluation on the full data set (spec sections 4–5): ACC, NMI, ARI of the predictions, every loss term
 * (mean over full batches), their total, OFM (mean over the full batches it was computed on; NaN for models
 * without a companion) and how many examples each cluster received (collapse monitoring).
 */
public record EvaluationResult(
    @JsonProperty("acc") double acc,
    @JsonProperty("nmi") double nmi,
    @JsonProperty("ari") double ari,
    @JsonProperty("ofm") double ofm,
    @JsonProperty("loss") double loss,
    @JsonProperty("terms") Map<String, Double> terms,
    @JsonProperty("cluster_counts") int[] clusterCounts) {}
