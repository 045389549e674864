package org.ucospark.model;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ucospark.config.OhcKeys;
import org.ucospark.loss.HardAssignment;

/**
 * Online hard-regularised clustering (docs/PROTOCOL.md; {@link OhcNetworkBuilder}): the encoder of
 * {@code ohc.encoder}, trainable centroids, the {@code ohc} term ({@link OhcTerm}); a prediction is
 * the nearest centroid argmin_k C_ik, its confidence −C_ik; θ of OFM is the encoder the embedding
 * reads.
 */
public final class OhcFamily extends ModelFamily {
  @Override
  public String name() {
    return "ohc";
  }

  @Override
  public int order() {
    return 2;
  }

  @Override
  public List<ModelVariant> variants() {
    return List.of(ModelVariant.OHC);
  }

  @Override
  public ComputationGraphConfiguration network(ModelParams params, DataType dataType) {
    return OhcNetworkBuilder.configuration(params, dataType);
  }

  @Override
  public List<Term> clusteringTerms() {
    return OhcTerm.terms();
  }

  @Override
  public List<String> backboneEnds(Map<String, List<String>> wiring) {
    return wiring.get(Layers.EMBEDDING);
  }

  @Override
  public ModelVariant.Encoder encoder(ModelParams params) {
    return params.ohc().encoder();
  }

  @Override
  public String embeddingLayer() {
    return Layers.EMBEDDING;
  }

  @Override
  public int[] clusters(Map<String, INDArray> activations) {
    return HardAssignment.nearest(activations.get(Layers.COSTS));
  }

  @Override
  public float[] confidence(Map<String, INDArray> activations, int[] clusters) {
    float[][] c = activations.get(Layers.COSTS).castTo(DataType.FLOAT).toFloatMatrix();
    float[] confidence = new float[clusters.length];
    for (int i = 0; i < clusters.length; i++) {
      confidence[i] = -c[i][clusters[i]];
    }
    return confidence;
  }

  /** None: OHC assigns greedily by cost, without a distribution over the clusters. */
  @Override
  public boolean hasSoftAssignments() {
    return false;
  }

  /** {@code OhcKeys}'s bandwidth-like key, {@link ModelFamily#clusteringLossKeys}. */
  @Override
  public List<String> clusteringLossKeys() {
    return List.of(OhcKeys.SIGMA.name());
  }
}
