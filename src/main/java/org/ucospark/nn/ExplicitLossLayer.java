package org.ucospark.nn;

import java.util.Collection;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.NoParamLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Base configuration of the parameter-free loss heads whose forward and backward are the plain-ND4J
 * functions of {@code org.ucospark.loss} (explicit backward, no autodiff).
 *
 * <p>Input: one feed-forward activation [B, n] (a {@code MergeVertex} of the loss inputs, A last);
 * output activations: the assignments A [B, nClusters] (so {@code graph.output(...)} of the head
 * gives the soft assignments). Labels are required by DL4J but ignored: pass a dummy [B, 1] array.
 *
 * <p>Minibatch accounting (DL4J M2.1): {@code computeScore} returns the spec's batch loss L
 * (already a batch mean/pairwise average — no division by B). DL4J's updater (and {@code
 * GradientCheckUtil}) divides all parameter gradients by the minibatch size B ({@code
 * miniBatch(true)}, the default), because its own losses return per-example sums as gradients. The
 * head therefore returns B·∂L/∂input as its epsilon, so that the effective gradient after that
 * division is exactly ∂L/∂θ, consistent with the score, and consistent when mixed with DL4J's
 * built-in losses (e.g. the MSE reconstruction of DDC-AE). The raw input gradients of {@code
 * ComputationGraph.calculateGradients} are thus B × the fixture gradients. (Networks saved by
 * earlier builds carry a {@code gradientScale} property, always "batch": that scaling; it is
 * ignored when they are read. No network of this project trains with {@code miniBatch(false)}.)
 *
 * <p>Fields are plain Java-bean properties (names match their getters exactly, Jackson round trip
 * tested).
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties({"gradientScale"})
public abstract class ExplicitLossLayer extends NoParamLayer {
  // Belt and braces to org.ucospark.io.Dl4jBackendPlugin: an executor that deserialises this layer
  // from the network's JSON enables the oneDNN helpers before DL4J creates the graph's layers.
  static {
    Dl4jBackend.configure();
  }

  /** Number of clusters K (width of A, the last K input columns). */
  protected int clusters;

  /**
   * Relative bandwidth: σ = relSigma · median(D) ({@code loss.rel_sigma}; no default here:
   * reference.conf's).
   */
  protected double relSigma = Double.NaN;

  /**
   * If &gt; 0, a fixed bandwidth σ used instead of the batch median (for DL4J gradient checks,
   * where perturbed inputs would move the median, which the spec treats as a constant). 0 = median
   * (the spec).
   */
  protected double fixedSigma = 0.0;

  /**
   * How squared-distance matrices of vectors are differentiated: "exact" or "authors" ({@link
   * org.ucospark.loss.LossParams.DistanceGradient}, {@code loss.distance_gradient}). "exact" only
   * for the JSON of networks saved before the setting existed, which were all trained with it;
   * builders must set it.
   */
  protected String distanceGradient = "exact";

  protected ExplicitLossLayer() {}

  /** Copies the settings every explicit loss head shares from its builder. */
  protected ExplicitLossLayer(Builder<?> b) {
    super(b);
    this.clusters = b.clusters;
    this.relSigma = b.relSigma;
    this.fixedSigma = b.fixedSigma;
    this.distanceGradient = b.distanceGradient;
  }

  public int getClusters() {
    return clusters;
  }

  public void setClusters(int clusters) {
    this.clusters = clusters;
  }

  public double getRelSigma() {
    return relSigma;
  }

  public void setRelSigma(double relSigma) {
    this.relSigma = relSigma;
  }

  public double getFixedSigma() {
    return fixedSigma;
  }

  public void setFixedSigma(double fixedSigma) {
    this.fixedSigma = fixedSigma;
  }

  public String getDistanceGradient() {
    return distanceGradient;
  }

  public void setDistanceGradient(String distanceGradient) {
    this.distanceGradient = distanceGradient;
  }

  /** {@link #distanceGradient} as the enum of the loss functions. */
  public org.ucospark.loss.LossParams.DistanceGradient distanceGradientMode() {
    return org.ucospark.loss.LossParams.DistanceGradient.parse(distanceGradient);
  }

  /** Expected input width. */
  public abstract long inputSize();

  /**
   * The runtime layer of this configuration (an {@code ExplicitLossLayerImpl}; typed as DL4J's
   * layer so that the configuration does not depend on its runtime half).
   */
  protected abstract org.deeplearning4j.nn.api.Layer newImpl(
      NeuralNetConfiguration conf, DataType networkDataType);

  @Override
  public org.deeplearning4j.nn.api.Layer instantiate(
      NeuralNetConfiguration conf,
      Collection<TrainingListener> listeners,
      int layerIndex,
      INDArray layerParamsView,
      boolean initializeParams,
      DataType networkDataType) {
    return LayerWiring.wire(
        newImpl(conf, networkDataType),
        this,
        conf,
        listeners,
        layerIndex,
        layerParamsView,
        initializeParams);
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    return InputType.feedForward(clusters);
  }

  @Override
  public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
    return null;
  }

  @Override
  public LayerMemoryReport getMemoryReport(InputType inputType) {
    return new LayerMemoryReport.Builder(
            layerName, getClass(), inputType, getOutputType(-1, inputType))
        .standardMemory(0, 0)
        .workingMemory(0, 0, 0, 0)
        .cacheMemory(0, 0)
        .build();
  }

  /**
   * The builder settings every explicit loss head shares: K, the bandwidth (relative or fixed) and
   * the distance gradient. The values come from the model's {@code Objective}; none has a default
   * here except the test-only ones (reference.conf holds the defaults).
   */
  public abstract static class Builder<T extends Builder<T>>
      extends org.deeplearning4j.nn.conf.layers.Layer.Builder<T> {
    protected int clusters;
    protected double relSigma = Double.NaN;
    protected double fixedSigma = 0.0;
    protected String distanceGradient;

    /** Number of clusters K (at least 2). */
    public T clusters(int v) {
      clusters = v;
      return self();
    }

    /** {@code loss.rel_sigma} (required unless {@link #fixedSigma}). */
    public T relSigma(double v) {
      relSigma = v;
      return self();
    }

    /** Fixed σ (&gt; 0) instead of the median; for gradient checks only. */
    public T fixedSigma(double v) {
      fixedSigma = v;
      return self();
    }

    /**
     * "exact" or "authors" ({@code loss.distance_gradient}, required): how the distance matrix of
     * vectors is differentiated.
     */
    public T distanceGradient(String v) {
      distanceGradient = org.ucospark.loss.LossParams.DistanceGradient.parse(v).json();
      return self();
    }

    /** Refuses a head without a bandwidth or without a distance gradient. */
    protected void checkLossSettings() {
      if (!(relSigma > 0) && !(fixedSigma > 0)) {
        throw new IllegalArgumentException(
            "relSigma (loss.rel_sigma) > 0 or fixedSigma > 0 required");
      }
      if (distanceGradient == null) {
        throw new IllegalArgumentException("distanceGradient (loss.distance_gradient) required");
      }
    }

    @SuppressWarnings("unchecked")
    private T self() {
      return (T) this;
    }
  }
}
