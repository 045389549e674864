package org.ucospark.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Greedy hard assignment and nearest-centroid inference (docs/ALGORITHMS.md §3.9, online
 * hard-regularised clustering).
 */
class HardAssignmentTest {
  private static final double LN2 = Math.log(2);

  private static void assertAssignment(
      int[] clusterOf, int[] counts, HardAssignment.Assignment actual) {
    assertArrayEquals(clusterOf, actual.clusterOf(), "a_i");
    assertArrayEquals(counts, actual.counts(), "n_k");
  }

  @Test
  void penaltyMovesSecondSampleToSecondCluster() {
    // Both samples prefer cluster 0. Step 1: (0,0) at 0 (tie with (1,0), smallest i), n_0 = 1.
    // Step 2: sample 1 sees cluster 0 at 0 + ln 2 ≈ 0.693 > cluster 1 at 0.5, so it goes to cluster
    // 1.
    assertAssignment(
        new int[] {0, 1},
        new int[] {1, 1},
        HardAssignment.greedy(new double[][] {{0, 0.5}, {0, 0.5}}));
    // With cluster 1 at 1.0 > 0.693 the penalty is not enough: both stay in cluster 0.
    assertAssignment(
        new int[] {0, 0}, new int[] {2, 0}, HardAssignment.greedy(new double[][] {{0, 1}, {0, 1}}));
  }

  @Test
  void threeSamplesByHand() {
    // Step 1: cheapest pair (0,0) = 0.0; n_0 = 1, penalty_0 = ln 2 ≈ 0.6931.
    // Step 2: sample 1: 0.1 + 0.6931 = 0.7931 vs 0.5 → cluster 1 at 0.5;
    //         sample 2: 0.2 + 0.6931 = 0.8931 vs 0.9 → cluster 0 at 0.8931;
    //         commit (1,1); penalty_1 = ln 2.
    // Step 3: sample 2: 0.8931 vs 0.9 + 0.6931 → cluster 0. n = (2, 1).
    double[][] cost = {{0.0, 2.0}, {0.1, 0.5}, {0.2, 0.9}};
    assertAssignment(new int[] {0, 1, 0}, new int[] {2, 1}, HardAssignment.greedy(cost));
    assertArrayEquals(new int[] {0, 0, 0}, HardAssignment.nearest(cost));
  }

  @Test
  void commitsTheGloballyCheapestPairNotRowOrder() {
    // Sample 1 is cheaper (0.0) so it takes cluster 0 first; sample 0 then sees 1.0 + ln 2 ≈ 1.693
    // > 1.5 and goes to cluster 1. Assigning in row order would have put both in cluster 0 (0.0 +
    // ln 2 < 5).
    assertAssignment(
        new int[] {1, 0},
        new int[] {1, 1},
        HardAssignment.greedy(new double[][] {{1.0, 1.5}, {0.0, 5.0}}));
  }

  @Test
  void equalCostsAcrossSamplesGoToTheSmallestIndexFirst() {
    // (0,0) and (1,0) tie at 0: sample 0 commits first, so sample 1 is the one displaced
    // (0 + ln 2 ≈ 0.693 > 0.6). Had sample 1 gone first, sample 0 would have moved (0.693 > 0.5).
    assertAssignment(
        new int[] {0, 1},
        new int[] {1, 1},
        HardAssignment.greedy(new double[][] {{0, 0.5}, {0, 0.6}}));
    // Identical rows: the same cluster for the same row index whatever the order of equal rows.
    assertAssignment(
        new int[] {0, 1, 0},
        new int[] {2, 1},
        HardAssignment.greedy(new double[][] {{0, 0}, {0, 0}, {0, 0}}));
  }

  @Test
  void equalCostsAcrossClustersGoToTheSmallestCluster() {
    assertAssignment(
        new int[] {0},
        new int[] {1, 0, 0},
        HardAssignment.greedy(new double[][] {{0.3, 0.3, 0.3}}));
    assertAssignment(
        new int[] {1},
        new int[] {0, 1, 0},
        HardAssignment.greedy(new double[][] {{0.4, 0.3, 0.3}}));
    // A tie made by the penalty: after sample 0 takes cluster 0, sample 1 sees 0 + ln 2 and ln 2 +
    // 0 — exactly equal doubles — and takes the smaller cluster, 0.
    assertAssignment(
        new int[] {0, 0},
        new int[] {2, 0},
        HardAssignment.greedy(new double[][] {{0, 5}, {0, LN2}}));
  }

