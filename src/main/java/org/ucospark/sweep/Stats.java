package org.ucospark.sweep;

/**
 * Descriptive statistics over the finite values of a sample (NaN and infinities are skipped, so a
 * model without companion objective, whose OFM is NaN, contributes nothing).
 */
public final class Stats {

  private Stats() {}

  /**
   * @param xs sample
   * @return the number of finite values
   */
  public static int count(double[] xs) {
    int n = 0;
    for (double x : xs) {
      if (Double.isFinite(x)) {
        n++;
      }
    }
    return n;
  }

  /**
   * Mean {@code x̄ = (1/n) Σ x_i} over the n finite values.
   *
   * @param xs sample
   * @return the mean, NaN when n = 0
   */
  public static double mean(double[] xs) {
    double s = 0;
    int n = 0;
    for (double x : xs) {
      if (Double.isFinite(x)) {
        s += x;
        n++;
      }
    }
    return n == 0 ? Double.NaN : s / n;
  }

  /**
   * Sample standard deviation {@code s = sqrt(Σ (x_i − x̄)² / (n − 1))} over the n finite values
   * (what Spark's {@code stddev_samp} computes).
   *
   * @param xs sample
   * @return s, NaN when n &lt; 2
   */
  public static double sampleStd(double[] xs) {
    int n = count(xs);
    if (n < 2) {
      return Double.NaN;
    }
    double m = mean(xs);
    double ss = 0;
    for (double x : xs) {
      if (Double.isFinite(x)) {
        ss += (x - m) * (x - m);
      }
    }
    return Math.sqrt(ss / (n - 1));
  }
}
