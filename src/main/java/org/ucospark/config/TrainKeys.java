package org.ucospark.config;

import static org.ucospark.config.ConfigKey.Stage.TRAIN;

import java.util.List;

/** The {@code train} block: where and how the network trains. */
public final class TrainKeys {
  private TrainKeys() {}

  public static final ConfigKey<String> MODE =
      ConfigKey.choice(
          "train.mode",
          "spark",
          List.of("spark", "local"),
          TRAIN,
          "spark: data-parallel with DL4J parameter averaging across executors | local: one JVM,"
              + " no Spark training.");

  public static final ConfigKey<Integer> WORKERS =
      ConfigKey.integer(
              "train.workers",
              0,
              TRAIN,
              "Parameter-averaging workers (RDD partitions trained in parallel); 0 = Spark's"
                  + " default parallelism.")
          .validatedBy(Validator.atLeast(0));

  public static final ConfigKey<Integer> AVERAGING_FREQUENCY =
      ConfigKey.integer(
              "train.averaging_frequency",
              4,
              TRAIN,
              "Minibatches each worker fits between two parameter averagings (4: a round's fixed"
                  + " cost spread over 4 fits; 12-epoch USPS quality as at 1, docs/PERFORMANCE.md).")
          .validatedBy(Validator.atLeast(1));

  public static final ConfigKey<String> APPROACH =
      ConfigKey.choice(
          "train.approach",
          "auto",
          List.of("export", "direct", "auto"),
          TRAIN,
          "DL4J RDD training approach: export (batches written to export_dir) | direct (in"
              + " memory) | auto: export where DL4J allows it, else direct.");

  public static final ConfigKey<String> EXPORT_DIR =
      ConfigKey.string(
          "train.export_dir",
          "",
          TRAIN,
          "Where the export approach writes its batches, on a file system every executor sees."
              + " Empty: <run_dir>/export.");

  public static final ConfigKey<String> STORAGE_LEVEL =
      ConfigKey.string(
          "train.storage_level",
          "MEMORY_ONLY",
          TRAIN,
          "Storage level of the training batches (a Spark StorageLevel name).");

  public static final ConfigKey<String> REPARTITION =
      ConfigKey.choice(
          "train.repartition",
          "num_partitions_workers_differs",
          List.of("always", "never", "num_partitions_workers_differs"),
          TRAIN,
          "Repartition the batches before each averaging round.");

  public static final ConfigKey<Integer> THREADS =
      ConfigKey.integer(
              "train.threads",
              0,
              TRAIN,
              "ND4J threads per worker (OMP_NUM_THREADS); 0 = leave the environment's setting.")
          .validatedBy(Validator.atLeast(0));
}
