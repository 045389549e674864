package org.ucospark.sweep;

/**
 * Which per-run metrics a summary aggregates: those after the last epoch ({@code final_*}, the
 * default) or those of the checkpoint with the lowest total loss ({@code best_*}). The "best run"
 * is always the finished run with the lowest {@code final_loss}, whatever the source.
 */
public enum MetricSource {
    /** {@code final_acc}, {@code final_nmi}, {@code final_ari}, {@code final_ofm}. */
    FINAL("final_", "after the last epoch"),
    /** {@code best_acc}, {@code best_nmi}, {@code best_ari}, {@code best_ofm}. */
    CHECKPOINT("best_", "of the lowest-loss checkpoint");

    private final String prefix;
    private final String description;

    MetricSource(String prefix, String description) {
        this.prefix = prefix;
        this.description = description;
    }

    /** @return column prefix, {@code "final_"} or {@code "best_"} */
    public String prefix() {
        return prefix;
    }

    /** @return human description for report headers */
    public String description() {
        return description;
    }

    /** @return the trials-table column of {@code metric} ({@code acc}, {@code nmi}, {@code ari}, {@code ofm}) */
    public String column(String metric) {
        return prefix + metric;
    }

    double acc(TrialRecord r) {
        return this == FINAL ? r.finalAcc() : r.bestAcc();
    }

    double nmi(TrialRecord r) {
        return this == FINAL ? r.finalNmi() : r.bestNmi();
    }

    /** @return the pairwise OFM of {@code r} (term → term → cosine), empty when not computed */
    public java.util.Map<String, java.util.Map<String, Double>> ofmPairwise(TrialRecord r) {
        return TrialRecord.pairwise(this == FINAL ? r.finalOfmPairwise() : r.bestOfmPairwise());
    }
}
