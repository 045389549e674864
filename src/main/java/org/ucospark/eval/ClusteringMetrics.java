package org.ucospark.eval;

import java.math.BigInteger;

/**
 * Clustering quality metrics of docs/ALGORITHMS.md §5: ACC, NMI and ARI of a predicted clustering
 * {@code pred} against true {@code labels}.
 *
 * <p>Notation, from the {@link ContingencyTable} of {@code labels} (rows) against {@code pred}
 * (columns): {@code n_ij} the counts, {@code a_i = sum_j n_ij} the class sizes, {@code b_j = sum_i
 * n_ij} the cluster sizes, {@code N} the number of samples. Label and cluster ids are arbitrary
 * ints, need not be contiguous, and the number of clusters may differ from the number of classes
 * (clusters that are never predicted simply do not appear).
 *
 * <p>All functions are pure; they throw {@link NullPointerException} on null arrays and {@link
 * IllegalArgumentException} when the two arrays differ in length.
 */
public final class ClusteringMetrics {

  private ClusteringMetrics() {}

  /**
   * Clustering accuracy (docs/ALGORITHMS.md §5, ACC): {@code ACC = max_sigma sum_j n_{sigma(j), j}
   * / N}, the maximum over one-to-one maps {@code sigma} from clusters to classes, found with the
   * {@link Hungarian} algorithm on the contingency table (maximising matched counts). When there
   * are more clusters than classes (or vice versa) the surplus clusters (classes) stay unmatched
   * and count as errors. Cost: {@code O(K C)} memory and {@code O(min(K,C)^2 max(K,C))} time for
   * {@code K} classes and {@code C} clusters (plus {@code O(N log N)} for the table); meant for the
   * usual {@code K, C <= a few hundred}.
   *
   * @param labels true class of each sample
   * @param pred predicted cluster of each sample
   * @return ACC in {@code [0, 1]}
   * @throws IllegalArgumentException if the arrays are empty (ACC = 0/0 is undefined) or differ in
   *     length
   */
  public static double acc(int[] labels, int[] pred) {
    return acc(ContingencyTable.of(labels, pred));
  }

  /**
   * ACC of a contingency table; see {@link #acc(int[], int[])}.
   *
   * @param table contingency table of labels against predictions
   * @return ACC in {@code [0, 1]}
   * @throws IllegalArgumentException if the table is empty
   */
  public static double acc(ContingencyTable table) {
    if (table.total() == 0) {
      throw new IllegalArgumentException("ACC is undefined for zero samples");
    }
    return (double) matchedCount(table) / table.total();
  }

  /**
   * Number of samples whose cluster is mapped to their class by the best one-to-one
   * cluster-to-class matching (the numerator of ACC).
   *
   * @param table contingency table of labels against predictions
   * @return {@code max_sigma sum_j n_{sigma(j), j}}; 0 for an empty table
   */
  public static long matchedCount(ContingencyTable table) {
    if (table.total() == 0) {
      return 0L;
    }
    long[][] counts = table.counts();
    double[][] profit = new double[counts.length][];
    for (int i = 0; i < counts.length; i++) {
      profit[i] = new double[counts[i].length];
      for (int j = 0; j < counts[i].length; j++) {
        profit[i][j] = counts[i][j];
      }
    }
    int[] classToCluster = Hungarian.maximize(profit);
    long matched = 0;
    for (int i = 0; i < classToCluster.length; i++) {
      if (classToCluster[i] >= 0) {
        matched += counts[i][classToCluster[i]];
      }
    }
    return matched;
  }

