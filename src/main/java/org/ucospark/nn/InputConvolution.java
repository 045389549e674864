package org.ucospark.nn;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Im2col;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A convolution whose input is the network's input: DL4J's {@link ConvolutionLayer} (same
 * parameters, forward pass, serialised settings), except that its backward pass computes only the
 * weight and bias gradients and returns no gradient at the input, which nothing reads.
 *
 * <p>Why: libnd4j's {@code conv2d_bp}, which DL4J's oneDNN helper calls, always computes the input
 * gradient too; for the backbone's first 5×5 convolution of one input channel (padded to 16 in
 * oneDNN's blocked layout) that is the most expensive part of its backward pass, plus the reorders
 * around it (docs/PERFORMANCE.md, issue 18). Here ∂L/∂W[o, c, u, v] = Σ_{n, p, q} δ[n, o, p, q] ·
 * x[n, c, p·s + u, q·s + v] is, per example, the product δ_n [C_out, P·Q] × col_n^T [P·Q, C·k²] of
 * the output gradient with the input's im2col patches, accumulated into the weight-gradient view by
 * GEMM; ∂L/∂b[o] = Σ_{n, p, q} δ[n, o, p, q]. Float32 and float64, NCHW, any stride, padding and
 * dilation of a {@link ConvolutionMode#Truncate} convolution; other settings take DL4J's own
 * backward pass.
 */
public class InputConvolution extends ConvolutionLayer {

  /** For Jackson, reading a saved configuration. */
  public InputConvolution() {
    super();
  }

  private InputConvolution(ConvolutionLayer.Builder builder) {
    super(builder);
  }

  /** The layer {@code builder} describes (validated as DL4J's builder validates it). */
  public static InputConvolution of(ConvolutionLayer.Builder builder) {
    builder.build();
    return new InputConvolution(builder);
  }

  @Override
  public Layer instantiate(
      NeuralNetConfiguration conf,
      Collection<TrainingListener> trainingListeners,
      int layerIndex,
      INDArray layerParamsView,
      boolean initializeParams,
      DataType networkDataType) {
    LayerValidation.assertNInNOutSet(
        "InputConvolution", getLayerName(), layerIndex, getNIn(), getNOut());
    return LayerWiring.wire(
        new Impl(conf, networkDataType),
        this,
        conf,
        trainingListeners,
        layerIndex,
        layerParamsView,
        initializeParams);
  }

  /** DL4J's convolution layer with {@link WeightsOnlyHelper} in front of its helper. */
  public static final class Impl extends org.deeplearning4j.nn.layers.convolution.ConvolutionLayer {
    Impl(NeuralNetConfiguration conf, DataType dataType) {
      super(conf, dataType);
      helper = new WeightsOnlyHelper(helper);
    }
  }

  /**
   * Forward through DL4J's helper (oneDNN), if any; backward computing the parameter gradients
   * only.
   */
  static final class WeightsOnlyHelper implements ConvolutionHelper {
    private final ConvolutionHelper forward;

    WeightsOnlyHelper(ConvolutionHelper forward) {
      this.forward = forward;
    }

    @Override
    public boolean checkSupported() {
      return true;
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
      return forward == null ? Map.of() : forward.helperMemoryUse();
    }

    @Override
    public INDArray preOutput(
        INDArray input,
        INDArray weights,
        INDArray bias,
        int[] kernel,
        int[] strides,
        int[] pad,
        AlgoMode mode,
        FwdAlgo fwdAlgo,
        ConvolutionMode convolutionMode,
        int[] dilation,
        CNN2DFormat format,
        LayerWorkspaceMgr workspaceMgr) {
      return forward == null
          ? null
          : forward.preOutput(
              input,
              weights,
              bias,
              kernel,
              strides,
              pad,
              mode,
              fwdAlgo,
              convolutionMode,
              dilation,
              format,
              workspaceMgr);
    }

    @Override
    public INDArray activate(INDArray z, IActivation afn, boolean training) {
      return forward == null ? null : forward.activate(z, afn, training);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(
        INDArray input,
        INDArray weights,
        INDArray bias,
        INDArray delta,
        int[] kernel,
        int[] strides,
        int[] pad,
        INDArray biasGradView,
        INDArray weightGradView,
        IActivation afn,
        AlgoMode mode,
        BwdFilterAlgo bwdFilterAlgo,
        BwdDataAlgo bwdDataAlgo,
        ConvolutionMode convolutionMode,
        int[] dilation,
        CNN2DFormat format,
        LayerWorkspaceMgr workspaceMgr) {
      if (format != CNN2DFormat.NCHW || convolutionMode == ConvolutionMode.Same) return null;
      long n = input.size(0);
      long outH = delta.size(2);
      long outW = delta.size(3);
      long patch = input.size(1) * kernel[0] * kernel[1];
      INDArray col =
          workspaceMgr.createUninitialized(
              ArrayType.BP_WORKING_MEM,
              input.dataType(),
              new long[] {n, input.size(1), kernel[0], kernel[1], outH, outW},
              'c');
      Conv2DConfig config =
          Conv2DConfig.builder()
              .kH(kernel[0])
              .kW(kernel[1])
              .sH(strides[0])
              .sW(strides[1])
              .pH(pad[0])
              .pW(pad[1])
              .dH(dilation[0])
              .dW(dilation[1])
              .build();
      Nd4j.exec(
          Im2col.builder()
              .inputArrays(new INDArray[] {input})
              .outputs(new INDArray[] {col})
              .conv2DConfig(config)
              .build());
      INDArray cols = col.reshape('c', n, patch, outH * outW);
      INDArray d = delta.reshape('c', n, delta.size(1), outH * outW);
      // [C_out, C·k·k] over the gradient view itself (DL4J's weight layout [C_out, C, k, k], 'c')
      INDArray dW =
          Shape.newShapeNoCopy(weightGradView, new long[] {weightGradView.size(0), patch}, false);
      if (dW == null) throw new IllegalStateException("weight gradient view is not contiguous");
      // one batched product [N, C_out, P·Q] × [N, P·Q, C·k²] → [N, C_out, C·k²], summed over N
      dW.assign(Nd4j.matmul(d, cols, false, true, false).sum(0));
      Gradient g = new DefaultGradient();
      if (biasGradView != null) {
        biasGradView.assign(d.sum(2).sum(0).reshape(biasGradView.shape()));
        g.gradientForVariable().put(ConvolutionParamInitializer.BIAS_KEY, biasGradView);
      }
      g.gradientForVariable().put(ConvolutionParamInitializer.WEIGHT_KEY, weightGradView);
      return new Pair<>(g, null);
    }
  }
}
