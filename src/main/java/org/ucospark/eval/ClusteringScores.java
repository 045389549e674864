package org.ucospark.eval;

/**
 * The clustering metrics of spec section 5 for one labelling/prediction pair.
 *
 * @param acc clustering accuracy, best one-to-one cluster-to-class matching / N ({@link
 *     ClusteringMetrics#acc})
 * @param nmi normalised mutual information, {@code I(L;P) / sqrt(H(L) H(P))}, natural log ({@link
 *     ClusteringMetrics#nmi})
 * @param ari adjusted Rand index ({@link ClusteringMetrics#ari})
 * @param rand unadjusted Rand index ({@link ClusteringMetrics#rand}), logged beside ARI as the
 *     authors do
 */
public record ClusteringScores(double acc, double nmi, double ari, double rand) {

  /**
   * Computes ACC, NMI, ARI and RI of {@code pred} against {@code labels} from one contingency
   * table.
   *
   * @param labels true class of each sample
   * @param pred predicted cluster of each sample, same length, non-empty
   * @return the scores
   * @throws IllegalArgumentException if the arrays are empty or differ in length
   */
  public static ClusteringScores of(int[] labels, int[] pred) {
    return ClusteringMetrics.scores(labels, pred);
  }
}