  @Test
  void moreSamplesThanClusters() {
    // All costs 0, B = 5, K = 2: the penalty alone spreads the samples.
    // 1: (0,0); p = (ln2, 0). 2: sample 1, cluster 1 at 0; p = (ln2, ln2). 3: sample 2, tie →
    // cluster 0;
    // p = (ln3, ln2). 4: sample 3, cluster 1 at ln2 < ln3; p = (ln3, ln3). 5: sample 4, tie →
    // cluster 0.
    assertAssignment(
        new int[] {0, 1, 0, 1, 0}, new int[] {3, 2}, HardAssignment.greedy(new double[5][2]));
  }

  @Test
  void moreClustersThanSamples() {
    // B = 2, K = 4. Step 1: (1,0) at 0.0; step 2: sample 0 sees 0.1 + ln 2 ≈ 0.793 > 0.6 at cluster
    // 1.
    double[][] cost = {{0.1, 0.6, 9, 9}, {0.0, 0.5, 9, 9}};
    assertAssignment(new int[] {1, 0}, new int[] {1, 1, 0, 0}, HardAssignment.greedy(cost));
    assertArrayEquals(new int[] {0, 0}, HardAssignment.nearest(cost));
  }

  @Test
  void matchesTheLiteralSpecOnRandomBatches() {
    Random random = new Random(7);
    for (int trial = 0; trial < 20; trial++) {
      int rows = 1 + random.nextInt(trial < 10 ? 12 : 256);
      int clusters = 1 + random.nextInt(trial < 10 ? 6 : 100);
      boolean manyTies = trial % 2 == 0;
      double[][] cost = new double[rows][clusters];
      for (double[] row : cost) {
        for (int k = 0; k < clusters; k++) {
          // Small integer costs make exact ties (and penalty-level ties like 0 + ln 2 vs ln 2 + 0)
          // common.
          row[k] = manyTies ? random.nextInt(3) : random.nextDouble() * 5;
        }
      }
      HardAssignment.Assignment actual = HardAssignment.greedy(cost);
      assertArrayEquals(literalGreedy(cost), actual.clusterOf(), "trial " + trial);
      assertEveryRowAssignedOnce(actual, rows, clusters);
    }
  }

  @Test
  void fullSizeBatchAssignsEveryRowOnce() {
    // The configured size: B = 256, K = 100, embeddings collapsed near one centroid (worst case for
    // rescans).
    Random random = new Random(3);
    double[][] cost = new double[256][100];
    for (double[] row : cost) {
      for (int k = 0; k < row.length; k++) {
        row[k] = (k == 0 ? 0 : 3) + 0.01 * random.nextGaussian();
      }
    }
    HardAssignment.Assignment actual = HardAssignment.greedy(cost);
    assertEveryRowAssignedOnce(actual, 256, 100);
    assertArrayEquals(literalGreedy(cost), actual.clusterOf());
    // Cluster 0 (cost ≈ 0) grows while ln(n_0 + 1) stays below the others' 3 + ln(m + 1), m their
    // count. With n_0 + 99 m = 256 the balance is m = 2, n_0 + 1 ≈ 3·e³ ≈ 60: cluster 0 ends near
    // 58, every other near 2.
    assertEquals(58, actual.counts()[0], 2);
    for (int k = 1; k < 100; k++) {
      assertEquals(2, actual.counts()[k], 1, "n_" + k);
    }
  }

  /** Each row has exactly one cluster in range, and the counts are its histogram (summing to B). */
  private static void assertEveryRowAssignedOnce(
      HardAssignment.Assignment a, int rows, int clusters) {
    assertEquals(rows, a.clusterOf().length);
    assertEquals(clusters, a.counts().length);
    int[] histogram = new int[clusters];
    for (int k : a.clusterOf()) {
      histogram[k]++; // throws for −1 or out of range
    }
    assertArrayEquals(histogram, a.counts());
    int total = 0;
    for (int n : a.counts()) {
      total += n;
    }
    assertEquals(rows, total);
  }

