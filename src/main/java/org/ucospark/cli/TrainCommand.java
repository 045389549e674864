package org.ucospark.cli;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.ucospark.UcoException;
import org.ucospark.config.ConfigFiles;
import org.ucospark.config.ConfigKey;
import org.ucospark.config.ConfigKeys;
import org.ucospark.io.HadoopFs;
import org.ucospark.ml.DeepClustering;
import org.ucospark.model.ModelFamilies;
import org.ucospark.prepare.PreparedDataset;
import org.ucospark.train.RunDirectory;
import org.ucospark.train.RunOutcome;
import org.ucospark.train.RunSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    // the models of the family registry are filled in by describe (from Main.commandLine), the
    // key list of the footer by footer() from the key declarations
    description = TrainCommand.DESCRIPTION)
final class TrainCommand extends SparkCommand {
  static final String DESCRIPTION =
      "Train one model (%s) on a prepared data set: data-parallel with DL4J parameter averaging on"
          + " Spark, or in this JVM with --local.";

  /** Puts the models of every registered family ({@link ModelFamilies}) into the help text. */
  static void describe(CommandLine.Model.CommandSpec spec) {
    spec.usageMessage().description(String.format(DESCRIPTION, ModelFamilies.names()));
  }

  @Option(
      names = "--experiment",
      paramLabel = "NAME",
      description = "Experiment file conf/experiments/NAME.conf, e.g. ddc_usps.")
  String experiment;

  @Option(
      names = "--model",
      paramLabel = "MODEL",
      description =
          "Train MODEL (one of the list above) on the data set of --data (or data.path) with the"
              + " model's published settings; instead of --experiment.")
  String model;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Prepared data set to train on (sets data.path); any Hadoop FS URI.")
  String data;

  @Option(
      names = "--run-dir",
      paramLabel = "URI",
      description =
          "Run directory (default run_dir, else runs/<experiment>-s<seed>; with --model the experiment is <model>_<data set name>).")
  String runDir;

  @Option(
      names = "--resume",
      description =
          "Continue the run in --run-dir from its last checkpoint (refused when it has none).")
  boolean resume;

  @Option(
      names = "--local",
      description = "Train in this JVM without Spark parameter averaging (train.mode=local).")
  boolean local;

  /**
   * The help's footer: the keys a training run reads, from their declarations ({@link ConfigKeys}),
   * wrapped.
   */
  static String[] footer() {
    List<String> lines = new ArrayList<>();
    lines.add("");
    lines.add(
        "Keys for --set KEY=VALUE (`uco-spark keys [PREFIX]` prints each with its type, default and"
            + " doc; with comments: src/main/resources/reference.conf, also inside the jar):");
    List<String> names = new ArrayList<>();
    for (ConfigKey.Stage stage : List.of(ConfigKey.Stage.TRAIN, ConfigKey.Stage.SPARK)) {
      ConfigKeys.ofStage(stage).stream()
          .filter(k -> k.type() != ConfigKey.Type.OBJECT)
          .forEach(k -> names.add(k.name()));
    }
    names.add("spark.conf.<spark property>");
    StringBuilder line = new StringBuilder(" ");
    for (String name : names) {
      if (line.length() + name.length() + 1 > 78) { // picocli wraps at 80
        lines.add(line.toString());
        line = new StringBuilder(" ");
      }
      line.append(' ').append(name);
    }
    lines.add(line.toString());
    lines.add(
        "--resume accepts only changes of epochs, checkpoint_interval, run_dir, train.*, spark.*,"
            + " sweep.*.");
    return lines.toArray(String[]::new);
  }

  @Override
  Config[] layers() {
    List<String> extra = new ArrayList<>();
    if (runDir != null) {
      extra.add("run_dir=" + runDir);
    }
    if (local) {
      extra.add("train.mode=local");
    }
    if (data != null) {
      extra.add("data.path=" + data);
    }
    options.overrides.addAll(0, extra);
    if ((experiment == null) == (model == null)) {
      throw new UcoException(
          "train: give either --experiment NAME (e.g. ddc_usps) or --model MODEL with --data DIR");
    }
    if (experiment != null) {
      return new Config[] {ConfigFiles.experiment(experiment)};
    }
    // The data set's own name (from its manifest) picks the experiment file of a built-in set, else
    // the model's published settings; the network's shape and K come from the manifest in any case.
    String location =
        data != null
            ? data
            : options.overrides.stream()
                .filter(o -> o.startsWith("data.path="))
                .reduce((a, b) -> b)
                .map(o -> o.substring("data.path=".length()))
                .orElse(null);
    if (location == null) {
      throw new UcoException(
          "train --model "
              + model
              + ": name the prepared data set with --data DIR (or --set data.path=DIR)");
    }
    String name = PreparedDataset.open(new HadoopFs(), location).manifest().name();
    return new Config[] {ConfigFiles.forModel(model, name)};
  }

  /**
   * The exit code of a run whose loss became NaN or infinite (docs/PROTOCOL.md, "survivorship"): an
   * outcome, not an error (2) or a crash (1); its summary.json says {@code "status": "diverged"}.
   */
  static final int DIVERGED = 4;

  @Override
  int run(Config config, SparkSession spark) throws java.io.IOException {
    HadoopFs fs = new HadoopFs(spark.sparkContext().hadoopConfiguration());
    RunSettings settings = RunSettings.from(config);
    RunDirectory dir = new RunDirectory(fs, settings.runDir());
    if (resume && !dir.hasCheckpoint()) {
      // refused rather than started afresh: a mistyped --run-dir would otherwise start a second
      // run silently while the user believes the first one goes on
      throw new UcoException(
          dir.root()
              + ": nothing to resume (no checkpoints/state.json there); check --run-dir, or leave"
              + " out --resume to start a new run");
    }
    // the command line as a client of the Spark ML API: the estimator of the run's configuration
    // fits the prepared data set in the run directory, which then holds the model (RUN_DIR/model)
    RunOutcome out = DeepClustering.train(spark, settings, resume).outcome();
    if (out.diverged()) {
      System.out.println(
          "train: "
              + out.divergence().describe()
              + "; summary.json reports the best checkpoint from before it"
              + (out.best() == null ? " (none: no evaluation came first)" : "")
              + " (exit "
              + DIVERGED
              + ")");
      return DIVERGED;
    }
    return 0;
  }
}
