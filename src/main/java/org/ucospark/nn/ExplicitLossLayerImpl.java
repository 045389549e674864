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
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Runtime half of {@link ExplicitLossLayer}: score = the loss, epsilon = the explicit
 * gradient (scaled as documented there), activations = A. The loss code runs outside any
 * DL4J workspace ({@code scopeOutOfWorkspaces}); results are copied into the workspace
 * arrays DL4J expects.
 */
public abstract class ExplicitLossLayerImpl<C extends ExplicitLossLayer> extends AbstractLayer<C>
    implements IOutputLayer {

  protected INDArray labels;
  protected double score;
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

  /** Loss and, if {@code grads}, ∂L/∂input [B,n] (unscaled), computed outside workspaces. */
  protected abstract Pair<Double, INDArray> lossAndGradient(INDArray input, boolean grads);

  protected double sigmaOrNaN() {
    double s = layerConf().getFixedSigma();
    return s > 0 ? s : Double.NaN;
  }

  private void checkInput() {
    assertInputSet(false);
    long n = layerConf().inputSize();
    if (input.rank() != 2 || input.size(1) != n) {
      throw new IllegalStateException(layerId() + ": expected input [B, " + n + "], got "
          + java.util.Arrays.toString(input.shape()));
    }
  }

  @Override
  public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
    checkInput();
    double l;
    if (backpropInput == input && !Double.isNaN(backpropLoss)) {
      l = backpropLoss;
      forgetBackpropLoss();
    } else {
      try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
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
    try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      l = lossAndGradient(input, false).getFirst();
    }
    INDArray out = workspaceMgr.create(ArrayType.ACTIVATIONS, input.dataType(), input.size(0), 1);
    out.assign(l + fullNetRegTerm);
    return out;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
    checkInput();
    INDArray g;
    try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      Pair<Double, INDArray> p = lossAndGradient(input, true);
      score = p.getFirst();
      backpropInput = input;
      backpropLoss = p.getFirst();
      g = p.getSecond();
      if (!"none".equalsIgnoreCase(layerConf().getGradientScale())) g = g.mul((double) input.size(0));
    }
    INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
    out.assign(g);
    return new Pair<>(new DefaultGradient(), out);
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
    checkInput();
    long n = input.size(1);
    INDArray a = input.get(NDArrayIndex.all(), NDArrayIndex.interval(n - layerConf().getClusters(), n));
    return workspaceMgr.dup(ArrayType.ACTIVATIONS, a);
  }

  @Override
  public double score() { return score; }

  @Override
  public boolean needsLabels() { return true; }

  @Override
  public void setLabels(INDArray labels) { this.labels = labels; }

  @Override
  public INDArray getLabels() { return labels; }

  @Override
  public boolean isPretrainLayer() { return false; }

  @Override
  public void clearNoiseWeightParams() {}

  @Override
  public double calcRegularizationScore(boolean backpropOnlyParams) { return 0.0; }

  @Override
  public Type type() { return Type.FEED_FORWARD; }

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
  @Override public double f1Score(DataSet data) { throw unsupported(); }
  @Override public double f1Score(INDArray examples, INDArray labels) { throw unsupported(); }
  @Override public int numLabels() { return layerConf().getClusters(); }
  @Override public void fit(DataSetIterator iter) { throw unsupported(); }
  @Override public int[] predict(INDArray examples) { throw unsupported(); }
  @Override public List<String> predict(DataSet dataSet) { throw unsupported(); }
  @Override public void fit(INDArray examples, INDArray labels) { throw unsupported(); }
  @Override public void fit(DataSet data) { throw unsupported(); }
  @Override public void fit(INDArray examples, int[] labels) { throw unsupported(); }

  private UnsupportedOperationException unsupported() {
    return new UnsupportedOperationException(getClass().getSimpleName() + ": train through the ComputationGraph");
  }
}