  /**
   * Normalised mutual information with geometric normalisation and natural log (docs/ALGORITHMS.md
   * §5):
   *
   * <pre>
   *   I(L;P) = sum_ij (n_ij / N) ln(N n_ij / (a_i b_j))
   *   H(L)   = -sum_i (a_i / N) ln(a_i / N),   H(P) = -sum_j (b_j / N) ln(b_j / N)
   *   NMI    = I(L;P) / sqrt(H(L) H(P))
   * </pre>
   *
   * Degenerate cases follow scikit-learn's {@code normalized_mutual_info_score(labels, pred,
   * average_method='geometric')}: if both partitions have zero entropy (a single class and a single
   * cluster, or no samples) the result is {@code 1.0}; if exactly one of them has zero entropy, the
   * mutual information is 0 and the result is {@code 0.0}. A (rounding-level) negative mutual
   * information is clipped to 0.
   *
   * @param labels true class of each sample
   * @param pred predicted cluster of each sample
   * @return NMI in {@code [0, 1]} (up to rounding)
   */
  public static double nmi(int[] labels, int[] pred) {
    return nmi(ContingencyTable.of(labels, pred));
  }

  /**
   * NMI of a contingency table; see {@link #nmi(int[], int[])}.
   *
   * @param table contingency table of labels against predictions
   * @return NMI in {@code [0, 1]} (up to rounding)
   */
  public static double nmi(ContingencyTable table) {
    int k = table.numClasses();
    int c = table.numClusters();
    if (k <= 1 && c <= 1) {
      return 1.0; // both entropies 0: identical (trivial) partitions
    }
    if (k <= 1 || c <= 1) {
      return 0.0; // exactly one entropy 0: I(L;P) = 0
    }
    double mi = mutualInformation(table);
    if (mi <= 0.0) {
      return 0.0;
    }
    double hl = entropy(table.classTotalsView(), table.total());
    double hp = entropy(table.clusterTotalsView(), table.total());
    return mi / Math.sqrt(hl * hp);
  }

