package org.ucospark.model;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.ucospark.nn.ChannelBatchNormalization;
import org.ucospark.nn.Dl4jBackend;
import org.ucospark.nn.InputConvolution;

/**
 * The layer names every builder shares, the Keras-default layers of docs/ALGORITHMS.md §2 and the
 * two pieces several networks reuse: the cnn_small encoder and its transposed decoder. Shared names
 * matter: the {@link Objective}'s terms read block outputs and assignments by name, and {@link
 * PairedInitializer} gives a layer the same initial weights in every variant that has it.
 */
public final class Layers {
  public static final String INPUT = "input";

  /** X_1 and X_2, the block outputs UCO acts on. */
  public static final String BLOCK1 = "block1";

  public static final String BLOCK2 = "block2";

  /** Soft assignments A (DDC) or Q (DEC), [B,K]. */
  public static final String ASSIGNMENTS = "assignments";

  /** DDC's hidden representation H (dense 100, relu, batch norm), the embedding of its runs. */
  public static final String HIDDEN = "hidden";

  /** The DEC family's bottleneck z, on which k-means finds the centroids. */
  public static final String BOTTLENECK = "bottleneck";

  /** OHC's embedding z. */
  public static final String EMBEDDING = "embedding";

  /** OHC's costs C_ik = ‖z_i − μ_k‖²/σ [B,K]. */
  public static final String COSTS = "costs";

  /** The decoder's last layer, the reconstruction x̂. */
  public static final String DECODER_OUTPUT = "dec_out";

  /**
   * Output (loss) layer names; each is also the name of its loss term except the UCO heads
   * ("uco/l").
   */
  public static final String RECONSTRUCT_OUTPUT = org.ucospark.nn.ReconstructionLoss.TERM;

  public static final String KL_OUTPUT = org.ucospark.nn.KlDivergenceLoss.TERM;
  public static final String OHC_OUTPUT = "ohc";

  /** The DDC head, which computes ddc_1, ddc_2 and ddc_3. */
  public static final String DDC_OUTPUT = "ddc";

  private static final double BN_DECAY = 0.99;
  private static final double BN_EPS = 1e-3;

  static {
    Dl4jBackend.configure();
  }

  private Layers() {}

  /** Block output X_{l+1} for 0-based l: {@link #BLOCK1}, {@link #BLOCK2}, … */
  public static String block(int l) {
    return "block" + (l + 1);
  }

  /** Output layer name of the UCO head on block output l (0-based); its loss term is "uco/l". */
  public static String ucoOutput(int block) {
    return "uco_" + block;
  }

  /**
   * Adam, per-tensor clipping (docs/ALGORITHMS.md §4), Glorot-uniform kernels, zero biases,
   * unpadded convolutions.
   */
  public static ComputationGraphConfiguration.GraphBuilder graph(
      ModelParams params, DataType dataType) {
    OptimizerParams opt = params.optimizer();
    NeuralNetConfiguration.Builder base =
        new NeuralNetConfiguration.Builder()
            .seed(params.seed())
            .dataType(dataType)
            .updater(new Adam(opt.learningRate(), opt.beta1(), opt.beta2(), opt.epsilon()))
            .weightInit(WeightInit.XAVIER_UNIFORM)
            .biasInit(0.0)
            .convolutionMode(ConvolutionMode.Truncate)
            .cacheMode(CacheMode.DEVICE);
    if (opt.clipNorm() > 0) {
      base.gradientNormalization(GradientNormalization.ClipL2PerParamType)
          .gradientNormalizationThreshold(opt.clipNorm());
    }
    InputShape in = params.input();
    return base.graphBuilder()
        .addInputs(INPUT)
        .setInputTypes(InputType.convolutional(in.height(), in.width(), in.channels()));
  }

  /**
   * cnn_small (docs/ALGORITHMS.md §2): conv 5×5×32 + relu → conv 5×5×32 → batchnorm → relu ⇒ X_1
   * ({@link #BLOCK1}); maxpool 2 → conv 3×3×32 + relu → conv 3×3×32 → batchnorm → relu ("bn2_relu")
   * → maxpool 2 ⇒ X_2 ({@link #BLOCK2}). Each batchnorm → relu pair is one layer ({@link
   * #batchNormRelu}).
   */
  static void addCnnSmall(ComputationGraphConfiguration.GraphBuilder g) {
    g.addLayer("conv1a", inputConv(5, InputShape.BLOCK_CHANNELS, Activation.RELU), INPUT)
        .addLayer("conv1b", conv(5, InputShape.BLOCK_CHANNELS, Activation.IDENTITY), "conv1a")
        .addLayer(BLOCK1, batchNormRelu(), "conv1b")
        .addLayer("pool1", maxPool(), BLOCK1)
        .addLayer("conv2a", conv(3, InputShape.BLOCK_CHANNELS, Activation.RELU), "pool1")
        .addLayer("conv2b", conv(3, InputShape.BLOCK_CHANNELS, Activation.IDENTITY), "conv2a")
        .addLayer("bn2_relu", batchNormRelu(), "conv2b")
        .addLayer(BLOCK2, maxPool(), "bn2_relu");
  }

