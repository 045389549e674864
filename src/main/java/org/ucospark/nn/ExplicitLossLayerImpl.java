package org.ucospark.nn;

import java.util.List;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Runtime half of {@link ExplicitLossLayer}: score = the loss, epsilon = the explicit gradient
 * (scaled as documented there), activations = A.
 *
 * <p>Memory: the loss code's temporaries (the tensor kernel's above all: hundreds of MB per step)
 * live in this layer's own ND4J workspace ({@link #LOSS_WORKSPACE}), which learns its size in the
 * first step and is reused by every later one, so a training step allocates no new off-heap memory;
 * left to the garbage collector, those buffers piled up between collections of a small Java heap
 * (RSS +29% over 120 steps). Only plain values leave the workspace: the score, and the gradient
 * copied into the array DL4J provides.
 */
public abstract class ExplicitLossLayerImpl<C extends ExplicitLossLayer> extends AbstractLayer<C>
    implements IOutputLayer {

  /** Learned on the first use, then reused: no per-step allocation (see class doc). */
  static final WorkspaceConfiguration LOSS_WORKSPACE =
      WorkspaceConfiguration.builder()
          .initialSize(0)
          .policyAllocation(AllocationPolicy.OVERALLOCATE)
          .overallocationLimit(0.1)
          .policyLearning(LearningPolicy.FIRST_LOOP)
          .policyReset(ResetPolicy.BLOCK_LEFT)
          .policySpill(SpillPolicy.REALLOCATE)
          .build();

  protected INDArray labels;
  protected double score;

  /** The named terms of the last loss computed ({@link #lastTerms}). */
  private java.util.Map<String, Double> lastTerms = java.util.Map.of();

  /**
   * The input whose loss {@link #backpropGradient} just computed, and that loss: DL4J's
   * ComputationGraph asks every output layer for its score right after backprop on the same input,
   * and the loss heads (the tensor kernel above all) are too expensive to evaluate twice per step.
   * Used once, and forgotten whenever the input changes.
   */
  private INDArray backpropInput;

  private double backpropLoss = Double.NaN;

  protected ExplicitLossLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  /**
   * Opens the loss workspace of this layer's name (workspaces are per thread; nested inside DL4J's
   * own). Keyed by name, not instance: the clones the evaluation makes reuse the training layer's
   * workspace instead of leaving a new one behind each time.
   */
  private MemoryWorkspace lossWorkspace() {
    return Nd4j.getWorkspaceManager()
        .getAndActivateWorkspace(LOSS_WORKSPACE, "UCO_LOSS_" + layerConf().getLayerName());
  }

  /**
   * Loss and, if {@code grads}, ∂L/∂input [B,n] (unscaled). Called inside this layer's loss
   * workspace ({@link #lossWorkspace}): the returned gradient lives there and must be copied out
   * before it closes.
   */
  protected abstract Pair<Double, INDArray> lossAndGradient(INDArray input, boolean grads);

  /**
   * The value of every loss term this head computed on its last input, by term name (DDC: {@code
   * ddc_1}, {@code ddc_2}, {@code ddc_3}; UCO: {@code uco/l}): after a training step, that
   * minibatch's terms, which training logs per epoch beside the total.
   */
  public java.util.Map<String, Double> lastTerms() {
    return lastTerms;
  }

  /** Records the terms of the loss just computed (in the subclasses' {@link #lossAndGradient}). */
  protected void rememberTerms(java.util.Map<String, Double> terms) {
    lastTerms = terms;
  }

  protected double sigmaOrNaN() {
    double s = layerConf().getFixedSigma();
    return s > 0 ? s : Double.NaN;
  }

  private void checkInput() {
    assertInputSet(false);
    long n = layerConf().inputSize();
    if (input.rank() != 2 || input.size(1) != n) {
      throw new IllegalStateException(
          layerId()
              + ": expected input [B, "
              + n
              + "], got "
              + java.util.Arrays.toString(input.shape()));
    }
  }

  @Override
  public double computeScore(
      double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
    checkInput();
    double l;
    if (backpropInput == input && !Double.isNaN(backpropLoss)) {
      l = backpropLoss;
      forgetBackpropLoss();
    } else {
      try (MemoryWorkspace ws = lossWorkspace()) {
        l = lossAndGradient(input, false).getFirst();
      }
    }
    score = l + fullNetRegTerm;
    return score;
  }

  @Override
  public INDArray computeScoreForExamples(double fullNetRegTerm, LayerWorkspaceMgr workspaceMgr) {
    // The loss is not a sum over examples; every example gets the batch loss.
    checkInput();
    double l;
    try (MemoryWorkspace ws = lossWorkspace()) {
      l = lossAndGradient(input, false).getFirst();
    }
    INDArray out = workspaceMgr.create(ArrayType.ACTIVATIONS, input.dataType(), input.size(0), 1);
    out.assign(l + fullNetRegTerm);
    return out;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(
      INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    checkInput();
    INDArray out =
        workspaceMgr.createUninitialized(
            ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
    try (MemoryWorkspace ws = lossWorkspace()) {
      Pair<Double, INDArray> p = lossAndGradient(input, true);
      score = p.getFirst();
      backpropInput = input;
      backpropLoss = p.getFirst();
      INDArray g = p.getSecond();
      // B·∂L/∂input: DL4J's updater divides by B (ExplicitLossLayer, "Minibatch accounting")
      out.assign(g.mul((double) input.size(0)));
    }
    return new Pair<>(new DefaultGradient(), out);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    checkInput();
    long n = input.size(1);
    INDArray a =
        input.get(NDArrayIndex.all(), NDArrayIndex.interval(n - layerConf().getClusters(), n));
    return workspaceMgr.dup(ArrayType.ACTIVATIONS, a);
  }

  @Override
  public double score() {
    return score;
  }

  @Override
  public boolean needsLabels() {
    return true;
  }

  @Override
  public void setLabels(INDArray labels) {
    this.labels = labels;
  }

  @Override
  public INDArray getLabels() {
    return labels;
  }

  @Override
  public boolean isPretrainLayer() {
    return false;
  }

  @Override
  public void clearNoiseWeightParams() {}

  @Override
  public double calcRegularizationScore(boolean backpropOnlyParams) {
    return 0.0;
  }

  @Override
  public Type type() {
    return Type.FEED_FORWARD;
  }

  @Override
  public void setInput(INDArray input, LayerWorkspaceMgr workspaceMgr) {
    forgetBackpropLoss();
    super.setInput(input, workspaceMgr);
  }

  private void forgetBackpropLoss() {
    backpropInput = null;
    backpropLoss = Double.NaN;
  }

  @Override
  public void clear() {
    super.clear();
    labels = null;
    forgetBackpropLoss();
  }

  // ---- Classifier: not meaningful for an unsupervised loss head
  @Override
  public double f1Score(DataSet data) {
    throw unsupported();
  }

  @Override
  public double f1Score(INDArray examples, INDArray labels) {
    throw unsupported();
  }

  @Override
  public int numLabels() {
    return layerConf().getClusters();
  }

  @Override
  public void fit(DataSetIterator iter) {
    throw unsupported();
  }

  @Override
  public int[] predict(INDArray examples) {
    throw unsupported();
  }

  @Override
  public List<String> predict(DataSet dataSet) {
    throw unsupported();
  }

  @Override
  public void fit(INDArray examples, INDArray labels) {
    throw unsupported();
  }

  @Override
  public void fit(DataSet data) {
    throw unsupported();
  }

  @Override
  public void fit(INDArray examples, int[] labels) {
    throw unsupported();
  }

  private UnsupportedOperationException unsupported() {
    return new UnsupportedOperationException(
        getClass().getSimpleName() + ": train through the ComputationGraph");
  }
}
