package org.ucospark.model;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import org.ucospark.config.LossKeys;

/**
 * The DDC family (docs/PROTOCOL.md): DDC, DDC-UCO, DDC-AE on cnn_small ({@link DdcNetworkBuilder}),
 * clustering terms ddc_1..3 ({@link DdcTerm}), one network throughout, embedding H.
 */
public final class DdcFamily extends ModelFamily {
  @Override
  public String name() {
    return "ddc";
  }

  @Override
  public int order() {
    return 0;
  }

  @Override
  public List<ModelVariant> variants() {
    return List.of(ModelVariant.DDC, ModelVariant.DDC_UCO, ModelVariant.DDC_AE);
  }

  @Override
  public ComputationGraphConfiguration network(ModelParams params, DataType dataType) {
    return DdcNetworkBuilder.configuration(params, dataType);
  }

  @Override
  public List<Term> clusteringTerms() {
    return DdcTerm.terms();
  }

  @Override
  public String embeddingLayer() {
    return Layers.HIDDEN;
  }

  @Override
  public boolean benchmarked() {
    return true;
  }

  /** {@code LossKeys}'s bandwidth-like key, {@link ModelFamily#clusteringLossKeys}. */
  @Override
  public List<String> clusteringLossKeys() {
    return List.of(LossKeys.REL_SIGMA.name());
  }
}
