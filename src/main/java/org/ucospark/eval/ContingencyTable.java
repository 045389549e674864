package org.ucospark.eval;

import java.util.Arrays;

/**
 * Contingency table of a labelling against a clustering (docs/ALGORITHMS.md §5): {@code n[i][j]} is
 * the number of samples whose true label is {@code classes()[i]} and whose predicted cluster is
 * {@code clusters()[j]}.
 *
 * <p>Labels and predictions are arbitrary {@code int} values (in practice non-negative ids); they
 * need not be contiguous and the two sets need not have the same size. Only values that actually
 * occur get a row or column, so the table is {@code numClasses() x numClusters()}, rectangular in
 * general, with every row total and column total positive. Rows and columns are in ascending order
 * of the original value.
 *
 * <p>Row totals {@code a_i = sum_j n_ij}, column totals {@code b_j = sum_i n_ij} and {@code N =
 * sum_ij n_ij} are kept as {@code long}. The table is stored sparsely (only non-zero cells, at most
 * {@code N} of them), so building it and computing NMI/ARI cost {@code O(N log N)} time and {@code
 * O(N)} memory even when almost every sample has its own label; only {@link #counts()} (and ACC,
 * which needs the dense matrix) allocate {@code numClasses() x numClusters()} cells. Instances are
 * immutable; accessors that return arrays return copies.
 */
public final class ContingencyTable {

  private final int[] classes;
  private final int[] clusters;
  // Non-zero cells in row-major order: (cellRow[k], cellCol[k]) holds cellCount[k] > 0.
  private final int[] cellRow;
  private final int[] cellCol;
  private final long[] cellCount;
  private final long[] classTotals;
  private final long[] clusterTotals;
  private final long total;

  private ContingencyTable(
      int[] classes, int[] clusters, int[] cellRow, int[] cellCol, long[] cellCount) {
    this.classes = classes;
    this.clusters = clusters;
    this.cellRow = cellRow;
    this.cellCol = cellCol;
    this.cellCount = cellCount;
    this.classTotals = new long[classes.length];
    this.clusterTotals = new long[clusters.length];
    long n = 0;
    for (int k = 0; k < cellCount.length; k++) {
      classTotals[cellRow[k]] += cellCount[k];
      clusterTotals[cellCol[k]] += cellCount[k];
      n += cellCount[k];
    }
    this.total = n;
  }

  /**
   * Builds the table of {@code labels} (rows) against {@code pred} (columns).
   *
   * @param labels true class of each sample
   * @param pred predicted cluster of each sample, same length as {@code labels}
   * @return the contingency table; empty (0 x 0, total 0) when both arrays are empty
   * @throws NullPointerException if either array is null
   * @throws IllegalArgumentException if the lengths differ
   */
  public static ContingencyTable of(int[] labels, int[] pred) {
    checkSameLength(labels, pred);
    int[] classes = distinctSorted(labels);
    int[] clusters = distinctSorted(pred);
    // Encode (row, col) as one long, sort, and run-length count: O(N log N), O(N) memory.
    long[] keys = new long[labels.length];
    for (int s = 0; s < labels.length; s++) {
      long row = Arrays.binarySearch(classes, labels[s]);
      long col = Arrays.binarySearch(clusters, pred[s]);
      keys[s] = (row << 32) | col;
    }
    Arrays.sort(keys);
    int cells = 0;
    for (int s = 0; s < keys.length; s++) {
      if (s == 0 || keys[s] != keys[s - 1]) {
        cells++;
      }
    }
    int[] cellRow = new int[cells];
    int[] cellCol = new int[cells];
    long[] cellCount = new long[cells];
    int k = -1;
    for (int s = 0; s < keys.length; s++) {
      if (s == 0 || keys[s] != keys[s - 1]) {
        k++;
        cellRow[k] = (int) (keys[s] >>> 32);
        cellCol[k] = (int) (keys[s] & 0xFFFFFFFFL);
      }
      cellCount[k]++;
    }
    return new ContingencyTable(classes, clusters, cellRow, cellCol, cellCount);
  }

