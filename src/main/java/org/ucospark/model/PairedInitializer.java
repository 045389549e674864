package org.ucospark.model;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ucospark.nn.CentroidLayer;

/**
 * Paired initialisation (docs/ALGORITHMS.md §4.1): run r of every model variant starts from the
 * same initial weights.
 *
 * <p>DL4J draws all initial weights from one random stream in topological order, so adding a
 * decoder or a loss head would shift the weights of the shared layers. Instead every weight tensor
 * {@code W} is drawn from its own stream, seeded by (run seed, layer name), with the Glorot-uniform
 * law of the authors' Keras layers: W ~ U(−a, a), a = sqrt(6 / (fan_in + fan_out)), fan = channels
 * × kernel area. Biases stay 0 and batch-norm parameters keep their deterministic defaults (γ = 1,
 * β = 0); centroid layers draw N(0, 1). A layer present in two variants under the same name
 * therefore starts identical in both.
 */
public final class PairedInitializer {
  private PairedInitializer() {}

  public static void apply(ComputationGraph graph, long seed) {
    for (Layer layer : graph.getLayers()) {
      String name = layer.conf().getLayer().getLayerName();
      INDArray w = layer.paramTable().get("W");
      if (w == null) {
        continue;
      }
      long[] shape = w.shape();
      SplittableRandom random = new SplittableRandom(layerSeed(seed, name));
      double[] values = new double[(int) w.length()];
      if (layer.conf().getLayer() instanceof CentroidLayer) {
        // centroids μ ~ N(0, 1) (docs/ALGORITHMS.md §3.9, OHC); DEC overwrites them with k-means
        // centroids
        java.util.Random gaussian = new java.util.Random(random.nextLong());
        for (int i = 0; i < values.length; i++) {
          values[i] = gaussian.nextGaussian();
        }
      } else {
        double bound = Math.sqrt(6.0 / (fanIn(shape) + fanOut(shape)));
        for (int i = 0; i < values.length; i++) {
          values[i] = (2 * random.nextDouble() - 1) * bound;
        }
      }
      w.assign(Nd4j.create(values, shape, 'c').castTo(w.dataType()));
    }
  }

  /**
   * Dense [nIn, nOut]: nIn; convolution [out, in, kh, kw] (and transposed [in, out, kh, kw]):
   * in·kh·kw.
   */
  private static long fanIn(long[] shape) {
    return shape.length == 2 ? shape[0] : shape[1] * shape[2] * shape[3];
  }

  private static long fanOut(long[] shape) {
    return shape.length == 2 ? shape[1] : shape[0] * shape[2] * shape[3];
  }

  /** A 64-bit seed from (run seed, layer name): FNV-1a over the name, mixed with the run seed. */
  static long layerSeed(long seed, String name) {
    long h = 0xcbf29ce484222325L ^ (seed * 0x9E3779B97F4A7C15L);
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h ^= b;
      h *= 0x100000001b3L;
    }
    return h;
  }
}
