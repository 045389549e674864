package org.ucospark.config;

import static org.ucospark.config.ConfigKey.Stage.TRAIN;

import java.util.List;

/** The {@code ofm} and {@code assignments} blocks: what a run's evaluations compute and write. */
public final class EvaluationKeys {
  private EvaluationKeys() {}

  public static final ConfigKey<Boolean> OFM_ENABLED =
      ConfigKey.bool(
          "ofm.enabled",
          true,
          TRAIN,
          "Compute OFM at evaluations (models with a companion objective only; NaN for the"
              + " others).");

  public static final ConfigKey<String> OFM_MODE =
      ConfigKey.choice(
          "ofm.mode",
          "simple",
          List.of("simple", "pairwise"),
          TRAIN,
          "OFM mode: simple (clustering vs companion) | pairwise (also the cosine between the"
              + " backbone gradients of every pair of loss terms).");

  public static final ConfigKey<Integer> OFM_MAX_BATCHES =
      ConfigKey.integer(
              "ofm.max_batches",
              0,
              TRAIN,
              "Compute OFM on at most this many full batches per evaluation (0 = all).")
          .validatedBy(Validator.atLeast(0));

  public static final ConfigKey<Boolean> ASSIGNMENTS_EMBEDDING =
      ConfigKey.bool(
          "assignments.embedding",
          true,
          TRAIN,
          "Write the embedding column into RUN_DIR/assignments/ and assignments-final/ (and"
              + " predict's --out); false for big sweeps.");
}
