package org.ucospark.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ucospark.nn.Dl4jBackend;

class LayersTest {
  static {
    Dl4jBackend.configure();
  }

  private static MultiLayerNetwork single(Layer layer, int channels, int side) {
    MultiLayerConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .seed(1)
            .dataType(DataType.DOUBLE)
            .convolutionMode(ConvolutionMode.Truncate)
            .list()
            .layer(layer)
            .setInputType(InputType.convolutional(side, side, channels))
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    net.initGradientsView();
    return net;
  }

  /**
   * The decoder's transposed convolution (docs/ALGORITHMS.md §2.3: stride 1, no padding, the map
   * grows by k − 1) is the padded convolution with the kernel channel-transposed and rotated by
   * 180°: same output, same gradient at the input, and weight gradients that map onto each other
   * the same way (DL4J's {@code Deconvolution2D} as the reference; float64, a bias and relu
   * included).
   */
  @ParameterizedTest
  @ValueSource(ints = {3, 5})
  void transposedConvolutionEqualsDl4jDeconvolution(int k) {
    int in = 3;
    int out = 4;
    int side = 6;
    MultiLayerNetwork deconv =
        single(
            new Deconvolution2D.Builder(k, k)
                .stride(1, 1)
                .nIn(in)
                .nOut(out)
                .activation(Activation.RELU)
                .build(),
            in,
            side);
    MultiLayerNetwork conv = single(Layers.tconv(k, out, Activation.RELU), in, side);
    Nd4j.getRandom().setSeed(3);
    INDArray kernel = deconv.getLayer(0).getParam("W");
    assertArrayEquals(new long[] {in, out, k, k}, kernel.shape());
    kernel.assign(Nd4j.randn(DataType.DOUBLE, kernel.shape()));
    deconv.getLayer(0).getParam("b").assign(Nd4j.randn(DataType.DOUBLE, 1, out));
    conv.getLayer(0).getParam("W").assign(rotate(kernel));
    conv.getLayer(0).getParam("b").assign(deconv.getLayer(0).getParam("b"));

    INDArray x = Nd4j.randn(DataType.DOUBLE, 2, in, side, side);
    LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
    deconv.getLayer(0).setInput(x, ws);
    conv.getLayer(0).setInput(x, ws);
    INDArray yRef = deconv.getLayer(0).activate(true, ws);
    INDArray y = conv.getLayer(0).activate(true, ws);
    assertArrayEquals(new long[] {2, out, side + k - 1, side + k - 1}, y.shape());
    assertClose(yRef, y, "output");

    INDArray eps = Nd4j.randn(DataType.DOUBLE, y.shape());
    Pair<Gradient, INDArray> ref = deconv.getLayer(0).backpropGradient(eps, ws);
    Pair<Gradient, INDArray> got = conv.getLayer(0).backpropGradient(eps, ws);
    assertClose(ref.getSecond(), got.getSecond(), "input gradient");
    assertClose(
        rotate(ref.getFirst().getGradientFor("W")),
        got.getFirst().getGradientFor("W"),
        "weight gradient");
    assertClose(
        ref.getFirst().getGradientFor("b"), got.getFirst().getGradientFor("b"), "bias gradient");
  }

  /** W[o, i, u, v] = K[i, o, k−1−u, k−1−v]. */
  private static INDArray rotate(INDArray kernel) {
    long[] s = kernel.shape();
    INDArray w = Nd4j.create(DataType.DOUBLE, s[1], s[0], s[2], s[3]);
    for (int i = 0; i < s[0]; i++) {
      for (int o = 0; o < s[1]; o++) {
        for (int u = 0; u < s[2]; u++) {
          for (int v = 0; v < s[3]; v++) {
            w.putScalar(
                new int[] {o, i, u, v},
                kernel.getDouble(i, o, (int) s[2] - 1 - u, (int) s[3] - 1 - v));
          }
        }
      }
    }
    return w;
  }

  private static void assertClose(INDArray expected, INDArray actual, String what) {
    assertArrayEquals(expected.shape(), actual.shape(), what);
    double scale = expected.norm2Number().doubleValue();
    double diff =
        expected
            .castTo(DataType.DOUBLE)
            .sub(actual.castTo(DataType.DOUBLE))
            .norm2Number()
            .doubleValue();
    assertTrue(
        scale > 0 && diff <= 1e-9 * scale, what + ": |Δ| = " + diff + ", |expected| = " + scale);
  }
}
