package org.ucospark.config;

import static org.ucospark.config.ConfigKey.Stage.TRAIN;

/** The {@code dec} block: the DEC family (dec, idec, dec_uco, cdec, icdec, cdec_uco). */
public final class DecKeys {
  private DecKeys() {}

  public static final ConfigKey<Integer> BOTTLENECK =
      ConfigKey.integer("dec.bottleneck", 10, TRAIN, "Width of the bottleneck z.")
          .validatedBy(Validator.atLeast(1));

  public static final ConfigKey<Double> ALPHA =
      ConfigKey.real(
              "dec.alpha", 1.0, TRAIN, "Degrees of freedom of the Student-t soft assignment.")
          .validatedBy(Validator.positive());

  public static final ConfigKey<Integer> PRETRAIN_EPOCHS =
      ConfigKey.integer(
              "dec.pretrain_epochs",
              200,
              TRAIN,
              "Epochs of autoencoder pre-training (reconstruction only) within `epochs` (the"
                  + " paper: 200 of 600).")
          .validatedBy(Validator.atLeast(0));

  public static final ConfigKey<Double> PRETRAIN_LEARNING_RATE =
      ConfigKey.real(
              "dec.pretrain_learning_rate",
              1e-3,
              TRAIN,
              "Adam learning rate of the pre-training (1e-3 for every variant);"
                  + " optimizer.learning_rate applies to the clustering stage only.")
          .validatedBy(Validator.positive());

  public static final ConfigKey<Integer> TARGET_UPDATE_INTERVAL =
      ConfigKey.integer(
              "dec.target_update_interval",
              140,
              TRAIN,
              "Recompute the target distribution over the whole data set every this many"
                  + " fine-tuning epochs.")
          .validatedBy(Validator.atLeast(1));

  public static final ConfigKey<Integer> KMEANS_RESTARTS =
      ConfigKey.integer(
              "dec.kmeans_restarts",
              20,
              TRAIN,
              "k-means++ restarts for the initial centroids on the bottleneck features.")
          .validatedBy(Validator.atLeast(1));
}