  /**
   * cnn_small_transposed from a [32, h, w] map (docs/ALGORITHMS.md §2): upsample ×2 → tconv 3×3×32
   * + relu → tconv 3×3×32 → batchnorm → relu ("dec_bn1_relu", one layer) → upsample ×2 → tconv
   * 5×5×32 + relu → tconv 5×5×C (linear) = {@link #DECODER_OUTPUT}, which has the input's shape.
   */
  static void addCnnDecoder(
      ComputationGraphConfiguration.GraphBuilder g, String from, InputShape in) {
    g.addLayer("dec_up1", new Upsampling2D.Builder(2).build(), from)
        .addLayer("dec_tconv1a", tconv(3, InputShape.BLOCK_CHANNELS, Activation.RELU), "dec_up1")
        .addLayer(
            "dec_tconv1b", tconv(3, InputShape.BLOCK_CHANNELS, Activation.IDENTITY), "dec_tconv1a")
        .addLayer("dec_bn1_relu", batchNormRelu(), "dec_tconv1b")
        .addLayer("dec_up2", new Upsampling2D.Builder(2).build(), "dec_bn1_relu")
        .addLayer("dec_tconv2a", tconv(5, InputShape.BLOCK_CHANNELS, Activation.RELU), "dec_up2")
        .addLayer(DECODER_OUTPUT, tconv(5, in.channels(), Activation.IDENTITY), "dec_tconv2a");
  }

  /** X_1 and X_2 shapes without the batch axis: MLP [500], [2000]; cnn_small's of the input. */
  static java.util.List<long[]> blockShapes(ModelParams params) {
    if (params.variant().encoder() == ModelVariant.Encoder.MLP) {
      return java.util.List.of(new long[] {500}, new long[] {2000});
    }
    return java.util.List.of(params.input().block1(), params.input().block2());
  }

  /** A new graph of {@code configuration}, initialised with paired weights for {@code seed}. */
  static ComputationGraph create(ComputationGraphConfiguration configuration, long seed) {
    ComputationGraph graph = new ComputationGraph(configuration);
    graph.init();
    PairedInitializer.apply(graph, seed);
    return graph;
  }

  /** A loss layer of {@code loss} on its input as it is (identity activation). */
  public static LossLayer lossLayer(ILossFunction loss) {
    return new LossLayer.Builder(loss).activation(Activation.IDENTITY).build();
  }

  /** A dense layer of the Keras defaults (Glorot-uniform kernel, zero bias). */
  public static DenseLayer dense(int nOut, Activation activation) {
    return new DenseLayer.Builder().nOut(nOut).activation(activation).build();
  }

  static ConvolutionLayer conv(int k, int nOut, Activation activation) {
    return convBuilder(k, nOut, activation).build();
  }

  /**
   * {@link #conv} for a layer reading the network's input: its backward pass skips the gradient at
   * the input, which nothing uses ({@link InputConvolution}).
   */
  static ConvolutionLayer inputConv(int k, int nOut, Activation activation) {
    return InputConvolution.of(convBuilder(k, nOut, activation));
  }

  private static ConvolutionLayer.Builder convBuilder(int k, int nOut, Activation activation) {
    return new ConvolutionLayer.Builder(k, k).stride(1, 1).nOut(nOut).activation(activation);
  }

  /**
   * A k×k transposed convolution, stride 1, no cropping (Keras' {@code
   * Conv2DTranspose(padding="valid")}, docs/ALGORITHMS.md §2; output side = input side + k − 1),
   * computed as the convolution it equals: zero padding k − 1 on every side and the kernel
   * transposed in its channels and rotated by 180°, y[o, p, q] = Σ_{i,u,v} x[i, p − u, q − v] K[i,
   * o, u, v] = Σ_{i,u,v} x_pad[i, p + u, q + v] W[o, i, u, v] with W[o, i, u, v] = K[i, o, k−1−u,
   * k−1−v]. Glorot-uniform draws W from the same law as K (fan_in + fan_out is the same sum), so
   * the model is the same. Why not {@code Deconvolution2D}: in DL4J M2.1 it has no cached forward
   * and runs oneDNN's slow deconvolution path plus blocked-layout reorders, 3–4× the cost of the
   * equivalent convolution per step (docs/PERFORMANCE.md, 2026-12-02 profile). Networks saved with
   * the old layer keep it (their configuration travels in the checkpoint).
   */
  static ConvolutionLayer tconv(int k, int nOut, Activation activation) {
    return new ConvolutionLayer.Builder(k, k)
        .stride(1, 1)
        .padding(k - 1, k - 1)
        .nOut(nOut)
        .activation(activation)
        .build();
  }

  /**
   * Keras' batch normalisation (momentum 0.99, ε 1e-3; docs/ALGORITHMS.md §2) followed by a ReLU,
   * as one {@link ChannelBatchNormalization} layer: DL4J's batch-norm parameters and running
   * averages, computed in fused per-channel passes with the ReLU inside them.
   */
  static BatchNormalization batchNormRelu() {
    return ChannelBatchNormalization.of(BN_DECAY, BN_EPS, true);
  }

  /** The same batch normalisation without the ReLU (the DDC head's hidden layer). */
  static BatchNormalization batchNorm() {
    return ChannelBatchNormalization.of(BN_DECAY, BN_EPS, false);
  }

  static SubsamplingLayer maxPool() {
    return new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build();
  }
}
