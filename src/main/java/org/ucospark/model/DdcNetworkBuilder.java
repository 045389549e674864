package org.ucospark.model;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
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
import org.ucospark.nn.Dl4jBackend;
import org.ucospark.nn.LossHeads;
import org.ucospark.nn.ReconstructionLoss;

/**
 * The DDC-family network as one DL4J {@link ComputationGraph} (spec section 2), for every input shape:
 *
 * <pre>
 * input ─ cnn_small ─┬─ X_1 (block1) ────────────────────────────────────── [uco_0]
 *                    └─ X_2 (block2) ─┬─ dense 100 relu ─ bn ⇒ H (hidden) ─┐
 *                                     │          dense K softmax ⇒ A ──────┴─ [ddc]   (+ A into each uco head)
 *                                     └─ cnn_small_transposed ──────────────────────── [reconstruct]
 * </pre>
 *
 * Layer defaults follow the authors' Keras code: Glorot-uniform kernels, zero biases, batch-norm momentum
 * 0.99 and ε 1e-3, 2×2 max-pooling stride 2, nearest-neighbour upsampling, stride-1 unpadded (transposed)
 * convolutions. The variant decides which loss heads exist; every variant shares the layer names of the
 * backbone and the DDC head, which {@link PairedInitializer} uses to give them identical initial weights.
 */
public final class DdcNetworkBuilder {
  public static final String INPUT = "input";
  public static final String BLOCK1 = "block1";
  public static final String BLOCK2 = "block2";
  public static final String HIDDEN = "hidden";
  public static final String ASSIGNMENTS = "assignments";
  public static final String DDC_OUTPUT = "ddc";
  public static final String RECONSTRUCT_OUTPUT = "reconstruct";
  public static final String DECODER_OUTPUT = "dec_out";
  private static final double BN_DECAY = 0.99;
  private static final double BN_EPS = 1e-3;

  static {
    Dl4jBackend.configure();
  }

  private DdcNetworkBuilder() {}

  /** Output layer name of the UCO head on block output l (0-based); its loss term is "uco/l". */
  public static String ucoOutput(int block) {
    return "uco_" + block;
  }

  /** The graph configuration of {@code params.variant()}. */
  public static ComputationGraphConfiguration configuration(DdcModelParams params) {
    return configuration(params, DataType.FLOAT);
  }

  public static ComputationGraphConfiguration configuration(DdcModelParams params, DataType dataType) {
    InputShape in = params.input();
    OptimizerParams opt = params.optimizer();
    NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
        .seed(params.seed())
        .dataType(dataType)
        .updater(new Adam(opt.learningRate(), opt.beta1(), opt.beta2(), opt.epsilon()))
        .weightInit(WeightInit.XAVIER_UNIFORM)
        .biasInit(0.0)
        .convolutionMode(ConvolutionMode.Truncate);
    if (opt.clipNorm() > 0) {
      base.gradientNormalization(GradientNormalization.ClipL2PerParamType)
          .gradientNormalizationThreshold(opt.clipNorm());
    }
    ComputationGraphConfiguration.GraphBuilder g = base.graphBuilder()
        .addInputs(INPUT)
        .setInputTypes(InputType.convolutional(in.height(), in.width(), in.channels()));

    // cnn_small, block 1: conv 5x5x32 + relu -> conv 5x5x32 -> batchnorm -> relu  => X_1
    g.addLayer("conv1a", conv(5, InputShape.BLOCK_CHANNELS, Activation.RELU), INPUT)
        .addLayer("conv1b", conv(5, InputShape.BLOCK_CHANNELS, Activation.IDENTITY), "conv1a")
        .addLayer("bn1", batchNorm(), "conv1b")
        .addLayer(BLOCK1, relu(), "bn1");
    // block 2: maxpool 2 -> conv 3x3x32 + relu -> conv 3x3x32 -> batchnorm -> relu -> maxpool 2  => X_2
    g.addLayer("pool1", maxPool(), BLOCK1)
        .addLayer("conv2a", conv(3, InputShape.BLOCK_CHANNELS, Activation.RELU), "pool1")
        .addLayer("conv2b", conv(3, InputShape.BLOCK_CHANNELS, Activation.IDENTITY), "conv2a")
        .addLayer("bn2", batchNorm(), "conv2b")
        .addLayer("relu2", relu(), "bn2")
        .addLayer(BLOCK2, maxPool(), "relu2");
    // DDC head: (flatten) dense 100 + relu -> batchnorm => H; dense K + softmax => A
    g.addLayer("dense_hidden", new DenseLayer.Builder().nOut(params.hiddenSize()).activation(Activation.RELU).build(),
            BLOCK2)
        .addLayer(HIDDEN, batchNorm(), "dense_hidden")
        .addLayer(ASSIGNMENTS, new DenseLayer.Builder().nOut(params.clusters()).activation(Activation.SOFTMAX).build(),
            HIDDEN);

    List<String> outputs = new ArrayList<>();
    outputs.add(LossHeads.addDdc(g, DDC_OUTPUT, HIDDEN, ASSIGNMENTS, params));
    if (params.variant().hasUco()) {
      String[] blocks = {BLOCK1, BLOCK2};
      long[][] shapes = {in.block1(), in.block2()};
      for (int l = 0; l < blocks.length; l++) {
        outputs.add(LossHeads.addUco(g, ucoOutput(l), blocks[l], shapes[l], ASSIGNMENTS, l + 1, blocks.length, params));
      }
    }
    if (params.variant().hasDecoder()) {
      addDecoder(g, in);
      g.addLayer(RECONSTRUCT_OUTPUT, new LossLayer.Builder(new ReconstructionLoss(params.reconstructionWeight()))
          .activation(Activation.IDENTITY).build(), DECODER_OUTPUT);
      outputs.add(RECONSTRUCT_OUTPUT);
    }
    return g.setOutputs(outputs.toArray(String[]::new)).build();
  }

