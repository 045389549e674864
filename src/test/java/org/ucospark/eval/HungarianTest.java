package org.ucospark.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HungarianTest {

  /** Optimal value over all injective maps of the smaller side into the larger, by enumeration. */
  private static double bruteForce(double[][] m, boolean maximize) {
    int rows = m.length;
    int cols = m[0].length;
    double[] best = {maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY};
    if (rows <= cols) {
      enumerate(m, false, 0, rows, new boolean[cols], 0.0, maximize, best);
    } else {
      enumerate(m, true, 0, cols, new boolean[rows], 0.0, maximize, best);
    }
    return best[0];
  }

  private static void enumerate(
      double[][] m,
      boolean transposed,
      int k,
      int small,
      boolean[] used,
      double acc,
      boolean maximize,
      double[] best) {
    if (k == small) {
      best[0] = maximize ? Math.max(best[0], acc) : Math.min(best[0], acc);
      return;
    }
    for (int t = 0; t < used.length; t++) {
      if (!used[t]) {
        used[t] = true;
        double w = transposed ? m[t][k] : m[k][t];
        enumerate(m, transposed, k + 1, small, used, acc + w, maximize, best);
        used[t] = false;
      }
    }
  }

  private static double[][] random(Random rnd, int rows, int cols, boolean integer) {
    double[][] m = new double[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        // Small integer ranges force many ties; reals exercise non-integral potentials.
        m[i][j] = integer ? rnd.nextInt(5) : rnd.nextDouble() * 200 - 100;
      }
    }
    return m;
  }

  private static void assertValid(int[] assignment, int rows, int cols) {
    assertEquals(rows, assignment.length);
    boolean[] seen = new boolean[cols];
    int matched = 0;
    for (int a : assignment) {
      if (a >= 0) {
        assertTrue(a < cols, "column out of range");
        assertTrue(!seen[a], "column assigned twice");
        seen[a] = true;
        matched++;
      } else {
        assertEquals(-1, a);
      }
    }
    assertEquals(
        Math.min(rows, cols), matched, "every row (or column) of the smaller side is matched");
  }

  @ParameterizedTest(name = "{0}x{1}")
  @CsvSource({"6,6", "4,6", "6,4", "1,1", "1,5", "5,1", "3,3", "2,5"})
  void equalsBruteForceOnRandomMatrices(int rows, int cols) {
    Random rnd = new Random(31L * rows + cols);
    for (int trial = 0; trial < 200; trial++) {
      boolean integer = trial % 2 == 0;
      double[][] m = random(rnd, rows, cols, integer);

      int[] min = Hungarian.minimize(m);
      assertValid(min, rows, cols);
      assertEquals(bruteForce(m, false), Hungarian.total(m, min), 1e-9, "min, trial " + trial);

      int[] max = Hungarian.maximize(m);
      assertValid(max, rows, cols);
      assertEquals(bruteForce(m, true), Hungarian.total(m, max), 1e-9, "max, trial " + trial);
    }
  }

  @Test
  void knownSmallExample() {
    double[][] cost = {{4, 1, 3}, {2, 0, 5}, {3, 2, 2}};
    int[] a = Hungarian.minimize(cost);
    assertArrayEquals(new int[] {1, 0, 2}, a);
    assertEquals(5.0, Hungarian.total(cost, a));
  }

  @Test
  void tallMatrixLeavesSurplusRowsUnmatched() {
    double[][] profit = {{1, 0}, {9, 0}, {0, 7}};
    int[] a = Hungarian.maximize(profit);
    assertArrayEquals(new int[] {-1, 0, 1}, a);
  }

  @Test
  void hundredByHundredIsFastAndOptimalAgainstPermutationIdentity() {
    Random rnd = new Random(7);
    int k = 100;
    // A matrix whose unique optimum is a known permutation: big diagonal after shuffling columns.
    int[] perm = ClusteringMetricsTest.shuffledIds(rnd, k);
    double[][] profit = new double[k][k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        profit[i][j] = rnd.nextInt(100);
      }
      profit[i][perm[i]] = 1000 + rnd.nextInt(100);
    }
    double[][] randomCost = random(rnd, k, k, false);
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          for (int rep = 0; rep < 20; rep++) {
            assertArrayEquals(perm, Hungarian.maximize(profit));
            assertValid(Hungarian.minimize(randomCost), k, k);
          }
        });
  }

  @Test
  void minimizeAndMaximizeAgreeOnNegation() {
    Random rnd = new Random(11);
    for (int trial = 0; trial < 50; trial++) {
      double[][] m = random(rnd, 8, 11, false);
      double[][] neg = new double[8][11];
      for (int i = 0; i < 8; i++) {
        for (int j = 0; j < 11; j++) {
          neg[i][j] = -m[i][j];
        }
      }
      assertEquals(
          Hungarian.total(m, Hungarian.maximize(m)),
          -Hungarian.total(neg, Hungarian.minimize(neg)),
          1e-9);
    }
  }

  @Test
  void rejectsBadMatrices() {
    assertThrows(IllegalArgumentException.class, () -> Hungarian.minimize(new double[0][0]));
    assertThrows(IllegalArgumentException.class, () -> Hungarian.minimize(new double[2][0]));
    assertThrows(IllegalArgumentException.class, () -> Hungarian.minimize(null));
    assertThrows(
        IllegalArgumentException.class, () -> Hungarian.minimize(new double[][] {{1, 2}, {3}}));
    assertThrows(
        IllegalArgumentException.class, () -> Hungarian.maximize(new double[][] {{1, Double.NaN}}));
    assertThrows(
        IllegalArgumentException.class,
        () -> Hungarian.minimize(new double[][] {{1, Double.POSITIVE_INFINITY}}));
  }
}
