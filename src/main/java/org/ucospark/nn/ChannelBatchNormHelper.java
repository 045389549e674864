package org.ucospark.nn;

import java.nio.FloatBuffer;
import java.util.Map;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalisation of float32 NCHW maps, optionally followed by a ReLU, in a few fused passes
 * per channel, for {@link ChannelBatchNormalization}. Why: DL4J's oneDNN helper computes the batch
 * statistics with two ND4J reductions over the strided axes (0, 2, 3) and its backward runs
 * libnd4j's correction of a global-statistics oneDNN primitive, together about a fifth of the
 * backbone's step; the separate ReLU layer after it copies its input forward and backward
 * (docs/PERFORMANCE.md, issue 18). The math is DL4J's (training mode, biased batch variance, as its
 * helper and built-in path use):
 *
 * <p>Forward, over the M = N·H·W values x of channel c: μ = Σx / M, σ² = Σ(x − μ)² / M, σ̃ = √(σ² +
 * ε), z = γ (x − μ) / σ̃ + β = a·x + b with a = γ / σ̃, b = β − μ·a, and y = z or y = max(0, z).
 * The sums run in double on values shifted by the channel's first value (the shifted-data
 * algorithm: no cancellation when |μ| ≫ σ). At inference μ and σ² are the running estimates DL4J
 * passes in.
 *
 * <p>Backward, from dy = ∂L/∂y: g = ∂L/∂z = dy, or dy·[z > 0] with the ReLU (z recomputed from x
 * with the forward's own a and b, so the mask is the forward's bit for bit); dβ = Σ g, dγ = Σ g·x̂
 * = Σ g (x − μ) / σ̃, and through μ and σ², ∂L/∂x = a (g − dβ / M − x̂ dγ / M) = a·g + p·x + q with
 * p = −a Σ g (x − μ) / (σ̃² M), q = −a dβ / M − p·μ: one pass for the two sums and one for ∂L/∂x.
 *
 * <p>Channels run in parallel on the common fork-join pool. Float64 and NHWC are declined ({@code
 * null}), and DL4J's built-in path takes them ({@link ChannelBatchNormalization.Impl} then applies
 * the ReLU itself): forward and backward decline together, so a layer never mixes the two paths.
 * The batch statistics are kept in two arrays outside the workspaces, as DL4J's own helpers do, for
 * the running averages DL4J updates after the backward pass.
 */
final class ChannelBatchNormHelper implements BatchNormalizationHelper {
  private final boolean relu;
  private INDArray meanCache;
  private INDArray varCache;

  /** The last training forward's μ, σ², a and b per channel, for its backward. */
  private double[] batchMean;

  private double[] batchVar;
  private float[] scale;
  private float[] shift;

  ChannelBatchNormHelper(boolean relu) {
    this.relu = relu;
  }

  /**
   * Whether a layer of {@code dataType} and {@code format} takes this helper's path, else DL4J's
   * built-in one (DL4J hands the helper rank-4 arrays only, dense input reshaped to [N, C, 1, 1]).
   */
  static boolean supported(DataType dataType, CNN2DFormat format) {
    return dataType == DataType.FLOAT && format == CNN2DFormat.NCHW;
  }

  @Override
  public boolean checkSupported(double eps, boolean fixedGammaBeta) {
    return !fixedGammaBeta;
  }

  @Override
  public boolean checkSupported() {
    return true;
  }

  @Override
  public Map<String, Long> helperMemoryUse() {
    return meanCache == null ? Map.of() : Map.of("batch_stats", 2L * meanCache.length() * 4L);
  }

  @Override
  public INDArray getMeanCache(DataType dataType) {
    return meanCache.castTo(dataType);
  }

  @Override
  public INDArray getVarCache(DataType dataType) {
    return varCache.castTo(dataType);
  }

