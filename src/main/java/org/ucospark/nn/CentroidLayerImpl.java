package org.ucospark.nn;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ucospark.loss.Centroids;

/**
 * Runtime half of {@link CentroidLayer}. The math runs outside DL4J's workspaces (small float64
 * matrices); results are copied into the workspace arrays DL4J expects.
 */
public final class CentroidLayerImpl extends BaseLayer<CentroidLayer> {

  CentroidLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  /** μ [K, d] (the transpose of W [d, K]). */
  private INDArray centroids() {
    return getParam("W").transpose();
  }

  private boolean studentT() {
    return CentroidLayer.STUDENT_T.equals(layerConf().getKind());
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
              : Centroids.scaledCostsBackward(input, centroids(), layerConf().getSigma(), epsilon);
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
