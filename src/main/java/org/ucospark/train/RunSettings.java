package org.ucospark.train;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import org.ucospark.UcoException;
import org.ucospark.loss.LossParams;
import org.ucospark.model.DecParams;
import org.ucospark.model.ModelVariant;
import org.ucospark.model.OhcParams;
import org.ucospark.model.OptimizerParams;

/**
 * Everything one training run reads from the configuration, bound once at start-up (spec section 4 for the
 * defaults). Invalid values fail here with the key and the file they came from.
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
    String experiment = c.getString("experiment").isBlank() ? c.getString("model") + "_" + dataset
        : c.getString("experiment");
    long seed = c.getLong("seed");
    String runDir = c.getString("run_dir").isBlank() ? "runs/" + experiment + "-s" + seed : c.getString("run_dir");
    String dataPath = c.getString("data.path").isBlank() ? "data/prepared/" + dataset : c.getString("data.path");
    LossParams loss = new LossParams(positive(c, "loss.rel_sigma"), nonNegative(c, "loss.uco_lambda"),
        parseEnum(c, "loss.uco_kernel", LossParams.KernelType::parse),
        parseEnum(c, "loss.uco_weighting", LossParams.Weighting::parse), c.getBoolean("loss.uco_assignment_gradient"),
        parseEnum(c, "loss.distance_gradient", LossParams.DistanceGradient::parse));
    ModelVariant variant = ModelVariant.parse(c.getString("model"));
    int epochs = atLeast(c, "epochs", 1);
    DecParams dec = new DecParams(atLeast(c, "dec.bottleneck", 1), positive(c, "dec.alpha"),
        (int) nonNegative(c, "dec.pretrain_epochs"), atLeast(c, "dec.target_update_interval", 1),
        atLeast(c, "dec.kmeans_restarts", 1), positive(c, "dec.pretrain_learning_rate"));
    if (variant.family() == ModelVariant.Family.DEC && epochs <= dec.pretrainEpochs()) {
      throw invalid(c, "epochs", "larger than dec.pretrain_epochs (" + dec.pretrainEpochs() + ") for " + variant.id()
          + ", whose epochs include the pre-training", epochs);
    }
    if (variant.hasUco() && variant.encoder() == ModelVariant.Encoder.MLP && loss.kernel() == LossParams.KernelType.TENSOR) {
      // one mode of d values and m = 1: every T_ab = 1, a constant distance matrix without gradient
      throw invalid(c, "loss.uco_kernel", "naive for " + variant.id() + " (its MLP block outputs are vectors, on which"
          + " the tensor kernel is constant)", "tensor");
    }
    OhcParams ohc = new OhcParams(atLeast(c, "ohc.embedding", 1), positive(c, "ohc.sigma"),
        parseEnum(c, "ohc.encoder", OhcParams::encoder));
    return new RunSettings(experiment, variant, seed, epochs,
        atLeast(c, "batch_size", 2), keepPartialBatch(c, variant), atLeast(c, "eval_interval", 1),
        atLeast(c, "checkpoint_interval", 1), runDir,
        dataPath, dataset, (long) nonNegative(c, "data.limit"), loss, nonNegative(c, "loss.reconstruction_weight"),
        optimizer(c), dec, ohc, c.getBoolean("ofm.enabled"), (int) nonNegative(c, "ofm.max_batches"),
        parseEnum(c, "ofm.mode", RunSettings::pairwise), TrainingMasterSettings.from(c), c);
  }

  /** {@code ofm.mode}: simple (clustering vs companion) → false, pairwise (every pair of loss terms) → true. */
  private static boolean pairwise(String mode) {
    return switch (mode) {
      case "simple" -> false;
      case "pairwise" -> true;
      default -> throw new IllegalArgumentException(mode);
    };
  }

  /**
   * {@code drop_last_batch}: auto = the model family's protocol (the DEC family keeps the last partial batch, as
   * the authors' Keras {@code fit} on arrays does; DDC family and OHC drop it, as their tf.data pipeline does),
   * true = drop, false = keep.
   */
  static boolean keepPartialBatch(Config c, ModelVariant variant) {
    return switch (c.getString("drop_last_batch").trim().toLowerCase(java.util.Locale.ROOT)) {
      case "auto" -> variant.family() == ModelVariant.Family.DEC;
      case "true" -> false;
      case "false" -> true;
      default -> throw invalid(c, "drop_last_batch", "auto, true or false", c.getString("drop_last_batch"));
    };
  }

  /** The resolved configuration as JSON (for summary.json and the sweep's trial ids). */
  public String configJson() {
    return config.root().render(ConfigRenderOptions.concise());
  }

  private static OptimizerParams optimizer(Config c) {
    positive(c, "optimizer.learning_rate");
    nonNegative(c, "optimizer.clip_norm");
    return OptimizerParams.from(c);
  }

  /** The integer at {@code key}, failing with one line naming the key when it is below {@code min}. */
  public static int atLeast(Config c, String key, int min) {
    int v = c.getInt(key);
    if (v < min) {
      throw invalid(c, key, "at least " + min, v);
    }
    return v;
  }

  static double positive(Config c, String key) {
    double v = c.getDouble(key);
    if (!(v > 0)) {
      throw invalid(c, key, "a positive number", v);
    }
    return v;
  }

  static double nonNegative(Config c, String key) {
    double v = c.getDouble(key);
    if (!(v >= 0)) {
      throw invalid(c, key, "a number >= 0", v);
    }
    return v;
  }

  static <T> T parseEnum(Config c, String key, java.util.function.Function<String, T> parse) {
    try {
      return parse.apply(c.getString(key));
    } catch (IllegalArgumentException e) {
      throw invalid(c, key, "one of the documented values (see reference.conf)", c.getString(key));
    }
  }

  static UcoException invalid(Config c, String key, String expected, Object got) {
    return new UcoException(c.getValue(key).origin().description() + ": key '" + key + "' must be " + expected
        + ", got " + got);
  }
}
