package org.ucospark.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fp32 peak this process reaches: the best rate of a plain square SGEMM (ND4J's {@code gemm}:
 * oneDNN's JIT matmul in this build, with the process's threads) over a few sizes and repetitions.
 * {@link CpuPeak} derives a figure from the base clock of /proc/cpuinfo, which a CPU that boosts
 * exceeds (issue 26: 104–124 % of it measured); the bench's "% of peak" uses this one. On a loaded
 * machine it is the best of what the shares allowed: a lower bound of the quiet figure.
 */
public record MeasuredPeak(double gflops, int size, int reps) {
  static final int[] SIZES = {1024, 2048};

  /**
   * Best GFLOP/s of {@code reps} SGEMMs of each size in {@link #SIZES} (after one warm-up each).
   */
  public static MeasuredPeak measure(int reps) {
    double best = 0;
    int bestSize = SIZES[0];
    for (int n : SIZES) {
      double g = sgemmGflops(n, reps);
      if (g > best) {
        best = g;
        bestSize = n;
      }
    }
    return new MeasuredPeak(best, bestSize, reps);
  }

  static double sgemmGflops(int n, int reps) {
    Nd4j.getRandom().setSeed(n);
    INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
    INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
    INDArray c = Nd4j.create(DataType.FLOAT, n, n);
    Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
    double best = 0;
    for (int i = 0; i < reps; i++) {
      long t0 = System.nanoTime();
      Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
      double s = Math.max(1e-9, (System.nanoTime() - t0) / 1e9);
      best = Math.max(best, 2.0 * n * n * (double) n / s / 1e9);
    }
    return best;
  }

  public String describe() {
    return String.format(
        java.util.Locale.ROOT,
        "best of %d SGEMMs of %d×%d (sizes 1024 and 2048 tried) in this process",
        reps,
        size,
        size);
  }
}