  @Override
  public INDArray preOutput(
      INDArray x,
      boolean training,
      long[] shape,
      INDArray gamma,
      INDArray beta,
      INDArray mean,
      INDArray var,
      double decay,
      double eps,
      CNN2DFormat format,
      LayerWorkspaceMgr workspaceMgr) {
    if (!supported(x.dataType(), format)) return null;
    Layout l = new Layout(x);
    x = l.contiguous(x);
    double[] mu = new double[l.c];
    double[] variance = new double[l.c];
    FloatBuffer in = floats(x);
    if (training) {
      IntStream.range(0, l.c).parallel().forEach(c -> l.moments(in, c, mu, variance));
      keepStatistics(mu, variance);
    } else {
      for (int c = 0; c < l.c; c++) {
        mu[c] = mean.getDouble(c);
        variance[c] = var.getDouble(c);
      }
    }
    float[] a = new float[l.c];
    float[] b = new float[l.c];
    for (int c = 0; c < l.c; c++) {
      double ac = gamma.getDouble(c) / Math.sqrt(variance[c] + eps);
      a[c] = (float) ac;
      b[c] = (float) (beta.getDouble(c) - mu[c] * ac);
    }
    if (training) {
      batchMean = mu;
      batchVar = variance;
      scale = a;
      shift = b;
    }
    INDArray out =
        workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape(), 'c');
    FloatBuffer y = floats(out);
    IntStream.range(0, l.c).parallel().forEach(c -> l.normalize(in, y, c, a[c], b[c], relu));
    return out;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(
      INDArray input,
      INDArray epsilon,
      long[] shape,
      INDArray gamma,
      INDArray beta,
      INDArray dGammaView,
      INDArray dBetaView,
      double eps,
      CNN2DFormat format,
      LayerWorkspaceMgr workspaceMgr) {
    if (!supported(input.dataType(), format) || scale == null) return null;
    Layout l = new Layout(input);
    INDArray x = l.contiguous(input);
    INDArray dy = l.contiguous(epsilon);
    FloatBuffer in = floats(x);
    FloatBuffer grad = floats(dy);
    INDArray dx =
        workspaceMgr.createUninitialized(
            ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
    FloatBuffer out = floats(dx);
    double[] dGamma = new double[l.c];
    double[] dBeta = new double[l.c];
    double m = l.perChannel();
    IntStream.range(0, l.c)
        .parallel()
        .forEach(
            c -> {
              double mu = batchMean[c];
              double s2 = batchVar[c] + eps;
              float fa = scale[c];
              float fb = shift[c];
              double[] sums = l.gradientSums(grad, in, c, mu, fa, fb, relu);
              double a = gamma.getDouble(c) / Math.sqrt(s2);
              double p = -a * sums[1] / (s2 * m);
              double q = -a * sums[0] / m - p * mu;
              dBeta[c] = sums[0];
              dGamma[c] = sums[1] / Math.sqrt(s2);
              l.inputGradient(in, grad, out, c, (float) p, (float) a, (float) q, fa, fb, relu);
            });
    for (int c = 0; c < l.c; c++) {
      dGammaView.putScalar(c, dGamma[c]);
      dBetaView.putScalar(c, dBeta[c]);
    }
    Gradient g = new DefaultGradient();
    g.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
    g.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
    return new Pair<>(g, dx);
  }

  /** Batch statistics for DL4J's running averages, in arrays outside every workspace. */
  private void keepStatistics(double[] mu, double[] variance) {
    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      if (meanCache == null || meanCache.length() != mu.length) {
        meanCache = Nd4j.create(DataType.FLOAT, mu.length);
        varCache = Nd4j.create(DataType.FLOAT, mu.length);
      }
      for (int c = 0; c < mu.length; c++) {
        meanCache.putScalar(c, mu[c]);
        varCache.putScalar(c, variance[c]);
      }
    }
  }

  /** The native float32 memory of a contiguous 'c' array (absolute indices from 0). */
  private static FloatBuffer floats(INDArray a) {
    return a.data().asNioFloat().slice();
  }

