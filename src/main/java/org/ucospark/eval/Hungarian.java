package org.ucospark.eval;

import java.util.Arrays;

/**
 * Linear assignment problem (Kuhn–Munkres, "Hungarian algorithm") on a rectangular matrix, as used
 * for the ACC metric of docs/ALGORITHMS.md §5.1.
 *
 * <p>Given an {@code r x c} matrix {@code w}, find an injective matching {@code sigma} of {@code
 * min(r, c)} rows to distinct columns that minimises (or maximises) {@code sum_i w[i][sigma(i)]}. A
 * rectangular matrix is treated as if padded to a square one with zero-cost dummy rows or columns:
 * the shortest-augmenting-path form used here (Jonker–Volgenant style, with row potentials {@code
 * u} and column potentials {@code v} kept so that {@code w[i][j] - u[i] - v[j] >= 0}, and equality
 * on matched pairs) handles {@code r <= c} directly, which is the same as padding with dummy rows;
 * a tall matrix is transposed first.
 *
 * <p>Cost is {@code O(r^2 c)} time and {@code O(r + c)} extra memory: a 100 x 100 problem takes
 * well under a millisecond. With integer-valued entries (e.g. contingency counts below {@code
 * 2^53}) every intermediate is an exact integer, so the optimum is exact.
 */
public final class Hungarian {

  private Hungarian() {}

  /**
   * Minimum-cost assignment.
   *
   * @param cost {@code r x c} matrix of finite values, {@code r, c >= 1}, all rows the same length
   * @return {@code assignment} of length {@code r}: {@code assignment[i]} is the column matched to
   *     row {@code i}, or {@code -1} if row {@code i} is left unmatched (only when {@code r > c});
   *     matched columns are distinct
   * @throws IllegalArgumentException if the matrix is empty, ragged or has a non-finite entry
   */
  public static int[] minimize(double[][] cost) {
    int rows = checkMatrix(cost);
    int cols = cost[0].length;
    if (rows <= cols) {
      return solve(cost, rows, cols, false);
    }
    // Tall matrix: match columns to rows on the transpose, then invert the matching.
    int[] colToRow = solve(cost, cols, rows, true);
    int[] assignment = new int[rows];
    Arrays.fill(assignment, -1);
    for (int j = 0; j < cols; j++) {
      assignment[colToRow[j]] = j;
    }
    return assignment;
  }

  /**
   * Maximum-profit assignment: {@link #minimize} on the negated matrix.
   *
   * @param profit {@code r x c} matrix of finite values
   * @return row-to-column assignment as in {@link #minimize}
   */
  public static int[] maximize(double[][] profit) {
    checkMatrix(profit);
    double[][] negated = new double[profit.length][];
    for (int i = 0; i < profit.length; i++) {
      negated[i] = new double[profit[i].length];
      for (int j = 0; j < profit[i].length; j++) {
        negated[i][j] = -profit[i][j];
      }
    }
    return minimize(negated);
  }

  /**
   * Sum of {@code matrix[i][assignment[i]]} over matched rows.
   *
   * @param matrix the matrix the assignment was computed for
   * @param assignment a row-to-column assignment ({@code -1} = unmatched)
   * @return the total cost (or profit) of the assignment
   */
  public static double total(double[][] matrix, int[] assignment) {
    double sum = 0.0;
    for (int i = 0; i < assignment.length; i++) {
      if (assignment[i] >= 0) {
        sum += matrix[i][assignment[i]];
      }
    }
    return sum;
  }

  private static int checkMatrix(double[][] m) {
    if (m == null || m.length == 0 || m[0] == null || m[0].length == 0) {
      throw new IllegalArgumentException("assignment matrix must be non-empty");
    }
    int cols = m[0].length;
    for (int i = 0; i < m.length; i++) {
      if (m[i] == null || m[i].length != cols) {
        throw new IllegalArgumentException("assignment matrix is ragged at row " + i);
      }
      for (int j = 0; j < cols; j++) {
        if (!Double.isFinite(m[i][j])) {
          throw new IllegalArgumentException("non-finite entry at (" + i + ", " + j + ")");
        }
      }
    }
    return m.length;
  }

  /**
   * Shortest augmenting paths with potentials for an {@code n x m} problem, {@code n <= m}. Entry
   * {@code (i, j)} is {@code a[i][j]}, or {@code a[j][i]} when {@code transposed}. Returns, for
   * each of the {@code n} rows, its column.
   */
  private static int[] solve(double[][] a, int n, int m, boolean transposed) {
    // 1-based; column 0 is a virtual column holding the row being inserted.
    double[] u = new double[n + 1];
    double[] v = new double[m + 1];
    int[] p = new int[m + 1]; // p[j]: row matched to column j (0 = none)
    int[] way = new int[m + 1]; // way[j]: previous column on the alternating path to j
    double[] minv = new double[m + 1];
    boolean[] used = new boolean[m + 1];
    for (int i = 1; i <= n; i++) {
      p[0] = i;
      int j0 = 0;
      Arrays.fill(minv, Double.POSITIVE_INFINITY);
      Arrays.fill(used, false);
      do {
        used[j0] = true;
        int i0 = p[j0];
        double delta = Double.POSITIVE_INFINITY;
        int j1 = -1;
        for (int j = 1; j <= m; j++) {
          if (!used[j]) {
            double entry = transposed ? a[j - 1][i0 - 1] : a[i0 - 1][j - 1];
            double cur = entry - u[i0] - v[j];
            if (cur < minv[j]) {
              minv[j] = cur;
              way[j] = j0;
            }
            if (minv[j] < delta) {
              delta = minv[j];
              j1 = j;
            }
          }
        }
        for (int j = 0; j <= m; j++) {
          if (used[j]) {
            u[p[j]] += delta;
            v[j] -= delta;
          } else {
            minv[j] -= delta;
          }
        }
        j0 = j1;
      } while (p[j0] != 0);
      do {
        int j1 = way[j0];
        p[j0] = p[j1];
        j0 = j1;
      } while (j0 != 0);
    }
    int[] assignment = new int[n];
    for (int j = 1; j <= m; j++) {
      if (p[j] != 0) {
        assignment[p[j] - 1] = j - 1;
      }
    }
    return assignment;
  }
}
