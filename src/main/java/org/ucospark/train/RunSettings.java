package org.ucospark.train;

import static org.ucospark.Settings.atLeast;
import static org.ucospark.Settings.invalid;
import static org.ucospark.Settings.nonNegative;
import static org.ucospark.Settings.parseEnum;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import org.ucospark.config.Redaction;
import org.ucospark.loss.LossParams;
import org.ucospark.model.DecParams;
import org.ucospark.model.ModelFamilies;
import org.ucospark.model.ModelVariant;
import org.ucospark.model.OhcParams;
import org.ucospark.model.OptimizerParams;

/**
 * Everything one training run reads from the configuration, bound once at start-up; the defaults
 * and docs are reference.conf's. Each group of keys is bound and checked by its own type ({@link
 * LossParams#from}, {@link DecParams#from}, {@link OhcParams#from}, {@link OptimizerParams#from},
 * {@link TrainingMasterSettings#from}); the keys of a run itself and the checks across groups are
 * here. Invalid values fail with the key and the file they came from ({@link
 * org.ucospark.Settings}).
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
    String dataset = c.getString("data.dataset");
    String experiment =
        c.getString("experiment").isBlank()
            ? c.getString("model") + "_" + dataset
            : c.getString("experiment");
    long seed = c.getLong("seed");
    String runDir =
        c.getString("run_dir").isBlank()
            ? "runs/" + experiment + "-s" + seed
            : c.getString("run_dir");
    String dataPath =
        c.getString("data.path").isBlank() ? "data/prepared/" + dataset : c.getString("data.path");
    LossParams loss = LossParams.from(c);
    ModelVariant variant = ModelFamilies.parse(c.getString("model"));
    int epochs = atLeast(c, "epochs", 1);
    DecParams dec = DecParams.from(c);
    String epochsProblem = ModelFamilies.of(variant).epochsProblem(c, variant, epochs);
    if (epochsProblem != null) {
      throw invalid(c, "epochs", epochsProblem, epochs);
    }
    if (variant.hasUco()
        && variant.encoder() == ModelVariant.Encoder.MLP
        && loss.kernel() == LossParams.KernelType.TENSOR) {
      // one mode of d values and m = 1: every T_ab = 1, a constant distance matrix without gradient
      throw invalid(
          c,
          "loss.uco_kernel",
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
        atLeast(c, "batch_size", 2),
        keepPartialBatch(c, variant),
        atLeast(c, "eval_interval", 1),
        atLeast(c, "checkpoint_interval", 1),
        runDir,
        dataPath,
        dataset,
        (long) nonNegative(c, "data.limit"),
        loss,
        nonNegative(c, "loss.reconstruction_weight"),
        OptimizerParams.from(c),
        dec,
        ohc,
        c.getBoolean("ofm.enabled"),
        (int) nonNegative(c, "ofm.max_batches"),
        parseEnum(c, "ofm.mode", RunSettings::pairwise),
        TrainingMasterSettings.from(c),
        c);
  }

  /**
   * {@code ofm.mode}: simple (clustering vs companion) → false, pairwise (every pair of loss terms)
   * → true.
   */
  private static boolean pairwise(String mode) {
    return switch (mode) {
      case "simple" -> false;
      case "pairwise" -> true;
      default -> throw new IllegalArgumentException(mode);
    };
  }

  /**
   * {@code drop_last_batch}: auto = the model family's protocol (the DEC family keeps the last
   * partial batch, as the authors' Keras {@code fit} on arrays does; DDC family and OHC drop it, as
   * their tf.data pipeline does), true = drop, false = keep.
   */
  static boolean keepPartialBatch(Config c, ModelVariant variant) {
    return switch (c.getString("drop_last_batch").trim().toLowerCase(java.util.Locale.ROOT)) {
      case "auto" -> ModelFamilies.of(variant).keepsPartialBatch();
      case "true" -> false;
      case "false" -> true;
      default ->
          throw invalid(
              c, "drop_last_batch", "auto, true or false", c.getString("drop_last_batch"));
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
