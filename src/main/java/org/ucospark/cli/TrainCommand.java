package org.ucospark.cli;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.ucospark.config.ConfigFiles;
import org.ucospark.io.HadoopFs;
import org.ucospark.train.RunSettings;
import org.ucospark.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train one model (ddc, ddc_uco, ddc_ae, dec, idec, dec_uco, cdec, icdec, cdec_uco, ohc) on a "
        + "prepared data set: data-parallel with DL4J "
        + "parameter averaging on Spark, or in this JVM with --local.",
    footer = {"", "Common keys for --set KEY=VALUE (all of them, with comments: src/main/resources/reference.conf,"
        + " also inside the jar):",
        "  epochs, batch_size, seed, eval_interval, checkpoint_interval, data.path, data.limit,",
        "  optimizer.learning_rate, loss.rel_sigma, loss.uco_lambda, loss.uco_kernel, dec.pretrain_epochs,",
        "  train.workers, train.averaging_frequency, spark.master, spark.conf.<spark property>",
        "--resume accepts only changes of epochs, checkpoint_interval, run_dir, train.*, spark.*, sweep.*."})
final class TrainCommand extends SparkCommand {
  @Option(names = "--experiment", required = true, paramLabel = "NAME",
      description = "Experiment file conf/experiments/NAME.conf, e.g. ddc_usps.")
  String experiment;

  @Option(names = "--run-dir", paramLabel = "URI", description = "Run directory (default run_dir, else runs/<experiment>-s<seed>).")
  String runDir;

  @Option(names = "--resume", description = "Continue the run in --run-dir from its last checkpoint.")
  boolean resume;

  @Option(names = "--local", description = "Train in this JVM without Spark parameter averaging (train.mode=local).")
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
    options.overrides.addAll(0, extra);
    return new Config[] {ConfigFiles.experiment(experiment)};
  }

  @Override
  int run(Config config, SparkSession spark) {
    new TrainingRun(spark, new HadoopFs(spark.sparkContext().hadoopConfiguration()), RunSettings.from(config),
        System.out).run(resume);
    return 0;
  }
}
