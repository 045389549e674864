package org.ucospark.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.ucospark.UcoException;
import org.ucospark.config.ConfigFiles;
import org.ucospark.config.DataKeys;
import org.ucospark.config.Redaction;
import org.ucospark.config.RunKeys;
import org.ucospark.config.SweepKeys;
import org.ucospark.io.HadoopFs;

/**
 * A sweep file bound to typed values, and its expansion into trials: data sets × models × grid
 * points × seeds, where a grid point is one value per hyperparameter axis (the full grid, or {@code
 * random} points sampled with {@code sampling_seed}). Each trial's configuration is its experiment
 * file {@code <model>_<dataset>} (for a data set of the user's own, the model's published settings:
 * {@link ConfigFiles#forModel}), then the sweep's {@code set} block, then the grid point, then the
 * seed. A data set is a name under {@code data_root} or the path of a prepared data set.
 */
public record SweepSpec(
    String name,
    List<String> datasets,
    List<String> models,
    List<Integer> seeds,
    Map<String, List<ConfigValue>> axes,
    int random,
    long samplingSeed,
    Config set,
    String dataRoot,
    String mode,
    int maxAttempts,
    int parallelism,
    int threadsPerTrial,
    MetricSource metrics,
    int lockTimeoutSeconds,
    DivergedRuns diverged,
    SearchSpace space,
    Halving halving) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static SweepSpec from(Config c) {
    // Keys of `axes` and `set` may be written as paths (loss.rel_sigma, loss { rel_sigma }) or as
    // quoted dotted strings ("loss.rel_sigma", which HOCON reads as one name): both mean the config
    // key loss.rel_sigma. An axis is a list or, under random/sobol search, a distribution
    // (SearchSpace, which refuses a distribution under grid).
    SearchSpace space = SearchSpace.from(c, SweepSpec::dotted);
    Config axesBlock = SweepKeys.AXES.get(c);
    Map<String, List<ConfigValue>> axes = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e :
        space.sampled() ? List.<Map.Entry<String, ConfigValue>>of() : axesBlock.entrySet()) {
      String key = dotted(e.getKey());
      if (!(e.getValue().unwrapped() instanceof List<?>)) {
        throw new UcoException(
            e.getValue().origin().description()
                + ": axis 'sweep.axes."
                + key
                + "' must be a list of values");
      }
      axes.put(key, new ArrayList<>(axesBlock.getList(e.getKey())));
    }
    Config set = ConfigFactory.empty();
    for (Map.Entry<String, ConfigValue> e : SweepKeys.SET.get(c).entrySet()) {
      set = set.withValue(dotted(e.getKey()), e.getValue());
    }
    List<String> datasets = SweepKeys.DATASETS.get(c);
    List<String> models = SweepKeys.MODELS.get(c);
    for (Map.Entry<String, List<ConfigValue>> axis : axes.entrySet()) {
      if (axis.getValue().isEmpty()) {
        throw emptyGrid(
            c, "sweep.axes", "give at least one value for axis '" + axis.getKey() + "'");
      }
    }
    return new SweepSpec(
        SweepKeys.NAME.get(c),
        datasets,
        models,
        SweepKeys.SEEDS.get(c),
        axes,
        SweepKeys.RANDOM.get(c),
        SweepKeys.SAMPLING_SEED.get(c),
        set,
        SweepKeys.DATA_ROOT.get(c),
        SweepKeys.MODE.get(c),
        Math.max(1, SweepKeys.MAX_ATTEMPTS.get(c)),
        SweepKeys.PARALLELISM.get(c),
        SweepKeys.THREADS_PER_TRIAL.get(c),
        metrics(c),
        SweepKeys.LOCK_TIMEOUT_S.get(c),
        diverged(c),
        space,
        halving(c, space));
  }

  /**
   * {@code sweep.schedule}: {@code full} (null) or {@code halving}, then the halving block ({@link
   * Halving#from}).
   */
  static Halving halving(Config c, SearchSpace space) {
    return SweepKeys.SCHEDULE.get(c).equals("halving")
        ? Halving.from(c, new java.util.HashSet<>(space.keys()), SweepKeys.MODELS.get(c))
        : null;
  }

  /**
   * {@code sweep.diverged}: whether the summary counts diverged runs ({@link DivergedRuns#parse}).
   */
  public static DivergedRuns diverged(Config c) {
    return DivergedRuns.parse(SweepKeys.DIVERGED.get(c));
  }

  /**
   * {@code sweep.metrics}: the view the summary and the report show ({@link MetricSource#parse}).
   */
  public static MetricSource metrics(Config c) {
    return MetricSource.parse(SweepKeys.METRICS.get(c));
  }

  /**
   * A key path whose quoted elements may hold dots ({@code "data.limit"}) as the plain path {@code
   * data.limit}.
   */
  static String dotted(String path) {
    List<String> parts = new ArrayList<>();
    for (String element : ConfigUtil.splitPath(path)) {
      parts.addAll(List.of(element.split("\\.", -1)));
    }
    return ConfigUtil.joinPath(parts);
  }

  private static UcoException emptyGrid(Config c, String key, String what) {
    return new UcoException(
        c.getValue(key).origin().description()
            + ": key '"
            + key
            + "' must "
            + what
            + " (the grid is empty: the sweep would run no trial)");
  }

  /**
   * The grid points: one map axis → value each (a single empty point when there are no axes); the
   * drawn points under {@code sweep.search = random | sobol} ({@link SearchSpace}).
   */
  public List<Map<String, ConfigValue>> gridPoints() {
    if (space != null && space.sampled()) {
      return space.draw();
    }
    List<Map<String, ConfigValue>> points = new ArrayList<>();
    points.add(new LinkedHashMap<>());
    for (Map.Entry<String, List<ConfigValue>> axis : axes.entrySet()) {
      List<Map<String, ConfigValue>> next = new ArrayList<>();
      for (Map<String, ConfigValue> point : points) {
        for (ConfigValue value : axis.getValue()) {
          Map<String, ConfigValue> extended = new LinkedHashMap<>(point);
          extended.put(axis.getKey(), value);
          next.add(extended);
        }
      }
      points = next;
    }
    if (random > 0 && random < points.size()) {
      Collections.shuffle(points, new Random(samplingSeed));
      points = new ArrayList<>(points.subList(0, random));
    }
    return points;
  }

  /**
   * Every trial with its resolved configuration. {@code resolve} layers an experiment config (and
   * overrides) over the defaults exactly as the {@code train} command does, and validates keys and
   * types.
   */
  public List<TrialSpec> trials(Function<List<Config>, Config> resolve) {
    List<TrialSpec> trials = new ArrayList<>();
    for (String entry : datasets) {
      // An entry is a data set name under data_root, or the path (URI) of a prepared data set,
      // named by its last path segment (the folder prepare wrote: OUT/<name>).
      boolean isPath = entry.contains("/") || entry.contains(":");
      String dataset = isPath ? new org.apache.hadoop.fs.Path(entry).getName() : entry;
      String location = isPath ? entry : dataRoot + "/" + dataset;
      for (String model : models) {
        Config experiment = ConfigFiles.forModel(model, dataset);
        for (Map<String, ConfigValue> point : gridPoints()) {
          Config grid = set;
          for (Map.Entry<String, ConfigValue> e : point.entrySet()) {
            grid = grid.withValue(e.getKey(), e.getValue());
          }
          for (int seed : seeds) {
            Config trial = grid.withValue(RunKeys.SEED.name(), ConfigValueFactory.fromAnyRef(seed));
            Config resolved = resolve.apply(List.of(experiment, trial));
            if (DataKeys.PATH.get(resolved).isBlank()) {
              // Absolute, as seen from the driver: executors run in another working directory.
              resolved =
                  resolved.withValue(
                      DataKeys.PATH.name(),
                      ConfigValueFactory.fromAnyRef(HadoopFs.path(location).toString()));
            }
            // Values are checked by each trial itself (RunSettings), so that an impossible value in
            // one grid point fails that trial only; keys and types were checked by the loader.
            String params = paramsJson(point);
            // The id covers what defines the experiment, not where or how it executes.
            String identity =
                resolved
                    .withoutPath("spark")
                    .withoutPath("train")
                    .withoutPath("run_dir")
                    .withoutPath("sweep")
                    .root()
                    .render(ConfigRenderOptions.concise());
            trials.add(
                new TrialSpec(
                    id(identity),
                    name,
                    dataset,
                    model,
                    seed,
                    params,
                    // recorded in the trials table: credentials redacted (docs/S3.md)
                    Redaction.redact(resolved)
                        .root()
                        .render(ConfigRenderOptions.concise().setJson(true)),
                    1));
          }
        }
      }
    }
    return trials;
  }

  /** The grid point as a canonical JSON object, e.g. {"loss.uco_lambda":0.1}. */
  static String paramsJson(Map<String, ConfigValue> point) {
    ObjectNode node = JSON.createObjectNode();
    point.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> node.set(e.getKey(), JSON.valueToTree(e.getValue().unwrapped())));
    return node.toString();
  }

  /**
   * A stable id: the first 16 hex digits of SHA-256 over the resolved configuration (seed
   * included).
   */
  static String id(String resolvedConfig) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(resolvedConfig.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