  /**
   * The spec's procedure word for word, O(B²K): B times scan every unassigned (i, k) in (i, k)
   * order.
   */
  private static int[] literalGreedy(double[][] cost) {
    int rows = cost.length;
    int clusters = cost[0].length;
    int[] assigned = new int[rows];
    java.util.Arrays.fill(assigned, -1);
    int[] counts = new int[clusters];
    for (int step = 0; step < rows; step++) {
      int bestRow = -1;
      int bestCluster = -1;
      double best = Double.POSITIVE_INFINITY;
      for (int i = 0; i < rows; i++) {
        if (assigned[i] >= 0) {
          continue;
        }
        for (int k = 0; k < clusters; k++) {
          double v = cost[i][k] + Math.log(counts[k] + 1);
          if (bestRow < 0 || v < best) {
            best = v;
            bestRow = i;
            bestCluster = k;
          }
        }
      }
      assigned[bestRow] = bestCluster;
      counts[bestCluster]++;
    }
    return assigned;
  }

  @Test
  void nearestBreaksTiesBySmallestCluster() {
    assertArrayEquals(
        new int[] {2, 0, 1},
        HardAssignment.nearest(new double[][] {{1, 1, 0.5, 0.5}, {2, 2, 2, 2}, {3, -1, 4, -1}}));
    // The penalty plays no part at inference: every sample takes its own nearest centroid.
    assertArrayEquals(
        new int[] {0, 0, 0}, HardAssignment.nearest(new double[][] {{0, 1}, {0, 1}, {0, 1}}));
  }

  @Test
  void ndarrayInputsMatchDoubleArraysInAnyDtypeAndLayout() {
    double[][] cost = {{0.0, 2.0}, {0.1, 0.5}, {0.2, 0.9}};
    INDArray asDouble = Nd4j.createFromArray(cost);
    INDArray asFloat = asDouble.castTo(DataType.FLOAT);
    // A transposed view of the transpose: same values, non-'c' strides.
    INDArray view = Nd4j.createFromArray(cost).transpose().dup('c').transpose();
    for (INDArray c : new INDArray[] {asDouble, asFloat, view, asDouble.dup('f')}) {
      assertAssignment(new int[] {0, 1, 0}, new int[] {2, 1}, HardAssignment.greedy(c));
      assertArrayEquals(new int[] {0, 0, 0}, HardAssignment.nearest(c));
    }
  }

  @Test
  void maskedRowsTakeNoPart() {
    // Without row 0, rows 1 and 2 alone: row 1 (0.1) takes cluster 0, row 2 sees 0.2 + ln 2 ≈ 0.893
    // < 0.9 → 0.
    INDArray cost = Nd4j.createFromArray(new double[][] {{0.0, 2.0}, {0.1, 0.5}, {0.2, 0.9}});
    INDArray mask = Nd4j.createFromArray(new double[][] {{0}, {1}, {1}});
    assertAssignment(new int[] {-1, 0, 0}, new int[] {2, 0}, HardAssignment.greedy(cost, mask));
    assertAssignment(
        new int[] {-1, 0, 0}, new int[] {2, 0}, HardAssignment.greedy(cost, mask.reshape(3)));
    assertThrows(
        IllegalArgumentException.class, () -> HardAssignment.greedy(cost, Nd4j.ones(3, 2)));
  }

  @Test
  void emptyBatchAndBadInputs() {
    assertAssignment(
        new int[0], new int[3], HardAssignment.greedy(Nd4j.zeros(DataType.DOUBLE, 0, 3)));
    assertThrows(
        IllegalArgumentException.class,
        () -> HardAssignment.greedy(new double[][] {{0, Double.NaN}}));
    assertThrows(
        IllegalArgumentException.class,
        () -> HardAssignment.nearest(new double[][] {{Double.NaN}}));
    assertThrows(
        IllegalArgumentException.class, () -> HardAssignment.greedy(new double[][] {{0, 1}, {0}}));
    assertThrows(IllegalArgumentException.class, () -> HardAssignment.greedy(new double[][] {{}}));
    assertThrows(
        IllegalArgumentException.class,
        () -> HardAssignment.greedy(Nd4j.zeros(DataType.DOUBLE, 2, 2, 2)));
    // Infinite costs are ordered fine: the finite cluster wins.
    assertAssignment(
        new int[] {1},
        new int[] {0, 1},
        HardAssignment.greedy(new double[][] {{Double.POSITIVE_INFINITY, 1}}));
  }
}
