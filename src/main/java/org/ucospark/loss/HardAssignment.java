package org.ucospark.loss;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Cluster assignments of online hard-regularised clustering (docs/ALGORITHMS.md §3.9, "Online
 * hard-regularised clustering"; Mahon &amp; Lukasiewicz, AAAI 2024).
 *
 * <p>The input is the cost matrix C [B,K], C_ik = ‖z_i − μ_k‖²/σ, of a batch of B samples against K
 * centroids.
 *
 * <p><b>Training</b> ({@link #greedy}): counts n_k = 0; B times, commit the globally cheapest
 * still-unassigned pair (i, k) under the penalised cost
 *
 * <pre>  C_ik + ln(n_k + 1)</pre>
 *
 * ties broken by smallest i, then smallest k; set a_i = k and increment n_k. The growing penalty is
 * what stops the batch collapsing onto one centroid: the (m+1)-th sample of a cluster pays ln(m+1)
 * more than the first.
 *
 * <p><b>Inference</b> ({@link #nearest}): a_i = argmin_k C_ik, ties smallest k.
 *
 * <p>All comparisons happen in double (float costs are widened first) and the penalty is {@code
 * Math.log(n + 1)}, so "ties" means exact equality of those double sums. NaN costs are rejected,
 * because they would make the order undefined; infinite costs are allowed.
 *
 * <p>Cost of {@link #greedy}: every still-unassigned row keeps its cheapest cluster under the
 * current penalties. Committing a pair raises the penalty of one cluster k only, so only rows whose
 * cheapest cluster was k need a rescan (O(K)); the global pick is then a scan over rows (O(B)).
 * Worst case O(B²K) when every row prefers the same cluster, typically O(B² + BK); nothing is
 * allocated inside the loop.
 */
public final class HardAssignment {
  private HardAssignment() {}

  /**
   * The result of {@link #greedy}: {@code clusterOf[i]} = a_i, or −1 for a row left out by a mask,
   * and {@code counts[k]} = n_k, the number of rows assigned to cluster k (they sum to the number
   * of rows included). The arrays are owned by the caller (record equality is reference equality on
   * them).
   */
  public record Assignment(int[] clusterOf, int[] counts) {}

  /**
   * Greedy hard assignment of every row of {@code cost} [B][K] (every row must have the same length
   * K ≥ 1).
   */
  public static Assignment greedy(double[][] cost) {
    int rows = cost.length;
    int clusters = rows == 0 ? 0 : cost[0].length;
    double[] flat = new double[rows * clusters];
    for (int i = 0; i < rows; i++) {
      if (cost[i].length != clusters) {
        throw new IllegalArgumentException(
            "ragged cost matrix: row "
                + i
                + " has "
                + cost[i].length
                + " columns, row 0 has "
                + clusters);
      }
      System.arraycopy(cost[i], 0, flat, i * clusters, clusters);
    }
    return greedy(flat, rows, clusters, null);
  }

  /**
   * Greedy hard assignment of every row of the cost matrix [B,K] (any floating dtype; views are
   * fine).
   */
  public static Assignment greedy(INDArray cost) {
    return greedy(cost, null);
  }

  /**
   * Greedy hard assignment of the rows of the cost matrix [B,K] whose {@code rowMask} entry is
   * non-zero. Masked rows take no part (they neither receive a cluster nor raise any count); their
   * {@code clusterOf} is −1.
   *
   * @param rowMask null (all rows), or B entries as a [B], [B,1] or [1,B] array
   */
  public static Assignment greedy(INDArray cost, INDArray rowMask) {
    int[] shape = matrixShape(cost);
    return greedy(toRowMajorDoubles(cost), shape[0], shape[1], includedRows(rowMask, shape[0]));
  }

  /**
   * Core of {@link #greedy}: {@code cost} is row-major [rows × clusters]; {@code included} null
   * means all rows.
   */
  public static Assignment greedy(double[] cost, int rows, int clusters, boolean[] included) {
    checkCost(cost, rows, clusters);
    if (included != null && included.length != rows) {
      throw new IllegalArgumentException(
          "mask has " + included.length + " entries for " + rows + " rows");
    }
    int[] clusterOf = new int[rows];
    Arrays.fill(clusterOf, -1);
    int[] counts = new int[clusters];
    double[] penalty = new double[clusters]; // ln(n_k + 1); ln 1 = 0 before any commit
    boolean[] pending = new boolean[rows];
    int[] bestCluster = new int[rows];
    double[] bestValue = new double[rows];
    int remaining = 0;
    for (int i = 0; i < rows; i++) {
      pending[i] = included == null || included[i];
      if (pending[i]) {
        remaining++;
        rescan(cost, clusters, penalty, i, bestCluster, bestValue);
      }
    }
    for (; remaining > 0; remaining--) {
      // The globally cheapest pair: rows in ascending order with a strict '<' keep the smallest i
      // on ties, and each row's own best already holds the smallest k on ties.
      int row = -1;
      for (int i = 0; i < rows; i++) {
        if (pending[i] && (row < 0 || bestValue[i] < bestValue[row])) {
          row = i;
        }
      }
      int k = bestCluster[row];
      clusterOf[row] = k;
      pending[row] = false;
      counts[k]++;
      penalty[k] = Math.log(counts[k] + 1.0);
      // Only cluster k got dearer, so a row whose best was another cluster k' keeps it: k' did not
      // change, every other value only rose, and a tie with k < k' cannot appear because k was
      // strictly dearer already (else it would have been the row's best). Rounded addition is
      // monotone, so this holds in floating point too.
      for (int i = 0; i < rows; i++) {
        if (pending[i] && bestCluster[i] == k) {
          rescan(cost, clusters, penalty, i, bestCluster, bestValue);
        }
      }
    }
    return new Assignment(clusterOf, counts);
  }

  /** Cheapest cluster of row i under the current penalties, ties smallest k. */
  private static void rescan(
      double[] cost, int clusters, double[] penalty, int i, int[] bestCluster, double[] bestValue) {
    int offset = i * clusters;
    int best = 0;
    double value = cost[offset] + penalty[0];
    for (int k = 1; k < clusters; k++) {
      double v = cost[offset + k] + penalty[k];
      if (v < value) {
        value = v;
        best = k;
      }
    }
    bestCluster[i] = best;
    bestValue[i] = value;
  }

  /** Inference assignment a_i = argmin_k C_ik of {@code cost} [B][K], ties smallest k. */
  public static int[] nearest(double[][] cost) {
    int[] out = new int[cost.length];
    for (int i = 0; i < cost.length; i++) {
      checkCost(cost[i], 1, cost[i].length);
      out[i] = argmin(cost[i], 0, cost[i].length);
    }
    return out;
  }

  /** Inference assignment a_i = argmin_k C_ik of the cost matrix [B,K], ties smallest k. */
  public static int[] nearest(INDArray cost) {
    int[] shape = matrixShape(cost);
    int rows = shape[0];
    int clusters = shape[1];
    double[] flat = toRowMajorDoubles(cost);
    checkCost(flat, rows, clusters);
    int[] out = new int[rows];
    for (int i = 0; i < rows; i++) {
      out[i] = argmin(flat, i * clusters, clusters);
    }
    return out;
  }

  private static int argmin(double[] values, int offset, int length) {
    int best = 0;
    for (int k = 1; k < length; k++) {
      if (values[offset + k] < values[offset + best]) {
        best = k;
      }
    }
    return best;
  }

  private static void checkCost(double[] cost, int rows, int clusters) {
    if (rows < 0 || clusters < 0 || cost.length != (long) rows * clusters) {
      throw new IllegalArgumentException(
          "cost has " + cost.length + " entries, expected " + rows + "×" + clusters);
    }
    if (rows > 0 && clusters == 0) {
      throw new IllegalArgumentException("no clusters to assign " + rows + " rows to");
    }
    for (int j = 0; j < cost.length; j++) {
      if (Double.isNaN(cost[j])) {
        throw new IllegalArgumentException(
            "NaN cost at row " + j / clusters + ", cluster " + j % clusters);
      }
    }
  }

  private static int[] matrixShape(INDArray cost) {
    if (cost.rank() != 2) {
      throw new IllegalArgumentException(
          "cost must be a [B,K] matrix, got shape " + Arrays.toString(cost.shape()));
    }
    if (!cost.dataType().isFPType()) {
      throw new IllegalArgumentException("cost must be floating point, got " + cost.dataType());
    }
    return new int[] {Math.toIntExact(cost.size(0)), Math.toIntExact(cost.size(1))};
  }

  /**
   * The entries in row-major order as doubles; dup('c') first so views and 'f' arrays read
   * correctly.
   */
  static double[] toRowMajorDoubles(INDArray matrix) {
    return matrix.dup('c').castTo(DataType.DOUBLE).data().asDouble();
  }

  /** null for no mask; otherwise included[i] = (mask_i ≠ 0). */
  static boolean[] includedRows(INDArray rowMask, int rows) {
    if (rowMask == null) {
      return null;
    }
    if (rowMask.length() != rows
        || (rowMask.rank() == 2 && rowMask.size(0) != rows && rowMask.size(1) != rows)
        || rowMask.rank() > 2) {
      throw new IllegalArgumentException(
          "row mask must hold one entry per row ("
              + rows
              + "), got shape "
              + Arrays.toString(rowMask.shape()));
    }
    double[] values = toRowMajorDoubles(rowMask.reshape(rows));
    boolean[] included = new boolean[rows];
    for (int i = 0; i < rows; i++) {
      included[i] = values[i] != 0.0;
    }
    return included;
  }
}
