package org.ucospark.config;

import static org.ucospark.config.ConfigKey.Stage.TRAIN;

/** The {@code data} block: which prepared data set a run reads. */
public final class DataKeys {
  private DataKeys() {}

  public static final ConfigKey<String> PATH =
      ConfigKey.string(
          "data.path",
          "",
          TRAIN,
          "Prepared Parquet data set (output of `prepare`), any Hadoop FS URI. Empty:"
              + " data/prepared/<dataset>.");

  public static final ConfigKey<String> DATASET =
      ConfigKey.string(
          "data.dataset",
          "usps",
          TRAIN,
          "Data set name: mnist | fmnist | usps | coil100, or the name of a data set of your own;"
              + " it names the run and the default path; shape and K come from the manifest.");

  public static final ConfigKey<Long> LIMIT =
      ConfigKey.longKey(
              "data.limit", 0, TRAIN, "Use only the first N rows by id (0 = all), for smoke runs.")
          .validatedBy(Validator.atLeast(0));
}
