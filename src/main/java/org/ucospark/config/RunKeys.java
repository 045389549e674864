package org.ucospark.config;

import static org.ucospark.config.ConfigKey.Stage.TRAIN;

import java.util.List;

/** The keys of a run itself (the top level of reference.conf). */
public final class RunKeys {
  private RunKeys() {}

  public static final ConfigKey<String> EXPERIMENT =
      ConfigKey.string(
          "experiment",
          "",
          TRAIN,
          "Name of the experiment, <model>_<dataset> (conf/experiments/<name>.conf); empty: named"
              + " after model and data.dataset.");

  public static final ConfigKey<String> MODEL =
      ConfigKey.string(
          "model",
          "ddc",
          TRAIN,
          "Model variant: ddc | ddc_uco | ddc_ae | dec | idec | dec_uco | cdec | icdec | cdec_uco |"
              + " ohc.");

  public static final ConfigKey<Long> SEED =
      ConfigKey.longKey(
          "seed",
          0,
          TRAIN,
          "Run seed: fixes the initial weights (paired across variants), shuffling and sampling.");

  public static final ConfigKey<Integer> EPOCHS =
      ConfigKey.integer("epochs", 200, TRAIN, "Training epochs (docs/PROTOCOL.md: 200).")
          .validatedBy(Validator.atLeast(1));

  public static final ConfigKey<Integer> BATCH_SIZE =
      ConfigKey.integer(
              "batch_size",
              120,
              TRAIN,
              "Minibatch size per worker (120; DEC family 256; CDEC-UCO on COIL-100 200).")
          .validatedBy(Validator.atLeast(2));

  public static final ConfigKey<String> DROP_LAST_BATCH =
      ConfigKey.choice(
          "drop_last_batch",
          "auto",
          List.of("auto", "true", "false"),
          TRAIN,
          "Drop the last partial minibatch of each epoch: auto = as the authors' code does for the"
              + " model family (the DEC family keeps it, DDC family and OHC drop it) | true | false."
              + " A partial batch of a single example is always dropped.");

  public static final ConfigKey<Integer> EVAL_INTERVAL =
      ConfigKey.integer(
              "eval_interval", 4, TRAIN, "Evaluate on the full data set every this many epochs.")
          .validatedBy(Validator.atLeast(1));

  public static final ConfigKey<Integer> CHECKPOINT_INTERVAL =
      ConfigKey.integer(
              "checkpoint_interval",
              4,
              TRAIN,
              "Write a checkpoint every this many epochs (and always at the end).")
          .validatedBy(Validator.atLeast(1));

  public static final ConfigKey<String> RUN_DIR =
      ConfigKey.string(
          "run_dir",
          "",
          TRAIN,
          "Where the run writes metrics, checkpoints and summary.json (any Hadoop FS URI). Empty:"
              + " runs/<experiment>-s<seed>.");
}
