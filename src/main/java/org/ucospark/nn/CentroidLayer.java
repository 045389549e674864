package org.ucospark.nn;

import java.util.Collection;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ucospark.loss.Centroids;

/**
 * K trainable centroids μ_k ∈ R^d as a graph layer (docs/ALGORITHMS.md §3), so that the optimiser
 * updates them and DL4J's parameter averaging averages them with the rest of the network. Input z
 * [B,d], output [B,K]:
 *
 * <ul>
 *   <li>{@code kind = "student_t"} (DEC): soft assignments q_ik ∝ (1 + ‖z_i − μ_k‖²/α)^{−(α+1)/2};
 *   <li>{@code kind = "cost"} (OHC): costs C_ik = ‖z_i − μ_k‖²/σ.
 * </ul>
 *
 * The only parameter is {@code W} [d, K] (column k = μ_k, no bias), so DL4J's per-tensor gradient
 * clipping and Adam treat the centroids like any weight. Forward and backward are {@link
 * org.ucospark.loss.Centroids}.
 */
public class CentroidLayer extends FeedForwardLayer {
  // Belt and braces to org.ucospark.io.Dl4jBackendPlugin: an executor that deserialises this layer
  // from the network's JSON enables the oneDNN helpers before DL4J creates the graph's layers.
  static {
    Dl4jBackend.configure();
  }

  public static final String STUDENT_T = "student_t";
  public static final String COST = "cost";

  private String kind = STUDENT_T;
  private double alpha = 1.0;
  private double sigma = 100.0;

  public CentroidLayer() {}

  private CentroidLayer(Builder b) {
    super(b);
    this.kind = b.kind;
    this.alpha = b.alpha;
    this.sigma = b.sigma;
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public double getAlpha() {
    return alpha;
  }

  public void setAlpha(double alpha) {
    this.alpha = alpha;
  }

  public double getSigma() {
    return sigma;
  }

  public void setSigma(double sigma) {
    this.sigma = sigma;
  }

  @Override
  public org.deeplearning4j.nn.api.Layer instantiate(
      NeuralNetConfiguration conf,
      Collection<TrainingListener> listeners,
      int layerIndex,
      INDArray layerParamsView,
      boolean initializeParams,
      DataType networkDataType) {
    return LayerWiring.wire(
        new Impl(conf, networkDataType),
        this,
        conf,
        listeners,
        layerIndex,
        layerParamsView,
        initializeParams);
  }

  @Override
  public ParamInitializer initializer() {
    return CentroidParams.INSTANCE;
  }

  @Override
  public LayerMemoryReport getMemoryReport(InputType inputType) {
    return new LayerMemoryReport.Builder(
            layerName, getClass(), inputType, getOutputType(-1, inputType))
        .standardMemory(nIn * nOut, 0)
        .workingMemory(0, 0, 0, 0)
        .cacheMemory(0, 0)
        .build();
  }

  /** DL4J's dense initializer without bias or layer norm: one weight tensor W [nIn, nOut]. */
  static final class CentroidParams extends DefaultParamInitializer {
    static final CentroidParams INSTANCE = new CentroidParams();

    @Override
    protected boolean hasBias(org.deeplearning4j.nn.conf.layers.Layer layer) {
      return false;
    }

    @Override
    protected boolean hasLayerNorm(org.deeplearning4j.nn.conf.layers.Layer layer) {
      return false;
    }
  }

  public static class Builder extends FeedForwardLayer.Builder<Builder> {
    private String kind = STUDENT_T;
    private double alpha = 1.0;
    private double sigma = 100.0;

    /** DEC: Student-t soft assignments with α degrees of freedom. */
    public Builder studentT(double alpha) {
      this.kind = STUDENT_T;
      this.alpha = alpha;
      return this;
    }

    /** OHC: costs ‖z − μ‖²/σ. */
    public Builder cost(double sigma) {
      this.kind = COST;
      this.sigma = sigma;
      return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public CentroidLayer build() {
      return new CentroidLayer(this);
    }
  }

  /**
   * Runtime half of {@link CentroidLayer}. The math runs outside DL4J's workspaces (small float64
   * matrices); results are copied into the workspace arrays DL4J expects.
   */
  public static final class Impl extends BaseLayer<CentroidLayer> {

    Impl(NeuralNetConfiguration conf, DataType dataType) {
      super(conf, dataType);
    }

    /** μ [K, d] (the transpose of W [d, K]). */
    private INDArray centroids() {
      return getParam("W").transpose();
    }

    private boolean studentT() {
      return STUDENT_T.equals(layerConf().getKind());
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
      assertInputSet(false);
      INDArray result;
      try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
        result =
            studentT()
                ? Centroids.studentT(input, centroids(), layerConf().getAlpha())
                : Centroids.scaledCosts(input, centroids(), layerConf().getSigma());
      }
      INDArray out =
          workspaceMgr.createUninitialized(
              ArrayType.ACTIVATIONS, input.dataType(), result.shape(), 'c');
      return out.assign(result);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(
        INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
      assertInputSet(true);
      Centroids.Gradients g;
      try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
        g =
            studentT()
                ? Centroids.studentTBackward(input, centroids(), layerConf().getAlpha(), epsilon)
                : Centroids.scaledCostsBackward(
                    input, centroids(), layerConf().getSigma(), epsilon);
      }
      INDArray weightGradient = gradientViews.get("W");
      weightGradient.assign(g.centroids().transpose());
      Gradient gradient = new DefaultGradient();
      gradient.gradientForVariable().put("W", weightGradient);
      INDArray inputGradient =
          workspaceMgr.createUninitialized(
              ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
      inputGradient.assign(g.z());
      return new Pair<>(gradient, inputGradient);
    }

    @Override
    public boolean hasBias() {
      return false;
    }

    @Override
    public boolean isPretrainLayer() {
      return false;
    }
  }
}
