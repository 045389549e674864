package org.ucospark.config;

import static org.ucospark.config.ConfigKey.Stage.SWEEP;

import java.util.List;

/** The {@code sweep} block: a grid of trials (conf/sweeps/*.conf). */
public final class SweepKeys {
  private SweepKeys() {}

  private static final String EMPTY_GRID =
      "name at least one (the grid is empty: the sweep would run no trial)";

  public static final ConfigKey<String> NAME =
      ConfigKey.string(
          "sweep.name",
          "sweep",
          SWEEP,
          "Name of the sweep (recorded in every trial); the output defaults to sweeps/<name>. The"
              + " `sweep` command names a sweep file without `name` after the file.");

  public static final ConfigKey<List<String>> DATASETS =
      ConfigKey.stringList(
              "sweep.datasets",
              List.of("usps"),
              SWEEP,
              "Data sets: names under data_root or paths (any Hadoop FS URI) of prepared data"
                  + " sets.")
          .validatedBy(Validator.nonEmpty(EMPTY_GRID));

  public static final ConfigKey<List<String>> MODELS =
      ConfigKey.stringList(
              "sweep.models",
              List.of("ddc"),
              SWEEP,
              "Models; each trial starts from the experiment file <model>_<dataset>, or the"
                  + " model's published settings.")
          .validatedBy(Validator.nonEmpty(EMPTY_GRID));

  public static final ConfigKey<List<Integer>> SEEDS =
      ConfigKey.seeds(
              "sweep.seeds",
              1,
              SWEEP,
              "Seeds: a number N means 0..N-1, or an explicit list such as [0, 3, 7].")
          .validatedBy(Validator.nonEmpty("name at least one seed"));

  public static final ConfigKey<com.typesafe.config.Config> AXES =
      ConfigKey.object(
          "sweep.axes",
          SWEEP,
          "Hyperparameter axes: config key -> list of values; the full grid of them, e.g. {"
              + " \"loss.uco_lambda\" = [0.01, 0.1] }.");

  public static final ConfigKey<Integer> RANDOM =
      ConfigKey.integer(
          "sweep.random",
          0,
          SWEEP,
          "Sample this many grid points at random (0 = the full grid), with sampling_seed.");

  public static final ConfigKey<Long> SAMPLING_SEED =
      ConfigKey.longKey(
          "sweep.sampling_seed", 0, SWEEP, "Seed of the random sampling of grid points.");

  public static final ConfigKey<com.typesafe.config.Config> SET =
      ConfigKey.object(
          "sweep.set",
          SWEEP,
          "Overrides applied to every trial before the axes, e.g. { epochs = 12, \"data.limit\""
              + " = 1200 }.");

  public static final ConfigKey<String> DATA_ROOT =
      ConfigKey.string(
          "sweep.data_root",
          "data/prepared",
          SWEEP,
          "Prepared data sets: a trial reads <data_root>/<dataset> unless the experiment or set"
              + " names data.path.");

  public static final ConfigKey<String> MODE =
      ConfigKey.choice(
          "sweep.mode",
          "trial-parallel",
          List.of("trial-parallel", "data-parallel"),
          SWEEP,
          "trial-parallel: every trial is one Spark task training a whole model | data-parallel:"
              + " trials one after another, each with parameter averaging on all executors.");

  public static final ConfigKey<Integer> MAX_ATTEMPTS =
      ConfigKey.integer(
          "sweep.max_attempts",
          2,
          SWEEP,
          "How often a trial that throws is attempted in all (at least once).");

  public static final ConfigKey<Integer> PARALLELISM =
      ConfigKey.integer(
          "sweep.parallelism",
          0,
          SWEEP,
          "Concurrent trials in trial-parallel mode; 0 = the cluster's default parallelism.");

  public static final ConfigKey<Integer> LOCK_TIMEOUT_S =
      ConfigKey.integer(
              "sweep.lock_timeout_s",
              120,
              SWEEP,
              "Seconds without heartbeat after which the lease of a killed sweep on its output"
                  + " folder is taken over.")
          .validatedBy(Validator.atLeast(1));

  public static final ConfigKey<Integer> THREADS_PER_TRIAL =
      ConfigKey.integer(
              "sweep.threads_per_trial",
              0,
              SWEEP,
              "Threads of one trial in trial-parallel mode; 0 = the cluster's cores shared by the"
                  + " trials running at once.")
          .validatedBy(Validator.atLeast(0));

  public static final ConfigKey<String> METRICS =
      ConfigKey.choice(
          "sweep.metrics",
          "checkpoint",
          List.of("checkpoint", "final"),
          SWEEP,
          "Which evaluation of each run the summary tables, paired.csv and the report show:"
              + " checkpoint = the lowest-loss checkpoint's | final = the last epoch's.");

  public static final ConfigKey<String> DIVERGED =
      ConfigKey.choice(
          "sweep.diverged",
          "include",
          List.of("include", "exclude"),
          SWEEP,
          "Runs whose loss became NaN/inf: include = they count with their best checkpoint from"
              + " before the divergence | exclude = only finished runs count.");
}
