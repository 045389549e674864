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
  public static final ConfigKey<String> SEARCH =
      ConfigKey.choice(
          "sweep.search",
          "grid",
          List.of("grid", "random", "sobol"),
          SWEEP,
          "How points are taken from the axes: grid = every combination of the lists | random ="
              + " `samples` points drawn independently | sobol = `samples` points of the Sobol"
              + " sequence; both reproducible from sampling_seed (docs/SWEEPS.md).");

  public static final ConfigKey<Integer> SAMPLES =
      ConfigKey.integer(
              "sweep.samples",
              0,
              SWEEP,
              "Points drawn under search = random or sobol (at least 1 there; 0 under grid).")
          .validatedBy(Validator.atLeast(0));

  public static final ConfigKey<String> SCHEDULE =
      ConfigKey.choice(
          "sweep.schedule",
          "full",
          List.of("full", "halving"),
          SWEEP,
          "full = every trial to its last epoch | halving = successive halving over seed groups"
              + " (docs/SWEEPS.md).");

  public static final ConfigKey<Integer> HALVING_MIN_EPOCHS =
      ConfigKey.integer(
              "sweep.halving.min_epochs",
              4,
              SWEEP,
              "The first rung's epochs; every rung below the trial's epochs must be a multiple of"
                  + " eval_interval.")
          .validatedBy(Validator.atLeast(1));

  public static final ConfigKey<Integer> HALVING_ETA =
      ConfigKey.integer(
              "sweep.halving.eta",
              3,
              SWEEP,
              "Rung i+1 trains eta times the epochs of rung i; rule rank keeps the best 1/eta.")
          .validatedBy(Validator.atLeast(2));

  public static final ConfigKey<String> HALVING_CRITERION =
      ConfigKey.string(
          "sweep.halving.criterion",
          "clustering",
          SWEEP,
          "What configurations are compared by (seed mean after the rung): clustering = the"
              + " family's own clustering loss (label-free) | loss | ofm | a loss term by name |"
              + " acc, nmi, ari (only with labels = allowed).");

  public static final ConfigKey<String> HALVING_MODE =
      ConfigKey.choice(
          "sweep.halving.mode",
          "auto",
          List.of("min", "max", "auto"),
          SWEEP,
          "min | max | auto (max for the label metrics, min otherwise).");

  public static final ConfigKey<String> HALVING_RULE =
      ConfigKey.choice(
          "sweep.halving.rule",
          "rank",
          List.of("rank", "wilcoxon"),
          SWEEP,
          "rank = keep the best floor(n/eta) of a rung, asynchronously (ASHA) | wilcoxon = stop a"
              + " configuration whose seed-paired values are worse than the rung leader's at p <"
              + " alpha.");

  public static final ConfigKey<Double> HALVING_ALPHA =
      ConfigKey.real(
              "sweep.halving.alpha",
              0.05,
              SWEEP,
              "Significance level of rule wilcoxon (two-sided).")
          .validatedBy(
              new Validator<>(
                  v -> v.doubleValue() > 0 && v.doubleValue() < 1,
                  "be a level between 0 and 1 (exclusive)"));

  public static final ConfigKey<String> HALVING_LABELS =
      ConfigKey.choice(
          "sweep.halving.labels",
          "forbidden",
          List.of("forbidden", "allowed"),
          SWEEP,
          "Whether a criterion that uses the labels may select (allowed: every table says"
              + " \"selected with labels\").");
}
