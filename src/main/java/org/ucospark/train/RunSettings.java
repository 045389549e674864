package org.ucospark.train;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import org.ucospark.config.DataKeys;
import org.ucospark.config.EvaluationKeys;
import org.ucospark.config.LossKeys;
import org.ucospark.config.Redaction;
import org.ucospark.config.RunKeys;
import org.ucospark.loss.LossParams;
import org.ucospark.model.DecParams;
import org.ucospark.model.ModelVariant;
import org.ucospark.model.OhcParams;
import org.ucospark.model.OptimizerParams;

/**
 * Everything one training run reads from the configuration, bound once at start-up; the defaults
 * and docs are reference.conf's. Each group of keys is bound and checked by its own type ({@link
 * LossParams#from}, {@link DecParams#from}, {@link OhcParams#from}, {@link OptimizerParams#from},
 * {@link TrainingMasterSettings#from}); the keys of a run itself and the checks across groups are
 * here. Every key is read through its declaration ({@link RunKeys}, {@link DataKeys}, …): invalid
 * values fail with the key and the file they came from.
 */
public record RunSettings(
    String experiment,
    ModelVariant variant,
    long seed,
    int epochs,
    int batchSize,
    boolean keepPartialBatch,
    int evalInterval,
    int checkpointInterval,
    String runDir,
    String dataPath,
    String dataset,
    long dataLimit,
    LossParams loss,
    double reconstructionWeight,
    OptimizerParams optimizer,
    DecParams dec,
    OhcParams ohc,
    boolean ofmEnabled,
    int ofmMaxBatches,
    boolean ofmPairwise,
    TrainingMasterSettings master,
    Config config) {

  public static RunSettings from(Config c) {
    String dataset = DataKeys.DATASET.get(c);
    String model = RunKeys.MODEL.get(c);
    String experiment =
        RunKeys.EXPERIMENT.get(c).isBlank() ? model + "_" + dataset : RunKeys.EXPERIMENT.get(c);
    long seed = RunKeys.SEED.get(c);
    String runDir =
        RunKeys.RUN_DIR.get(c).isBlank()
            ? "runs/" + experiment + "-s" + seed
            : RunKeys.RUN_DIR.get(c);
    String dataPath =
        DataKeys.PATH.get(c).isBlank() ? "data/prepared/" + dataset : DataKeys.PATH.get(c);
    LossParams loss = LossParams.from(c);
    ModelVariant variant = ModelVariant.parse(model);
    int epochs = RunKeys.EPOCHS.get(c);
    DecParams dec = DecParams.from(c);
    if (variant.family() == ModelVariant.Family.DEC && epochs <= dec.pretrainEpochs()) {
      throw RunKeys.EPOCHS.invalid(
          c,
          "larger than dec.pretrain_epochs ("
              + dec.pretrainEpochs()
              + ") for "
              + variant.id()
              + ", whose epochs include the pre-training",
          epochs);
    }
    if (variant.hasUco()
        && variant.encoder() == ModelVariant.Encoder.MLP
        && loss.kernel() == LossParams.KernelType.TENSOR) {
      // one mode of d values and m = 1: every T_ab = 1, a constant distance matrix without gradient
      throw LossKeys.UCO_KERNEL.invalid(
          c,
          "naive for "
              + variant.id()
              + " (its MLP block outputs are vectors, on which"
              + " the tensor kernel is constant)",
          "tensor");
    }
    OhcParams ohc = OhcParams.from(c);
    return new RunSettings(
        experiment,
        variant,
        seed,
        epochs,
        RunKeys.BATCH_SIZE.get(c),
        keepPartialBatch(c, variant),
        RunKeys.EVAL_INTERVAL.get(c),
        RunKeys.CHECKPOINT_INTERVAL.get(c),
        runDir,
        dataPath,
        dataset,
        DataKeys.LIMIT.get(c),
        loss,
        LossKeys.RECONSTRUCTION_WEIGHT.get(c),
        OptimizerParams.from(c),
        dec,
        ohc,
        EvaluationKeys.OFM_ENABLED.get(c),
        EvaluationKeys.OFM_MAX_BATCHES.get(c),
        EvaluationKeys.OFM_MODE.get(c).equals("pairwise"),
        TrainingMasterSettings.from(c),
        c);
  }

  /**
   * {@code drop_last_batch}: auto = the model family's protocol (the DEC family keeps the last
   * partial batch, as the authors' Keras {@code fit} on arrays does; DDC family and OHC drop it, as
   * their tf.data pipeline does), true = drop, false = keep.
   */
  static boolean keepPartialBatch(Config c, ModelVariant variant) {
    return switch (RunKeys.DROP_LAST_BATCH.get(c)) {
      case "auto" -> variant.family() == ModelVariant.Family.DEC;
      case "true" -> false;
      default -> true; // "false": the declaration admits no other value
    };
  }

  /**
   * The resolved configuration as JSON (for config.json and summary.json), credentials redacted
   * ({@link Redaction}).
   */
  public String configJson() {
    return Redaction.redact(config).root().render(ConfigRenderOptions.concise());
  }
}
