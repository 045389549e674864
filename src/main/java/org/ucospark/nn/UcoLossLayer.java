package org.ucospark.nn;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.ucospark.loss.LossParams;
import org.ucospark.loss.UcoLoss;

/**
 * UCO loss output layer for one block output X_l (docs/ALGORITHMS.md §3.4): score = lambda · weight
 * · d_cs(A, K_l), K_l the naive or tensor kernel of X_l (see {@link UcoLoss}). Input =
 * MergeVertex(flattened X_l [B, prod(blockShape)], A [B,clusters]) in that order; X_l is flattened
 * c-order from [B, blockShape...] (DL4J's {@code CnnToFeedForwardPreProcessor} on NCHW activations
 * does exactly that, e.g. a {@code PreprocessorVertex}). {@code weight} is w_l of the weighting
 * schedule (compute it with {@link LossParams.Weighting#weight}). When {@code assignmentGradient}
 * is false the gradient w.r.t. A is zero (uco_assignment_gradient = false).
 *
 * <p>Wiring (as {@code org.ucospark.model.LossHeads} writes it from the model's {@code Objective},
 * which gives every value): {@code .addVertex("x1_flat", new PreprocessorVertex(new
 * CnnToFeedForwardPreProcessor(20, 20, 32)), "x1").addVertex("uco0_in", new MergeVertex(),
 * "x1_flat", "assign").addLayer("uco0", new UcoLossLayer.Builder().blockShape(32, 20,
 * 20).clusters(10).kernel(kernel).weight(w_l).lambda(λ)
 * .assignmentGradient(…).relSigma(…).distanceGradient(…).build(), "uco0_in")}, output "uco0" with a
 * dummy label [B,1]; its activations are A.
 */
public class UcoLossLayer extends ExplicitLossLayer {
  // no defaults here: the builder takes every value from the model's Objective (reference.conf's
  // loss.* keys)
  private long[] blockShape;
  private String kernel;
  private double weight = Double.NaN;
  private double lambda = Double.NaN;
  private boolean assignmentGradient;

  public UcoLossLayer() {}

  private UcoLossLayer(Builder b) {
    super(b);
    this.blockShape = b.blockShape.clone();
    this.kernel = b.kernel;
    this.weight = b.weight;
    this.lambda = b.lambda;
    this.assignmentGradient = b.assignmentGradient;
  }

  public long[] getBlockShape() {
    return blockShape;
  }

  public void setBlockShape(long[] blockShape) {
    this.blockShape = blockShape;
  }

  public String getKernel() {
    return kernel;
  }

  public void setKernel(String kernel) {
    this.kernel = kernel;
  }

  public double getWeight() {
    return weight;
  }

  public void setWeight(double weight) {
    this.weight = weight;
  }

  public double getLambda() {
    return lambda;
  }

  public void setLambda(double lambda) {
    this.lambda = lambda;
  }

  public boolean isAssignmentGradient() {
    return assignmentGradient;
  }

  public void setAssignmentGradient(boolean assignmentGradient) {
    this.assignmentGradient = assignmentGradient;
  }

  public long blockSize() {
    long n = 1;
    for (long s : blockShape) n *= s;
    return n;
  }

  @Override
  public long inputSize() {
    return blockSize() + clusters;
  }

  @Override
  public UcoLossLayer clone() {
    UcoLossLayer c = (UcoLossLayer) super.clone();
    if (blockShape != null) c.blockShape = blockShape.clone();
    return c;
  }

  @Override
  protected ExplicitLossLayerImpl<?> newImpl(
      NeuralNetConfiguration conf, DataType networkDataType) {
    return new Impl(conf, networkDataType);
  }

  /** Runtime layer. */
  public static class Impl extends ExplicitLossLayerImpl<UcoLossLayer> {
    public Impl(NeuralNetConfiguration conf, DataType dataType) {
      super(conf, dataType);
    }

    @Override
    protected Pair<Double, INDArray> lossAndGradient(INDArray in, boolean grads) {
      UcoLossLayer c = layerConf();
      long b = in.size(0);
      long n = c.blockSize();
      long[] shape = new long[c.getBlockShape().length + 1];
      shape[0] = b;
      System.arraycopy(c.getBlockShape(), 0, shape, 1, c.getBlockShape().length);
      INDArray x =
          in.get(NDArrayIndex.all(), NDArrayIndex.interval(0, n)).dup('c').reshape('c', shape);
      INDArray a =
          in.get(NDArrayIndex.all(), NDArrayIndex.interval(n, n + c.getClusters())).dup('c');
      UcoLoss.Result r =
          UcoLoss.compute(
              a,
              x,
              LossParams.KernelType.parse(c.getKernel()),
              c.getLambda() * c.getWeight(),
              c.getRelSigma(),
              sigmaOrNaN(),
              c.isAssignmentGradient(),
              grads,
              c.distanceGradientMode());
      // the term of head "uco_l" is "uco/l" (Layers.ucoOutput)
      rememberTerms(java.util.Map.of(c.getLayerName().replace('_', '/'), r.value()));
      if (!grads) return new Pair<>(r.value(), null);
      INDArray gx = r.gradX().reshape('c', b, n);
      INDArray ga = r.gradA() != null ? r.gradA() : Nd4j.zeros(a.dataType(), a.shape());
      // the term of head "uco_l" is "uco/l" (Layers.ucoOutput)
      double selected = TermSelection.weight(c.getLayerName().replace('_', '/'));
      return new Pair<>(
          r.value(), selected == 1 ? Nd4j.hstack(gx, ga) : Nd4j.hstack(gx, ga).muli(selected));
    }
  }

  /** Builder. */
  public static class Builder extends ExplicitLossLayer.Builder<Builder> {
    private long[] blockShape;
    private String kernel;
    private double weight = Double.NaN;
    private double lambda = Double.NaN;
    private Boolean assignmentGradient;

    /** Shape of X_l without the batch axis, e.g. (32, 20, 20). */
    public Builder blockShape(long... v) {
      blockShape = v.clone();
      return this;
    }

    /** "naive" or "tensor" ({@code loss.uco_kernel}, required). */
    public Builder kernel(String v) {
      LossParams.KernelType.parse(v);
      kernel = v.toLowerCase();
      return this;
    }

    /** w_l (required). */
    public Builder weight(double v) {
      weight = v;
      return this;
    }

    /** λ ({@code loss.uco_lambda}, required). */
    public Builder lambda(double v) {
      lambda = v;
      return this;
    }

    /** {@code loss.uco_assignment_gradient} (required). */
    public Builder assignmentGradient(boolean v) {
      assignmentGradient = v;
      return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public UcoLossLayer build() {
      if (blockShape == null || blockShape.length == 0 || clusters < 2)
        throw new IllegalArgumentException(
            "blockShape and clusters >= 2 required: " + Arrays.toString(blockShape));
      if (kernel == null
          || Double.isNaN(weight)
          || Double.isNaN(lambda)
          || assignmentGradient == null)
        throw new IllegalArgumentException(
            "kernel, weight, lambda and assignmentGradient required");
      checkLossSettings();
      return new UcoLossLayer(this);
    }
  }
}
