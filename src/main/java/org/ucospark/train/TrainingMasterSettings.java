package org.ucospark.train;

import com.typesafe.config.Config;
import java.util.Locale;
import org.apache.spark.storage.StorageLevel;
import org.ucospark.Settings;

/**
 * The {@code train} block: where and how the network trains. {@code spark} mode uses DL4J's {@code
 * ParameterAveragingTrainingMaster}: {@code workers} partitions each fit {@code
 * averaging_frequency} minibatches, then parameters and Adam state are averaged.
 */
public record TrainingMasterSettings(
    boolean local,
    int workers,
    int averagingFrequency,
    String approach,
    String exportDir,
    String storageLevel,
    String repartition,
    int threads) {

  public static TrainingMasterSettings from(Config c) {
    String mode = c.getString("train.mode").toLowerCase(Locale.ROOT);
    if (!mode.equals("spark") && !mode.equals("local")) {
      throw Settings.invalid(c, "train.mode", "spark or local", mode);
    }
    String approach = c.getString("train.approach").toLowerCase(Locale.ROOT);
    if (!approach.matches("export|direct|auto")) {
      throw Settings.invalid(c, "train.approach", "export, direct or auto", approach);
    }
    String repartition = c.getString("train.repartition").toLowerCase(Locale.ROOT);
    if (!repartition.matches("always|never|num_partitions_workers_differs")) {
      throw Settings.invalid(
          c, "train.repartition", "always, never or num_partitions_workers_differs", repartition);
    }
    String level = c.getString("train.storage_level");
    try {
      StorageLevel.fromString(level);
    } catch (IllegalArgumentException e) {
      throw Settings.invalid(
          c, "train.storage_level", "a Spark storage level such as MEMORY_ONLY", level);
    }
    return new TrainingMasterSettings(
        mode.equals("local"),
        (int) Settings.nonNegative(c, "train.workers"),
        Settings.atLeast(c, "train.averaging_frequency", 1),
        approach,
        c.getString("train.export_dir"),
        level,
        repartition,
        (int) Settings.nonNegative(c, "train.threads"));
  }

  /**
   * Whether to use DL4J's export approach: as configured, or for {@code auto} when DL4J allows it
   * (a local master, or a default file system that is not the local one).
   */
  public boolean export(String master, String defaultFs) {
    if (!approach.equals("auto")) {
      return approach.equals("export");
    }
    return master.startsWith("local") || (defaultFs != null && !defaultFs.startsWith("file:"));
  }

  public StorageLevel sparkStorageLevel() {
    return StorageLevel.fromString(storageLevel);
  }
}
