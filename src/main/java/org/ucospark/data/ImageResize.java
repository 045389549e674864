package org.ucospark.data;

/**
 * Resizing used by the pixel recipes of docs/ALGORITHMS.md §1.2, matching scikit-image 0.19 {@code
 * skimage.transform.resize(image, shape, order=1, mode='reflect', anti_aliasing=...)} — the
 * authors' library — to float64 rounding (golden values: {@code fixtures/resize.json}).
 *
 * <p>Images are C×H×W row-major arrays ({@code index = (c·H + y)·W + x}); channels are processed
 * independently and only the two spatial axes are resized or filtered.
 *
 * <h2>Mirrored edges</h2>
 *
 * Out-of-range indices are reflected about the edge samples, without repeating them (numpy {@code
 * 'reflect'}, scipy.ndimage {@code 'mirror'}, scikit-image {@code 'reflect'}): for a length-n axis
 * index −1 reads 1, −2 reads 2, n reads n−2, n+1 reads n−3; the pattern has period 2(n−1). This was
 * checked against the fixture: the edge-repeating variant (numpy {@code 'symmetric'}) misses the
 * golden USPS values by up to 0.43.
 *
 * <h2>Bilinear resize (half-pixel centres)</h2>
 *
 * Per axis with input length n and output length m, output sample o (0-based) sits at input
 * coordinate c = (o + ½)·(n/m) − ½; with f = ⌊c⌋, w = c − f: out[o] = (1 − w)·in[r(f)] +
 * w·in[r(f+1)], r the mirrored index. The 2-D resize is this interpolation along H, then along W
 * (the tensor-product bilinear interpolation).
 *
 * <h2>Gaussian pre-filter</h2>
 *
 * Before down-scaling COIL-100 (128→64) the image is smoothed with a Gaussian of σ = 0.5 px along H
 * and W (not across channels), separable, mirrored edges, truncated at 4σ like
 * scipy.ndimage.gaussian_filter: radius R = ⌊4σ + ½⌋ (= 2 for σ = 0.5, a 5-tap kernel), weights g_k
 * = exp(−k²/(2σ²)) / Σ_{j=−R..R} exp(−j²/(2σ²)), k = −R..R.
 *
 * <p>All arithmetic is in double precision; the float overloads convert on entry and exit.
 */
public final class ImageResize {
  /** Gaussian pre-filter σ (pixels) of the COIL-100 recipe. */
  public static final double COIL_SIGMA = 0.5;

  /** Gaussian truncation in units of σ (scipy's default). */
  public static final double TRUNCATE = 4.0;

  private ImageResize() {}

  /** Mirrored index (numpy 'reflect'): −1 → 1, n → n−2, period 2(n−1). */
  public static int reflect(int i, int n) {
    if (n == 1) {
      return 0;
    }
    int period = 2 * (n - 1);
    int r = Math.floorMod(i, period);
    return r < n ? r : period - r;
  }

  /** Bilinear resize of a C×H×W image to C×outH×outW (half-pixel centres, mirrored edges). */
  public static double[] resizeBilinear(
      double[] src, int channels, int inH, int inW, int outH, int outW) {
    checkSize(src, channels, inH, inW);
    if (outH <= 0 || outW <= 0) {
      throw new IllegalArgumentException("output size must be positive: " + outH + "x" + outW);
    }
    // Along H: C×inH×inW -> C×outH×inW.
    double[] tmp = new double[channels * outH * inW];
    for (int o = 0; o < outH; o++) {
      double c = (o + 0.5) * ((double) inH / outH) - 0.5;
      int f = (int) Math.floor(c);
      double w = c - f;
      int i0 = reflect(f, inH);
      int i1 = reflect(f + 1, inH);
      for (int ch = 0; ch < channels; ch++) {
        int s0 = (ch * inH + i0) * inW;
        int s1 = (ch * inH + i1) * inW;
        int d = (ch * outH + o) * inW;
        for (int x = 0; x < inW; x++) {
          tmp[d + x] = (1 - w) * src[s0 + x] + w * src[s1 + x];
        }
      }
    }
    // Along W: C×outH×inW -> C×outH×outW.
    double[] out = new double[channels * outH * outW];
    int[] j0 = new int[outW];
    int[] j1 = new int[outW];
    double[] wt = new double[outW];
    for (int o = 0; o < outW; o++) {
      double c = (o + 0.5) * ((double) inW / outW) - 0.5;
      int f = (int) Math.floor(c);
      wt[o] = c - f;
      j0[o] = reflect(f, inW);
      j1[o] = reflect(f + 1, inW);
    }
    for (int row = 0; row < channels * outH; row++) {
      int s = row * inW;
      int d = row * outW;
      for (int o = 0; o < outW; o++) {
        out[d + o] = (1 - wt[o]) * tmp[s + j0[o]] + wt[o] * tmp[s + j1[o]];
      }
    }
    return out;
  }