  static void checkSameLength(int[] labels, int[] pred) {
    if (labels == null || pred == null) {
      throw new NullPointerException("labels and pred must not be null");
    }
    if (labels.length != pred.length) {
      throw new IllegalArgumentException(
          "labels and pred differ in length: " + labels.length + " vs " + pred.length);
    }
  }

  private static int[] distinctSorted(int[] values) {
    if (values.length == 0) {
      return new int[0];
    }
    int[] sorted = values.clone();
    Arrays.sort(sorted);
    int k = 1;
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i] != sorted[k - 1]) {
        sorted[k++] = sorted[i];
      }
    }
    return Arrays.copyOf(sorted, k);
  }

  /**
   * @return number of distinct labels (rows)
   */
  public int numClasses() {
    return classes.length;
  }

  /**
   * @return number of distinct predicted clusters (columns)
   */
  public int numClusters() {
    return clusters.length;
  }

  /**
   * @return the distinct labels, ascending; {@code classes()[i]} is the label of row {@code i}
   */
  public int[] classes() {
    return classes.clone();
  }

  /**
   * @return the distinct predictions, ascending; {@code clusters()[j]} is the cluster of column
   *     {@code j}
   */
  public int[] clusters() {
    return clusters.clone();
  }

  /**
   * @return {@code n_ij}, the count of row {@code i} (class index) and column {@code j} (cluster
   *     index)
   */
  public long count(int classIndex, int clusterIndex) {
    if (classIndex < 0
        || classIndex >= classes.length
        || clusterIndex < 0
        || clusterIndex >= clusters.length) {
      throw new IndexOutOfBoundsException(
          "cell ("
              + classIndex
              + ", "
              + clusterIndex
              + ") outside "
              + classes.length
              + " x "
              + clusters.length);
    }
    long key = ((long) classIndex << 32) | clusterIndex;
    int lo = 0;
    int hi = cellCount.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long midKey = ((long) cellRow[mid] << 32) | cellCol[mid];
      if (midKey < key) {
        lo = mid + 1;
      } else if (midKey > key) {
        hi = mid - 1;
      } else {
        return cellCount[mid];
      }
    }
    return 0L;
  }

  /**
   * @return the number of non-zero cells (at most {@code min(N, numClasses() * numClusters())})
   */
  public int nonZeroCells() {
    return cellCount.length;
  }

  /**
   * Dense copy of the counts. Allocates {@code numClasses() x numClusters()} longs, so use it only
   * when both are modest (as for ACC).
   *
   * @return {@code n[i][j]} for every class index {@code i} and cluster index {@code j}
   */
  public long[][] counts() {
    long[][] dense = new long[classes.length][clusters.length];
    for (int k = 0; k < cellCount.length; k++) {
      dense[cellRow[k]][cellCol[k]] = cellCount[k];
    }
    return dense;
  }

  /**
   * @return row totals {@code a_i}, the size of each class
   */
  public long[] classTotals() {
    return classTotals.clone();
  }

  /**
   * @return column totals {@code b_j}, the size of each cluster
   */
  public long[] clusterTotals() {
    return clusterTotals.clone();
  }

  /**
   * @return {@code N}, the number of samples
   */
  public long total() {
    return total;
  }

  // Package-private, no-copy access for the metrics.
  long[] nonZeroCountsView() {
    return cellCount;
  }

  int[] nonZeroRowsView() {
    return cellRow;
  }

  int[] nonZeroColsView() {
    return cellCol;
  }

  long[] classTotalsView() {
    return classTotals;
  }

  long[] clusterTotalsView() {
    return clusterTotals;
  }

  @Override
  public String toString() {
    return "ContingencyTable[classes="
        + Arrays.toString(classes)
        + ", clusters="
        + Arrays.toString(clusters)
        + ", N="
        + total
        + "]";
  }
}
