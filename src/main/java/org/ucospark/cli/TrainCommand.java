package org.ucospark.cli;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.ucospark.UcoException;
import org.ucospark.config.ConfigFiles;
import org.ucospark.io.HadoopFs;
import org.ucospark.ml.DeepClusteringModel;
import org.ucospark.prepare.PreparedDataset;
import org.ucospark.train.RunDirectory;
import org.ucospark.train.RunSettings;
import org.ucospark.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description =
        "Train one model (ddc, ddc_uco, ddc_ae, dec, idec, dec_uco, cdec, icdec, cdec_uco, ohc) on a "
            + "prepared data set: data-parallel with DL4J "
            + "parameter averaging on Spark, or in this JVM with --local.",
    footer = {
      "",
      "Common keys for --set KEY=VALUE (all of them, with comments: src/main/resources/reference.conf,"
          + " also inside the jar):",
      "  epochs, batch_size, seed, eval_interval, checkpoint_interval, data.path, data.limit,",
      "  optimizer.learning_rate, loss.rel_sigma, loss.uco_lambda, loss.uco_kernel, dec.pretrain_epochs,",
      "  train.workers, train.averaging_frequency, spark.master, spark.conf.<spark property>",
      "--resume accepts only changes of epochs, checkpoint_interval, run_dir, train.*, spark.*, sweep.*."
    })
final class TrainCommand extends SparkCommand {
  @Option(
      names = "--experiment",
      paramLabel = "NAME",
      description = "Experiment file conf/experiments/NAME.conf, e.g. ddc_usps.")
  String experiment;

  @Option(
      names = "--model",
      paramLabel = "MODEL",
      description =
          "Train MODEL on the data set of --data (or data.path) with the model's published settings; "
              + "instead of --experiment.")
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
    // the
    // model's published settings; the network's shape and K come from the manifest in any case.
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
    TrainingRun.Outcome out = new TrainingRun(spark, fs, settings, System.out).run(resume);
    if (dir.hasBest()) {
      // the run as a Spark ML model: DeepClusteringModel.load(RUN_DIR/model) in any Spark
      // application
      DeepClusteringModel.fromRunDirectory(fs, settings.runDir())
          .write()
          .overwrite()
          .session(spark)
          .save(dir.path(DeepClusteringModel.RUN_FOLDER).toString());
    }
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
