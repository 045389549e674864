package org.ucospark.model;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.Cluster;
import org.apache.commons.math3.ml.clustering.Clusterable;
import org.apache.commons.math3.ml.clustering.DoublePoint;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.clustering.MultiKMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.clustering.evaluation.ClusterEvaluator;
import org.apache.commons.math3.random.JDKRandomGenerator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DEC's initial centroids (spec section 3): k-means on the bottleneck features after pre-training,
 * the best of {@code restarts} k-means++ runs by inertia (sum of squared distances to the assigned
 * centroid, the criterion of scikit-learn's {@code n_init}, which the authors used), by Apache
 * Commons Math — a maintained implementation rather than a hand-written one. The features are N ×
 * 10 values, small enough to cluster in one JVM even for MNIST's 70,000 examples; the random
 * generator is seeded by the run seed, so the centroids are reproducible.
 */
public final class KMeansCentroids {
  /** Lloyd iterations per run (scikit-learn's default is also 300). */
  public static final int MAX_ITERATIONS = 300;

  private KMeansCentroids() {}

  /** Centroids [k, d] of the rows of {@code features} [N, d]. */
  public static INDArray fit(INDArray features, int k, int restarts, long seed) {
    double[][] rows = features.castTo(DataType.DOUBLE).toDoubleMatrix();
    if (rows.length < k) {
      throw new IllegalArgumentException(
          "k-means needs at least k = " + k + " examples, got " + rows.length);
    }
    List<DoublePoint> points = new ArrayList<>(rows.length);
    for (double[] row : rows) {
      points.add(new DoublePoint(row));
    }
    JDKRandomGenerator random = new JDKRandomGenerator();
    random.setSeed(seed);
    KMeansPlusPlusClusterer<DoublePoint> single =
        new KMeansPlusPlusClusterer<>(
            k,
            MAX_ITERATIONS,
            new org.apache.commons.math3.ml.distance.EuclideanDistance(),
            random);
    List<CentroidCluster<DoublePoint>> clusters =
        new MultiKMeansPlusPlusClusterer<>(single, restarts, new Inertia()).cluster(points);
    double[][] centroids = new double[k][];
    for (int c = 0; c < k; c++) {
      centroids[c] = clusters.get(c).getCenter().getPoint();
    }
    return Nd4j.create(centroids);
  }

  /** Σ over clusters and their points of ‖x − centre‖² (lower is better). */
  static final class Inertia extends ClusterEvaluator<DoublePoint> {
    @Override
    public double score(List<? extends Cluster<DoublePoint>> clusters) {
      double sum = 0;
      for (Cluster<DoublePoint> cluster : clusters) {
        Clusterable centre = centroidOf(cluster);
        for (DoublePoint p : cluster.getPoints()) {
          double d = distance(p, centre);
          sum += d * d;
        }
      }
      return sum;
    }
  }
}
