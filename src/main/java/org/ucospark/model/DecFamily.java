package org.ucospark.model;

import com.typesafe.config.Config;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import org.ucospark.config.DecKeys;

/**
 * The DEC family (docs/PROTOCOL.md; {@link DecNetworkBuilder}): DEC, IDEC, DEC-UCO on the MLP and
 * CDEC, ICDEC, CDEC-UCO on cnn_small. A run starts with the autoencoder, pre-trains it, then
 * clusters with the {@code kl} term ({@link KlTerm}) on Student-t assignments ({@link
 * DecSchedule}); it keeps the last partial batch and embeds by the bottleneck z.
 */
public final class DecFamily extends ModelFamily {
  @Override
  public String name() {
    return "dec";
  }

  @Override
  public int order() {
    return 1;
  }

  @Override
  public List<ModelVariant> variants() {
    return List.of(
        ModelVariant.DEC,
        ModelVariant.IDEC,
        ModelVariant.DEC_UCO,
        ModelVariant.CDEC,
        ModelVariant.ICDEC,
        ModelVariant.CDEC_UCO);
  }

  @Override
  public ComputationGraphConfiguration network(ModelParams params, DataType dataType) {
    return DecNetworkBuilder.clustering(params, dataType);
  }

  @Override
  public ComputationGraphConfiguration initialNetwork(ModelParams params, DataType dataType) {
    return DecNetworkBuilder.autoencoder(params, dataType);
  }

  @Override
  public List<Term> clusteringTerms() {
    return KlTerm.terms();
  }

  /** The autoencoder's decoder rebuilds the input in every model of the family. */
  @Override
  public boolean decodes(ModelVariant variant) {
    return true;
  }

  @Override
  public String embeddingLayer() {
    return Layers.BOTTLENECK;
  }

  @Override
  public Schedule schedule(ModelParams params) {
    return new DecSchedule(params);
  }

  /** As the authors' Keras {@code fit} on arrays does. */
  @Override
  public boolean keepsPartialBatch() {
    return true;
  }

  @Override
  public String epochsProblem(Config config, ModelVariant variant, int epochs) {
    int pretrain = DecParams.from(config).pretrainEpochs();
    return epochs > pretrain
        ? null
        : "larger than dec.pretrain_epochs ("
            + pretrain
            + ") for "
            + variant.id()
            + ", whose epochs include the pre-training";
  }

  /** {@code DecKeys}'s bandwidth-like key, {@link ModelFamily#clusteringLossKeys}. */
  @Override
  public List<String> clusteringLossKeys() {
    return List.of(DecKeys.ALPHA.name());
  }
}