  /** [N, C, H, W] seen as N·C rows of S = H·W values; row (n, c) starts at (n·C + c)·S. */
  private static final class Layout {
    final int n;
    final int c;
    final int s;

    Layout(INDArray x) {
      n = Math.toIntExact(x.size(0));
      c = Math.toIntExact(x.size(1));
      s = Math.toIntExact(x.size(2) * x.size(3));
    }

    double perChannel() {
      return (double) n * s;
    }

    /** {@code a} itself when it is a 'c'-ordered array at the start of its buffer, else a copy. */
    INDArray contiguous(INDArray a) {
      boolean plain =
          a.ordering() == 'c'
              && Shape.hasDefaultStridesForShape(a)
              && a.offset() == 0
              && a.data().offset() == 0;
      return plain ? a : a.dup('c');
    }

    /** μ_c and the biased σ²_c, summed in double around the channel's first value. */
    void moments(FloatBuffer x, int ch, double[] mu, double[] variance) {
      double shift = x.get(ch * s);
      double s1 = 0;
      double s2 = 0;
      for (int i = 0; i < n; i++) {
        int from = (i * c + ch) * s;
        for (int j = from; j < from + s; j++) {
          double d = x.get(j) - shift;
          s1 += d;
          s2 += d * d;
        }
      }
      double m = perChannel();
      double meanShifted = s1 / m;
      mu[ch] = shift + meanShifted;
      variance[ch] = Math.max(0.0, s2 / m - meanShifted * meanShifted);
    }

    /**
     * 1 if max(0, z) > 0 (z > 0, or z NaN), else 0, without a branch: the ReLU's mask is a coin
     * flip per value, which a branch would mispredict half the time. max(0, z) is +0 or has a
     * nonzero bit pattern below the sign bit; adding 0x7fffffff carries into the sign bit exactly
     * when that pattern is nonzero.
     */
    private static float positive(float z) {
      return (Float.floatToRawIntBits(Math.max(0f, z)) + 0x7fffffff) >>> 31;
    }

    /** y = a·x + b, or max(0, a·x + b), over channel ch. */
    void normalize(FloatBuffer x, FloatBuffer y, int ch, float a, float b, boolean relu) {
      for (int i = 0; i < n; i++) {
        int from = (i * c + ch) * s;
        for (int j = from; j < from + s; j++) {
          float z = a * x.get(j) + b;
          y.put(j, relu ? Math.max(0f, z) : z); // a NaN stays NaN (the run then stops on it)
        }
      }
    }

    /**
     * {Σ g, Σ g·(x − μ)} over channel ch, g = dy, or dy where the forward's a·x + b was positive
     * (the ReLU's mask, recomputed with the same float operations as {@link #normalize}).
     */
    double[] gradientSums(
        FloatBuffer dy, FloatBuffer x, int ch, double mu, float a, float b, boolean relu) {
      double sg = 0;
      double sgx = 0;
      for (int i = 0; i < n; i++) {
        int from = (i * c + ch) * s;
        for (int j = from; j < from + s; j++) {
          float xj = x.get(j);
          double g = relu ? dy.get(j) * positive(a * xj + b) : dy.get(j);
          sg += g;
          sgx += g * (xj - mu);
        }
      }
      return new double[] {sg, sgx};
    }

    /** dx = p·x + a·g + q over channel ch, g as in {@link #gradientSums}. */
    void inputGradient(
        FloatBuffer x,
        FloatBuffer dy,
        FloatBuffer dx,
        int ch,
        float p,
        float a,
        float q,
        float fa,
        float fb,
        boolean relu) {
      for (int i = 0; i < n; i++) {
        int from = (i * c + ch) * s;
        for (int j = from; j < from + s; j++) {
          float xj = x.get(j);
          float g = relu ? dy.get(j) * positive(fa * xj + fb) : dy.get(j);
          dx.put(j, p * xj + a * g + q);
        }
      }
    }
  }
}