  /**
   * cnn_small_transposed from the unflattened X_2: upsample ×2 → tconv 3×3×32 + relu → tconv 3×3×32 →
   * batchnorm → relu → upsample ×2 → tconv 5×5×32 + relu → tconv 5×5×C (linear); output has the input's shape.
   */
  private static void addDecoder(ComputationGraphConfiguration.GraphBuilder g, InputShape in) {
    g.addLayer("dec_up1", new Upsampling2D.Builder(2).build(), BLOCK2)
        .addLayer("dec_tconv1a", tconv(3, InputShape.BLOCK_CHANNELS, Activation.RELU), "dec_up1")
        .addLayer("dec_tconv1b", tconv(3, InputShape.BLOCK_CHANNELS, Activation.IDENTITY), "dec_tconv1a")
        .addLayer("dec_bn1", batchNorm(), "dec_tconv1b")
        .addLayer("dec_relu1", relu(), "dec_bn1")
        .addLayer("dec_up2", new Upsampling2D.Builder(2).build(), "dec_relu1")
        .addLayer("dec_tconv2a", tconv(5, InputShape.BLOCK_CHANNELS, Activation.RELU), "dec_up2")
        .addLayer(DECODER_OUTPUT, tconv(5, in.channels(), Activation.IDENTITY), "dec_tconv2a");
  }

  /** A new, initialised network of the variant, with paired initial weights for {@code params.seed()}. */
  public static ComputationGraph create(DdcModelParams params) {
    ComputationGraph graph = new ComputationGraph(configuration(params));
    graph.init();
    PairedInitializer.apply(graph, params.seed());
    return graph;
  }

  private static ConvolutionLayer conv(int k, int nOut, Activation activation) {
    return new ConvolutionLayer.Builder(k, k).stride(1, 1).nOut(nOut).activation(activation).build();
  }

  private static Deconvolution2D tconv(int k, int nOut, Activation activation) {
    return new Deconvolution2D.Builder(k, k).stride(1, 1).nOut(nOut).activation(activation).build();
  }

  private static BatchNormalization batchNorm() {
    return new BatchNormalization.Builder().decay(BN_DECAY).eps(BN_EPS).build();
  }

  private static ActivationLayer relu() {
    return new ActivationLayer.Builder().activation(Activation.RELU).build();
  }

  private static SubsamplingLayer maxPool() {
    return new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build();
  }
}