  /**
   * Mutual information {@code I(L;P) = sum_ij (n_ij / N) ln(N n_ij / (a_i b_j))} in nats, clipped
   * at 0 from below.
   *
   * @param table contingency table of labels against predictions
   * @return {@code I(L;P) >= 0}; 0 for an empty table
   */
  public static double mutualInformation(ContingencyTable table) {
    long n = table.total();
    if (n == 0) {
      return 0.0;
    }
    long[] cells = table.nonZeroCountsView();
    int[] rows = table.nonZeroRowsView();
    int[] cols = table.nonZeroColsView();
    long[] a = table.classTotalsView();
    long[] b = table.clusterTotalsView();
    double logN = Math.log((double) n);
    double[] logB = new double[b.length];
    for (int j = 0; j < b.length; j++) {
      logB[j] = Math.log((double) b[j]);
    }
    double[] logA = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      logA[i] = Math.log((double) a[i]);
    }
    double mi = 0.0;
    for (int k = 0; k < cells.length; k++) {
      long nij = cells[k];
      mi += (double) nij * ((Math.log((double) nij) - logA[rows[k]]) + (logN - logB[cols[k]]));
    }
    return Math.max(0.0, mi / n);
  }

  /**
   * Shannon entropy {@code -sum_i (t_i / N) ln(t_i / N)} in nats of a partition given by its part
   * sizes (zero sizes are skipped).
   *
   * @param sizes part sizes {@code t_i >= 0}
   * @param n {@code sum_i t_i}
   * @return the entropy, 0 when {@code n == 0}
   */
  static double entropy(long[] sizes, long n) {
    if (n == 0) {
      return 0.0;
    }
    double logN = Math.log((double) n);
    double h = 0.0;
    for (long t : sizes) {
      if (t > 0) {
        h -= (double) t * (Math.log((double) t) - logN);
      }
    }
    return h / n;
  }

  /**
   * Adjusted Rand index (Hubert and Arabie), computed as scikit-learn's {@code adjusted_rand_score}
   * from the pair confusion matrix over ordered pairs of distinct samples:
   *
   * <pre>
   *   S  = sum_ij n_ij^2
   *   TP = S - N,   FP = sum_j b_j^2 - S,   FN = sum_i a_i^2 - S,   TN = N^2 - FP - FN - S
   *   ARI = 2 (TP TN - FN FP) / ((TP + FN)(FN + TN) + (TP + FP)(FP + TN))
   * </pre>
   *
   * which equals the usual {@code (sum C(n_ij,2) - E) / (max - E)} form. Special case as in
   * scikit-learn: if {@code FN = FP = 0} (the partitions agree on every pair, which includes both
   * being a single cluster, both being all singletons, and fewer than two samples) the result is
   * {@code 1.0}. Pair counts are {@code long} (exact for any array length) and the products are
   * formed exactly with {@link BigInteger}, so there is no overflow for large N.
   *
   * @param labels true class of each sample
   * @param pred predicted cluster of each sample
   * @return ARI in {@code [-1, 1]}; about 0 for a random clustering
   */
  public static double ari(int[] labels, int[] pred) {
    return ari(ContingencyTable.of(labels, pred));
  }

  /**
   * ARI of a contingency table; see {@link #ari(int[], int[])}.
   *
   * @param table contingency table of labels against predictions
   * @return ARI in {@code [-1, 1]}
   */
  public static double ari(ContingencyTable table) {
    PairCounts p = PairCounts.of(table);
    if (p.fn() == 0 && p.fp() == 0) {
      return 1.0;
    }
    BigInteger bTp = BigInteger.valueOf(p.tp());
    BigInteger bFp = BigInteger.valueOf(p.fp());
    BigInteger bFn = BigInteger.valueOf(p.fn());
    BigInteger bTn = BigInteger.valueOf(p.tn());
    BigInteger numerator = bTp.multiply(bTn).subtract(bFn.multiply(bFp)).shiftLeft(1);
    BigInteger denominator =
        bTp.add(bFn).multiply(bFn.add(bTn)).add(bTp.add(bFp).multiply(bFp.add(bTn)));
    return numerator.doubleValue() / denominator.doubleValue();
  }

  /**
   * Ordered pairs of samples (i ≠ j counted twice, and the N pairs i = j inside {@code tp} and
   * {@code tn} as the ARI formula needs them) by whether the two partitions put them together:
   * {@code tp} both together, {@code fp} together only in the clusters, {@code fn} only in the
   * classes, {@code tn} apart in both. With S = Σ n_ij², A = Σ a_i², B = Σ b_j²: tp = S − N, fp = B
   * − S, fn = A − S, tn = N² − fp − fn − S.
   */
  private record PairCounts(long tp, long fp, long fn, long tn) {
    static PairCounts of(ContingencyTable table) {
      long n = table.total();
      long sumSquares = 0;
      for (long nij : table.nonZeroCountsView()) {
        sumSquares += nij * nij;
      }
      long sumA2 = 0;
      for (long ai : table.classTotalsView()) {
        sumA2 += ai * ai;
      }
      long sumB2 = 0;
      for (long bj : table.clusterTotalsView()) {
        sumB2 += bj * bj;
      }
      long fp = sumB2 - sumSquares;
      long fn = sumA2 - sumSquares;
      return new PairCounts(sumSquares - n, fp, fn, n * n - fp - fn - sumSquares);
    }
  }

  /**
   * Rand index, unadjusted (docs/ALGORITHMS.md §5, "also logged"): the fraction of pairs of
   * distinct samples on which the two partitions agree (both together or both apart), from the same
   * pair counts as {@link #ari(ContingencyTable)}: {@code RI = (TP + TN) / (N (N − 1))}. Fewer than
   * two samples give 1.0 (no pair disagrees), as scikit-learn's {@code rand_score}.
   *
   * @param table contingency table of labels against predictions
   * @return RI in {@code [0, 1]}
   */
  public static double rand(ContingencyTable table) {
    long n = table.total();
    if (n < 2) {
      return 1.0;
    }
    PairCounts p = PairCounts.of(table);
    long pairs = n * (n - 1);
    return (double) (pairs - p.fp() - p.fn()) / pairs;
  }

  /** RI of {@code pred} against {@code labels}; see {@link #rand(ContingencyTable)}. */
  public static double rand(int[] labels, int[] pred) {
    return rand(ContingencyTable.of(labels, pred));
  }
}
