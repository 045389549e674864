package org.ucospark.train;

import com.typesafe.config.Config;
import org.apache.spark.storage.StorageLevel;
import org.ucospark.config.TrainKeys;

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
    String mode = TrainKeys.MODE.get(c);
    String level = TrainKeys.STORAGE_LEVEL.get(c);
    try {
      StorageLevel.fromString(level);
    } catch (IllegalArgumentException e) {
      throw TrainKeys.STORAGE_LEVEL.invalid(c, "a Spark storage level such as MEMORY_ONLY", level);
    }
    return new TrainingMasterSettings(
        mode.equals("local"),
        TrainKeys.WORKERS.get(c),
        TrainKeys.AVERAGING_FREQUENCY.get(c),
        TrainKeys.APPROACH.get(c),
        TrainKeys.EXPORT_DIR.get(c),
        level,
        TrainKeys.REPARTITION.get(c),
        TrainKeys.THREADS.get(c));
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
