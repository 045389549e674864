package org.ucospark.model;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DEC's initial centroids: k-means on the bottleneck features after pre-training, as the authors
 * ran it, scikit-learn's {@code KMeans(n_init=20)} (docs/PROTOCOL.md, section 4, "k-means after
 * pre-training"):
 *
 * <ul>
 *   <li>greedy k-means++ seeding: each new centre is the best of {@code 2 + ⌊ln K⌋} candidates
 *       drawn with probability ∝ D², the one that lowers the potential Σ D² the most;
 *   <li>Lloyd iterations until the labels stop changing or the centre shift (the sum over centres
 *       of their squared moves) is at most {@code 1e-4 ×} the mean per-feature variance, at most
 *       {@value #MAX_ITERATIONS} iterations;
 *   <li>a cluster that loses every point takes the point farthest from its centre;
 *   <li>the best of {@code restarts} runs by inertia (Σ ‖x − centre‖²).
 * </ul>
 *
 * <p>Primitive arrays throughout: one Lloyd iteration costs N·K·D operations and allocates nothing,
 * so COIL-100's K = 100 stays cheap. Restart r draws from its own generator split from the run
 * seed, so the restarts run in parallel and the result is still fixed by the seed.
 */
public final class KMeansCentroids {
  /** Lloyd iterations per restart at most (scikit-learn's {@code max_iter}). */
  public static final int MAX_ITERATIONS = 300;

  /** Relative tolerance (scikit-learn's {@code tol}), times the mean per-feature variance. */
  public static final double RELATIVE_TOLERANCE = 1e-4;

  private KMeansCentroids() {}

  /**
   * The best restart: centroids [K][D], each row's cluster, its inertia and the Lloyd iterations it
   * took.
   */
  public record Result(double[][] centres, int[] labels, double inertia, int iterations) {
    /** The centroids as a [K, D] float64 array. */
    public INDArray centroids() {
      return Nd4j.create(centres);
    }
  }

  /** k-means of the rows of {@code features} [N, D]. */
  public static Result fit(INDArray features, int k, int restarts, long seed) {
    return fit(features.castTo(DataType.DOUBLE).toDoubleMatrix(), k, restarts, seed);
  }

  /** k-means of {@code rows} [N][D] (not modified). */
  public static Result fit(double[][] rows, int k, int restarts, long seed) {
    if (rows.length < k) {
      throw new IllegalArgumentException(
          "k-means needs at least k = " + k + " examples, got " + rows.length);
    }
    double[] x = flatten(rows);
    int d = rows[0].length;
    double tolerance = RELATIVE_TOLERANCE * meanVariance(x, rows.length, d);
    long[] seeds = new SplittableRandom(seed).longs(restarts).toArray();
    Result best = null;
    // Parallel restarts, each fixed by its own seed; ties keep the lowest restart index.
    Result[] runs =
        IntStream.range(0, restarts)
            .parallel()
            .mapToObj(
                r -> new Run(x, rows.length, d, k, new SplittableRandom(seeds[r])).solve(tolerance))
            .toArray(Result[]::new);
    for (Result run : runs) {
      if (best == null || run.inertia() < best.inertia()) {
        best = run;
      }
    }
    return best;
  }

  private static double[] flatten(double[][] rows) {
    int d = rows[0].length;
    double[] x = new double[rows.length * d];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != d) {
        throw new IllegalArgumentException("k-means rows must all have " + d + " values");
      }
      System.arraycopy(rows[i], 0, x, i * d, d);
    }
    return x;
  }

  /** Mean over features of the (population) variance of each feature. */
  static double meanVariance(double[] x, int n, int d) {
    double total = 0;
    for (int j = 0; j < d; j++) {
      double mean = 0;
      for (int i = 0; i < n; i++) {
        mean += x[i * d + j];
      }
      mean /= n;
      double sq = 0;
      for (int i = 0; i < n; i++) {
        double v = x[i * d + j] - mean;
        sq += v * v;
      }
      total += sq / n;
    }
    return total / d;
  }

  /** One restart: seeding then Lloyd iterations, on a row-major copy-free view of the data. */
  private static final class Run {
    private final double[] x;
    private final int n;
    private final int d;
    private final int k;
    private final SplittableRandom random;
    private final int[] labels;
    private final double[] distances;

    Run(double[] x, int n, int d, int k, SplittableRandom random) {
      this.x = x;
      this.n = n;
      this.d = d;
      this.k = k;
      this.random = random;
      this.labels = new int[n];
      this.distances = new double[n];
    }

    Result solve(double tolerance) {
      double[] centres = seed();
      double[] next = new double[k * d];
      int[] previous = new int[n];
      Arrays.fill(previous, -1);
      int iteration = 0;
      boolean stable = false;
      while (iteration < MAX_ITERATIONS) {
        iteration++;
        assign(centres);
        double shift = update(centres, next);
        double[] swap = centres;
        centres = next;
        next = swap;
        if (Arrays.equals(labels, previous)) {
          stable = true;
          break;
        }
        if (shift <= tolerance) {
          break;
        }
        System.arraycopy(labels, 0, previous, 0, n);
      }
      // The labels belong to the centres before the last update unless they were stable.
      double inertia = stable ? inertia(centres) : assign(centres);
      double[][] out = new double[k][d];
      for (int c = 0; c < k; c++) {
        System.arraycopy(centres, c * d, out[c], 0, d);
      }
      return new Result(out, labels.clone(), inertia, iteration);
    }

    /** Greedy k-means++: each new centre is the best of 2 + ⌊ln K⌋ D²-weighted candidates. */
    private double[] seed() {
      int trials = 2 + (int) Math.log(k);
      double[] centres = new double[k * d];
      int first = random.nextInt(n);
      System.arraycopy(x, first * d, centres, 0, d);
      double[] closest = new double[n];
      double potential = 0;
      for (int i = 0; i < n; i++) {
        closest[i] = squared(i, centres, 0);
        potential += closest[i];
      }
      double[] cumulative = new double[n];
      double[] candidate = new double[n];
      double[] best = new double[n];
      for (int c = 1; c < k; c++) {
        double running = 0;
        for (int i = 0; i < n; i++) {
          running += closest[i];
          cumulative[i] = running;
        }
        double bestPotential = Double.POSITIVE_INFINITY;
        int bestId = -1;
        for (int t = 0; t < trials; t++) {
          int id = draw(cumulative, random.nextDouble() * potential);
          double candidatePotential = 0;
          for (int i = 0; i < n; i++) {
            candidate[i] = Math.min(closest[i], squared(i, x, id * d));
            candidatePotential += candidate[i];
          }
          if (candidatePotential < bestPotential) {
            bestPotential = candidatePotential;
            bestId = id;
            double[] swap = best;
            best = candidate;
            candidate = swap;
          }
        }
        double[] swap = closest;
        closest = best;
        best = swap;
        potential = bestPotential;
        System.arraycopy(x, bestId * d, centres, c * d, d);
      }
      return centres;
    }

    /** The first index whose cumulative weight exceeds {@code value} (clipped to the last). */
    private int draw(double[] cumulative, double value) {
      int at = Arrays.binarySearch(cumulative, value);
      int id = at >= 0 ? at : -at - 1;
      return Math.min(id, n - 1);
    }

    /** Labels every row by its nearest centre; returns the inertia. */
    private double assign(double[] centres) {
      double total = 0;
      for (int i = 0; i < n; i++) {
        double nearest = Double.POSITIVE_INFINITY;
        int label = 0;
        for (int c = 0; c < k; c++) {
          double s = squared(i, centres, c * d);
          if (s < nearest) {
            nearest = s;
            label = c;
          }
        }
        labels[i] = label;
        distances[i] = nearest;
        total += nearest;
      }
      return total;
    }

    /**
     * The means of the clusters into {@code next}; an empty cluster takes the point farthest from
     * its centre (which leaves its own cluster). Returns the total squared centre shift.
     */
    private double update(double[] centres, double[] next) {
      Arrays.fill(next, 0);
      int[] counts = new int[k];
      for (int i = 0; i < n; i++) {
        int c = labels[i];
        counts[c]++;
        for (int j = 0; j < d; j++) {
          next[c * d + j] += x[i * d + j];
        }
      }
      relocateEmpty(counts, next);
      double shift = 0;
      for (int c = 0; c < k; c++) {
        if (counts[c] == 0) { // gave its only point to an empty cluster: it stays where it was
          System.arraycopy(centres, c * d, next, c * d, d);
          continue;
        }
        for (int j = 0; j < d; j++) {
          next[c * d + j] /= counts[c];
          double move = next[c * d + j] - centres[c * d + j];
          shift += move * move;
        }
      }
      return shift;
    }

    private void relocateEmpty(int[] counts, double[] sums) {
      int empty = 0;
      for (int count : counts) {
        empty += count == 0 ? 1 : 0;
      }
      if (empty == 0) {
        return;
      }
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Double.compare(distances[b], distances[a]));
      int far = 0;
      for (int c = 0; c < k; c++) {
        if (counts[c] != 0) {
          continue;
        }
        int i = order[far++];
        int from = labels[i];
        for (int j = 0; j < d; j++) {
          sums[from * d + j] -= x[i * d + j];
          sums[c * d + j] = x[i * d + j];
        }
        counts[from]--;
        counts[c] = 1;
      }
    }

    private double inertia(double[] centres) {
      double total = 0;
      for (int i = 0; i < n; i++) {
        total += squared(i, centres, labels[i] * d);
      }
      return total;
    }

    /** ‖x_i − v[offset .. offset + d)‖². */
    private double squared(int i, double[] v, int offset) {
      double s = 0;
      int row = i * d;
      for (int j = 0; j < d; j++) {
        double diff = x[row + j] - v[offset + j];
        s += diff * diff;
      }
      return s;
    }
  }
}
