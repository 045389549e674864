package org.ucospark.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClusteringMetricsTest {

  private static final double TOL = 1e-12;

  private static int[] randomLabels(Random rnd, int n, int k) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = rnd.nextInt(k);
    }
    return out;
  }

  /** A random permutation of 0..k−1 (Fisher–Yates); shared by the eval tests. */
  static int[] shuffledIds(Random rnd, int k) {
    int[] perm = new int[k];
    for (int i = 0; i < k; i++) {
      perm[i] = i;
    }
    for (int i = k - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    return perm;
  }

  /** ARI by the textbook formula on pair counts C(x, 2), in double: an independent check. */
  private static double ariTextbook(int[] labels, int[] pred) {
    ContingencyTable t = ContingencyTable.of(labels, pred);
    double index = 0;
    for (long[] row : t.counts()) {
      for (long v : row) {
        index += v * (v - 1) / 2.0;
      }
    }
    double sumA = 0;
    for (long a : t.classTotals()) {
      sumA += a * (a - 1) / 2.0;
    }
    double sumB = 0;
    for (long b : t.clusterTotals()) {
      sumB += b * (b - 1) / 2.0;
    }
    double n = t.total();
    double expected = sumA * sumB / (n * (n - 1) / 2.0);
    return (index - expected) / (0.5 * (sumA + sumB) - expected);
  }

  /** NMI as (H(L) + H(P) - H(L,P)) / sqrt(H(L) H(P)): an independent check. */
  private static double nmiViaJointEntropy(int[] labels, int[] pred) {
    ContingencyTable t = ContingencyTable.of(labels, pred);
    long n = t.total();
    long[] joint =
        t.counts().length == 0
            ? new long[0]
            : java.util.Arrays.stream(t.counts()).flatMapToLong(java.util.Arrays::stream).toArray();
    double hl = ClusteringMetrics.entropy(t.classTotals(), n);
    double hp = ClusteringMetrics.entropy(t.clusterTotals(), n);
    double hj = ClusteringMetrics.entropy(joint, n);
    return (hl + hp - hj) / Math.sqrt(hl * hp);
  }

  /** ACC by trying every injective cluster-to-class map (small K only). */
  private static double accBruteForce(int[] labels, int[] pred) {
    ContingencyTable t = ContingencyTable.of(labels, pred);
    long[][] c = t.counts();
    double[][] m = new double[c.length][];
    for (int i = 0; i < c.length; i++) {
      m[i] = new double[c[i].length];
      for (int j = 0; j < c[i].length; j++) {
        m[i][j] = c[i][j];
      }
    }
    long best = bestMatch(m, 0, new boolean[m[0].length], 0);
    return (double) best / t.total();
  }

  private static long bestMatch(double[][] m, int row, boolean[] used, long acc) {
    if (row == m.length) {
      return acc;
    }
    long best = bestMatch(m, row + 1, used, acc); // leave this class unmatched
    for (int j = 0; j < used.length; j++) {
      if (!used[j]) {
        used[j] = true;
        best = Math.max(best, bestMatch(m, row + 1, used, acc + (long) m[row][j]));
        used[j] = false;
      }
    }
    return best;
  }

  @Test
  void perfectClusteringUnderAnyPermutationScoresOne() {
    Random rnd = new Random(1);
    for (int k : new int[] {2, 3, 10, 100}) {
      int[] labels = randomLabels(rnd, 2000, k);
      for (int rep = 0; rep < 5; rep++) {
        int[] perm = shuffledIds(rnd, k);
        int[] pred = new int[labels.length];
        for (int i = 0; i < pred.length; i++) {
          // Non-contiguous cluster ids as well as permuted ones.
          pred[i] = perm[labels[i]] * 7 + 3;
        }
        Scores s = MetricRegistry.score(labels, pred);
        assertEquals(1.0, s.get("acc"), TOL, "acc k=" + k);
        assertEquals(1.0, s.get("nmi"), TOL, "nmi k=" + k);
        assertEquals(1.0, s.get("ari"), TOL, "ari k=" + k);
      }
    }
  }

  @Test
  void allOneClusterPrediction() {
    int[] labels = {0, 0, 0, 1, 1, 2, 2, 2, 2, 2};
    int[] pred = new int[labels.length]; // everything in cluster 0
    assertEquals(0.5, ClusteringMetrics.acc(labels, pred), TOL); // largest class: 5 of 10
    assertEquals(0.0, ClusteringMetrics.nmi(labels, pred), 0.0);
    assertEquals(0.0, ClusteringMetrics.ari(labels, pred), 0.0);
    // Symmetric: a single true class against a real clustering.
    assertEquals(0.0, ClusteringMetrics.nmi(pred, labels), 0.0);
    assertEquals(0.0, ClusteringMetrics.ari(pred, labels), 0.0);
  }

  @Test
  void bothTrivialPartitionsScoreOne() {
    int[] labels = {4, 4, 4, 4};
    int[] pred = {9, 9, 9, 9};
    Scores s = MetricRegistry.score(labels, pred);
    assertEquals(1.0, s.get("acc"), 0.0);
    assertEquals(1.0, s.get("nmi"), 0.0);
    assertEquals(1.0, s.get("ari"), 0.0);
    // A single sample, and all-singletons on both sides: sklearn's special cases, also 1.
    assertEquals(1.0, ClusteringMetrics.nmi(new int[] {3}, new int[] {5}), 0.0);
    assertEquals(1.0, ClusteringMetrics.ari(new int[] {3}, new int[] {5}), 0.0);
    assertEquals(1.0, ClusteringMetrics.ari(new int[] {0, 1, 2, 3}, new int[] {3, 2, 1, 0}), 0.0);
    // No samples: NMI and ARI follow sklearn (1.0); ACC is 0/0 and rejected.
    assertEquals(1.0, ClusteringMetrics.nmi(new int[0], new int[0]), 0.0);
    assertEquals(1.0, ClusteringMetrics.ari(new int[0], new int[0]), 0.0);
    assertThrows(
        IllegalArgumentException.class, () -> ClusteringMetrics.acc(new int[0], new int[0]));
  }

  @Test
  void clustersNeverPredicted() {
    // Ten classes, only clusters {0, 5, 9} ever predicted: at most three classes can be matched.
    Random rnd = new Random(5);
    int[] labels = randomLabels(rnd, 600, 10);
    int[] pred = new int[labels.length];
    int[] used = {0, 5, 9};
    for (int i = 0; i < pred.length; i++) {
      // Classes 0-2 map cleanly onto the three clusters, the rest scatter.
      pred[i] = labels[i] < 3 ? used[labels[i]] : used[rnd.nextInt(3)];
    }
    ContingencyTable t = ContingencyTable.of(labels, pred);
    assertEquals(3, t.numClusters());
    double acc = ClusteringMetrics.acc(labels, pred);
    assertEquals(accBruteForce(labels, pred), acc, TOL);
    assertTrue(acc <= 0.5, "three clusters cannot cover much more than three of ten classes");
    assertEquals(nmiViaJointEntropy(labels, pred), ClusteringMetrics.nmi(labels, pred), 1e-12);
    assertEquals(ariTextbook(labels, pred), ClusteringMetrics.ari(labels, pred), 1e-12);
  }

  @Test
  void moreClustersThanClasses() {
    int[] labels = {0, 0, 0, 1, 1, 1};
    int[] pred = {0, 0, 11, 1, 1, 7};
    assertEquals(4.0 / 6.0, ClusteringMetrics.acc(labels, pred), TOL);
    assertEquals(accBruteForce(labels, pred), ClusteringMetrics.acc(labels, pred), TOL);
    assertEquals(nmiViaJointEntropy(labels, pred), ClusteringMetrics.nmi(labels, pred), 1e-12);
    assertEquals(ariTextbook(labels, pred), ClusteringMetrics.ari(labels, pred), 1e-12);
  }

  @Test
  void agreesWithIndependentFormulasOnRandomClusterings() {
    Random rnd = new Random(42);
    for (int trial = 0; trial < 200; trial++) {
      int n = 2 + rnd.nextInt(300);
      int kl = 1 + rnd.nextInt(6);
      int kp = 1 + rnd.nextInt(6);
      int[] labels = randomLabels(rnd, n, kl);
      int[] pred = new int[n];
      for (int i = 0; i < n; i++) {
        // Partly correlated with labels so the metrics are not all near 0.
        pred[i] = rnd.nextInt(3) == 0 ? rnd.nextInt(kp) : labels[i] % kp;
      }
      ContingencyTable t = ContingencyTable.of(labels, pred);
      assertEquals(
          accBruteForce(labels, pred), ClusteringMetrics.acc(labels, pred), TOL, "acc " + trial);
      if (t.numClasses() > 1 && t.numClusters() > 1) {
        assertEquals(
            nmiViaJointEntropy(labels, pred),
            ClusteringMetrics.nmi(labels, pred),
            1e-10,
            "nmi " + trial);
      }
      double ari = ClusteringMetrics.ari(labels, pred);
      if (!(t.numClasses() == 1 && t.numClusters() == 1)) {
        double textbook = ariTextbook(labels, pred);
        if (Double.isFinite(textbook)) {
          assertEquals(textbook, ari, 1e-10, "ari " + trial);
        }
      }
      // NMI and ARI are symmetric in their arguments; ACC is too (the matching is one-to-one).
      assertEquals(ClusteringMetrics.nmi(labels, pred), ClusteringMetrics.nmi(pred, labels), 1e-12);
      assertEquals(ari, ClusteringMetrics.ari(pred, labels), 1e-12);
      assertEquals(ClusteringMetrics.acc(labels, pred), ClusteringMetrics.acc(pred, labels), TOL);
    }
  }

  @Test
  void hundredClustersOnSeventyThousandSamplesIsFastAndDoesNotOverflow() {
    Random rnd = new Random(100);
    int n = 70_000;
    int k = 100;
    int[] labels = randomLabels(rnd, n, k);
    int[] perm = shuffledIds(rnd, k);
    int[] pred = new int[n];
    for (int i = 0; i < n; i++) {
      pred[i] = rnd.nextInt(10) < 7 ? perm[labels[i]] : rnd.nextInt(k);
    }
    Scores s =
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> MetricRegistry.score(labels, pred));
    // 70% kept plus 1/100 of the 30% reassigned at random land on the right cluster.
    assertEquals(0.703, s.get("acc"), 0.01);
    assertEquals(nmiViaJointEntropy(labels, pred), s.get("nmi"), 1e-10);
    assertEquals(ariTextbook(labels, pred), s.get("ari"), 1e-10);
    assertTrue(s.get("ari") > 0 && s.get("ari") < 1);

    // Pure noise: ARI near 0 (an int overflow of N choose 2 would wreck this).
    int[] noise = randomLabels(rnd, n, k);
    double ariNoise = ClusteringMetrics.ari(labels, noise);
    assertEquals(0.0, ariNoise, 1e-3);
    assertEquals(ariTextbook(labels, noise), ariNoise, 1e-10);

    // All singletons on both sides at large N: every pair agrees.
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) {
      ids[i] = i;
    }
    assertEquals(1.0, ClusteringMetrics.ari(ids, ids), 0.0);
  }

  /**
   * Unadjusted Rand index by hand. labels {0,0,0,1,1,1}, pred {0,0,1,1,2,2}: of the 15 pairs,
   * together in both: (0,1), (4,5) = 2; apart in both: the 9 cross-class pairs minus (2,3), which
   * pred puts together = 8; so RI = 10/15. labels {0,0,1,1}, pred {0,1,0,1}: together in both 0,
   * apart in both: (0,3), (1,2) = 2 of 6. One sample: 1.
   */
  @Test
  void randIndexIsTheFractionOfPairsOnWhichBothPartitionsAgree() {
    assertEquals(
        10.0 / 15,
        ClusteringMetrics.rand(new int[] {0, 0, 0, 1, 1, 1}, new int[] {0, 0, 1, 1, 2, 2}),
        1e-15);
    assertEquals(
        2.0 / 6, ClusteringMetrics.rand(new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1}), 1e-15);
    assertEquals(1.0, ClusteringMetrics.rand(new int[] {3, 3, 5}, new int[] {7, 7, 1}), 1e-15);
    assertEquals(1.0, ClusteringMetrics.rand(new int[] {4}, new int[] {2}), 1e-15);
    // RI is not adjusted for chance: all in one cluster still agrees on the within-class pairs.
    Scores s = MetricRegistry.score(new int[] {0, 0, 0, 1, 1, 1}, new int[] {0, 0, 0, 0, 0, 0});
    assertEquals(6.0 / 15, s.get("rand"), 1e-15);
    assertEquals(0.0, s.get("ari"), 1e-15);
  }

  @Test
  void rejectsMismatchedLengths() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ClusteringMetrics.acc(new int[] {0, 1}, new int[] {0}));
    assertThrows(
        IllegalArgumentException.class,
        () -> ClusteringMetrics.nmi(new int[] {0, 1}, new int[] {0}));
    assertThrows(
        IllegalArgumentException.class,
        () -> ClusteringMetrics.ari(new int[] {0, 1}, new int[] {0}));
    assertThrows(
        IllegalArgumentException.class,
        () -> MetricRegistry.score(new int[] {0, 1}, new int[] {0}));
    assertThrows(NullPointerException.class, () -> ClusteringMetrics.acc(null, new int[] {0}));
  }
}