  /** The normalised Gaussian kernel g_{−R..R} with R = ⌊truncate·σ + ½⌋. */
  public static double[] gaussianKernel(double sigma, double truncate) {
    if (!(sigma > 0)) {
      throw new IllegalArgumentException("sigma must be positive: " + sigma);
    }
    int radius = (int) (truncate * sigma + 0.5);
    double[] k = new double[2 * radius + 1];
    double sum = 0;
    for (int j = -radius; j <= radius; j++) {
      k[j + radius] = Math.exp(-0.5 * j * j / (sigma * sigma));
      sum += k[j + radius];
    }
    for (int j = 0; j < k.length; j++) {
      k[j] /= sum;
    }
    return k;
  }

  /**
   * Separable Gaussian filter with standard deviation {@code sigma} pixels along H and W of a C×H×W
   * image, mirrored edges, truncated at 4σ.
   */
  public static double[] gaussianBlur(double[] src, int channels, int h, int w, double sigma) {
    checkSize(src, channels, h, w);
    double[] k = gaussianKernel(sigma, TRUNCATE);
    int radius = k.length / 2;
    double[] tmp = new double[src.length];
    // Along H.
    for (int ch = 0; ch < channels; ch++) {
      for (int y = 0; y < h; y++) {
        int d = (ch * h + y) * w;
        for (int t = -radius; t <= radius; t++) {
          double g = k[t + radius];
          int s = (ch * h + reflect(y + t, h)) * w;
          for (int x = 0; x < w; x++) {
            tmp[d + x] += g * src[s + x];
          }
        }
      }
    }
    // Along W.
    double[] out = new double[src.length];
    int[][] idx = new int[w][k.length];
    for (int x = 0; x < w; x++) {
      for (int t = -radius; t <= radius; t++) {
        idx[x][t + radius] = reflect(x + t, w);
      }
    }
    for (int row = 0; row < channels * h; row++) {
      int s = row * w;
      for (int x = 0; x < w; x++) {
        double acc = 0;
        int[] ix = idx[x];
        for (int t = 0; t < k.length; t++) {
          acc += k[t] * tmp[s + ix[t]];
        }
        out[s + x] = acc;
      }
    }
    return out;
  }

  /**
   * Anti-aliased down-scaling as in the COIL-100 recipe: {@link #gaussianBlur} with σ, then {@link
   * #resizeBilinear}.
   */
  public static double[] downscale(
      double[] src, int channels, int inH, int inW, int outH, int outW, double sigma) {
    return resizeBilinear(
        gaussianBlur(src, channels, inH, inW, sigma), channels, inH, inW, outH, outW);
  }

  /** Float version of {@link #resizeBilinear(double[], int, int, int, int, int)}. */
  public static float[] resizeBilinear(
      float[] src, int channels, int inH, int inW, int outH, int outW) {
    return toFloat(resizeBilinear(toDouble(src), channels, inH, inW, outH, outW));
  }

  /** Float version of {@link #downscale(double[], int, int, int, int, int, double)}. */
  public static float[] downscale(
      float[] src, int channels, int inH, int inW, int outH, int outW, double sigma) {
    return toFloat(downscale(toDouble(src), channels, inH, inW, outH, outW, sigma));
  }

  static double[] toDouble(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i];
    }
    return d;
  }

  static float[] toFloat(double[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      f[i] = (float) a[i];
    }
    return f;
  }

  private static void checkSize(double[] src, int channels, int h, int w) {
    if (channels <= 0 || h <= 0 || w <= 0 || src.length != channels * h * w) {
      throw new IllegalArgumentException(
          "image of " + src.length + " values is not " + channels + "x" + h + "x" + w);
    }
  }
}
