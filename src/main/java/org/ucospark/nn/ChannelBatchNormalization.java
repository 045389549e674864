package org.ucospark.nn;

import java.lang.reflect.Field;
import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * DL4J's {@link BatchNormalization}, optionally followed by a ReLU in the same layer ({@link
 * #isRelu}), with the float32 NCHW computation done by {@link ChannelBatchNormHelper} instead of
 * the oneDNN helper (the reason and the formulas are there). The layer's parameters (γ, β, running
 * mean and log10 σ) and DL4J's update of the running averages are DL4J's, so checkpoints, parameter
 * averaging and {@code PairedInitializer} see a DL4J batch-norm layer. Float64 networks take DL4J's
 * built-in batch norm, and {@link Impl} applies the ReLU around it.
 *
 * <p>Why the ReLU lives here: DL4J's separate activation layer copies its input in the forward pass
 * and again in the backward pass; fused, the ReLU is one comparison inside passes the batch norm
 * makes anyway (docs/PERFORMANCE.md, issue 18).
 */
public class ChannelBatchNormalization extends BatchNormalization {
  /** Whether y = max(0, BN(x)) rather than BN(x). */
  private boolean relu;

  /** DL4J's builder defaults (also what Jackson uses when reading a saved configuration). */
  public ChannelBatchNormalization() {
    super();
  }

  /**
   * A layer with DL4J's defaults except the running-average decay and ε, followed by a ReLU if
   * {@code relu}.
   */
  public static ChannelBatchNormalization of(double decay, double eps, boolean relu) {
    ChannelBatchNormalization layer = new ChannelBatchNormalization();
    layer.setDecay(decay);
    layer.setEps(eps);
    layer.setRelu(relu);
    return layer;
  }

  public boolean isRelu() {
    return relu;
  }

  public void setRelu(boolean relu) {
    this.relu = relu;
  }

  @Override
  public boolean equals(Object o) {
    return super.equals(o) && o instanceof ChannelBatchNormalization c && c.relu == relu;
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + Boolean.hashCode(relu);
  }

  @Override
  public Layer instantiate(
      NeuralNetConfiguration conf,
      Collection<TrainingListener> trainingListeners,
      int layerIndex,
      INDArray layerParamsView,
      boolean initializeParams,
      DataType networkDataType) {
    LayerValidation.assertNOutSet(
        "ChannelBatchNormalization", getLayerName(), layerIndex, getNOut());
    return LayerWiring.wire(
        new Impl(conf, networkDataType),
        this,
        conf,
        trainingListeners,
        layerIndex,
        layerParamsView,
        initializeParams);
  }

  /**
   * DL4J's batch-norm layer with {@link ChannelBatchNormHelper} as its helper, and the ReLU around
   * DL4J's built-in path where the helper declines (float64).
   */
  public static final class Impl
      extends org.deeplearning4j.nn.layers.normalization.BatchNormalization {
    private static final Field HELPER = helperField();
    private final boolean relu;

    Impl(NeuralNetConfiguration conf, DataType dataType) {
      super(conf, dataType);
      relu = ((ChannelBatchNormalization) conf.getLayer()).isRelu();
      // DL4J chooses the helper in a package-private method and keeps it in a package-private
      // field, read by preOutput and backpropGradient; replacing it is the one way in.
      try {
        HELPER.set(this, new ChannelBatchNormHelper(relu));
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot install the batch-norm helper", e);
      }
    }

    private static Field helperField() {
      try {
        Field f =
            org.deeplearning4j.nn.layers.normalization.BatchNormalization.class.getDeclaredField(
                "helper");
        f.setAccessible(true);
        return f;
      } catch (NoSuchFieldException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    /** Whether DL4J's built-in path runs, so that the ReLU is this class's job. */
    private boolean reluOutsideHelper() {
      return relu && !ChannelBatchNormHelper.supported(dataType, layerConf().getCnn2DFormat());
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
      INDArray out = super.activate(training, workspaceMgr);
      return reluOutsideHelper() ? Transforms.relu(out, false) : out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(
        INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
      if (reluOutsideHelper()) {
        // the ReLU's mask from the batch norm's output, recomputed (float64 path only)
        INDArray z = preOutput(input, Layer.TrainingMode.TRAIN, workspaceMgr);
        epsilon = epsilon.mul(z.gt(0.0).castTo(epsilon.dataType()));
      }
      return super.backpropGradient(epsilon, workspaceMgr);
    }
  }
}
