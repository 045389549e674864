package org.ucospark.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ucospark.eval.Hungarian;

/**
 * The confusion matrix of an assignments data set after Hungarian matching: {@code
 * counts[class][cluster]}, cluster sizes, {@code classOf[c]} = matched cluster of class c
 * (Hungarian, maximum total count), {@code order} = the columns as drawn ({@link #matchedOrder})
 * and {@code matchedClass[k]} = class matched to cluster k, or −1.
 */
record Confusion(long[][] counts, long[] sizes, int[] classOf, int[] order, int[] matchedClass) {
  /** The heat map, as the run report draws it. */
  byte[] png() {
    return RunPlots.confusion(counts, order);
  }

  /** Counts (label, cluster) of {@code rows} on the executors and matches clusters to classes. */
  static Confusion of(Dataset<Row> rows) {
    List<Row> cells = rows.groupBy("label", "cluster").count().collectAsList();
    int classes = 0;
    int k = 1;
    for (Row r : cells) {
      if (!r.isNullAt(0)) {
        classes = Math.max(classes, r.getInt(0) + 1);
      }
      k = Math.max(k, r.getInt(1) + 1);
    }
    classes = Math.max(classes, 1);
    long[][] counts = new long[classes][k];
    long[] sizes = new long[k];
    for (Row r : cells) {
      sizes[r.getInt(1)] += r.getLong(2);
      if (!r.isNullAt(0)) {
        counts[r.getInt(0)][r.getInt(1)] += r.getLong(2);
      }
    }
    int[] classOf = Hungarian.maximize(toDouble(counts));
    int[] order = matchedOrder(classOf, sizes);
    int[] matchedClass = new int[k];
    Arrays.fill(matchedClass, -1);
    for (int c = 0; c < classOf.length; c++) {
      if (classOf[c] >= 0) {
        matchedClass[classOf[c]] = c;
      }
    }
    return new Confusion(counts, sizes, classOf, order, matchedClass);
  }

  /**
   * Whether the rows had any labelled example. Without labels there is no confusion matrix and no
   * class to match: the report shows the clusters by decreasing size and colours by cluster only.
   */
  boolean labeled() {
    return Arrays.stream(counts).flatMapToLong(Arrays::stream).anyMatch(v -> v > 0);
  }

  /** Cluster indices by decreasing size (ties: by index). */
  static int[] bySize(long[] sizes) {
    return IntStream.range(0, sizes.length)
        .boxed()
        .sorted((a, b) -> Long.compare(sizes[b], sizes[a]))
        .mapToInt(Integer::intValue)
        .toArray();
  }

  /**
   * Columns: each class's matched cluster ({@code classOf[c]}, Hungarian) in class order, then the
   * unmatched clusters by decreasing size.
   */
  static int[] matchedOrder(int[] classOf, long[] sizes) {
    List<Integer> order = new ArrayList<>();
    for (int cluster : classOf) {
      if (cluster >= 0) {
        order.add(cluster);
      }
    }
    List<Integer> rest = new ArrayList<>();
    for (int j = 0; j < sizes.length; j++) {
      if (!order.contains(j)) {
        rest.add(j);
      }
    }
    rest.sort((a, b) -> Long.compare(sizes[b], sizes[a]));
    order.addAll(rest);
    return order.stream().mapToInt(Integer::intValue).toArray();
  }

  static double[][] toDouble(long[][] counts) {
    double[][] d = new double[counts.length][];
    for (int i = 0; i < counts.length; i++) {
      d[i] = Arrays.stream(counts[i]).asDoubleStream().toArray();
    }
    return d;
  }
}
