package org.ucospark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.ucospark.config.ConfigFiles;
import org.ucospark.config.PrepareSettings;
import org.ucospark.data.DatasetName;
import org.ucospark.io.HadoopFs;
import org.ucospark.ml.DeepClustering;
import org.ucospark.prepare.Inspector;
import org.ucospark.prepare.PrepareJob;
import org.ucospark.prepare.RawSources;
import org.ucospark.train.RunSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The README's main job: prepare the USPS files shipped in data/raw, then train DDC on them for a
 * few epochs with parameter averaging on Spark local[*], printing progress and the final ACC/NMI
 * table.
 */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    description =
        "Prepare the USPS data shipped in data/raw and train ddc on it for a few epochs on Spark local[*].")
final class QuickstartCommand extends SparkCommand {
  @Option(
      names = "--home",
      paramLabel = "DIR",
      description = "Project folder holding data/ (default: UCO_HOME or .).")
  String home;

  @Option(
      names = "--epochs",
      paramLabel = "N",
      description = "Training epochs (default ${DEFAULT-VALUE}).")
  int epochs = 3;

  @Override
  Config[] layers() {
    options.overrides.addAll(0, List.of("epochs=" + epochs, "eval_interval=1"));
    return new Config[] {ConfigFiles.experiment("ddc_usps")};
  }

  @Override
  int run(Config config, SparkSession spark) {
    Path root =
        Path.of(home != null ? home : System.getenv().getOrDefault("UCO_HOME", "."))
            .toAbsolutePath();
    HadoopFs fs = new HadoopFs(spark.sparkContext().hadoopConfiguration());
    PrepareSettings settings = PrepareSettings.from(config);
    var raw =
        RawSources.locate(
            fs, root.resolve("data/raw").toString(), DatasetName.usps, settings, System.out);
    PrepareJob.Outcome prepared =
        new PrepareJob(spark, fs, settings, System.out)
            .run(DatasetName.usps, raw, HadoopFs.path(root.resolve("data/prepared").toString()));
    JsonNode info = Inspector.inspect(spark, fs, prepared.path().toString());
    System.out.printf(
        "%nusps: %d images of shape %s, %d classes at %s%n",
        info.get("count").asLong(),
        info.at("/manifest/shape"),
        info.at("/manifest/num_classes").asInt(),
        prepared.path());
    System.out.println("images per class: " + info.get("labels"));

    Path runDir = root.resolve("runs/quickstart-ddc_usps");
    Config train =
        config
            .withValue("data.path", ConfigValueFactory.fromAnyRef(prepared.path().toString()))
            .withValue("run_dir", ConfigValueFactory.fromAnyRef(runDir.toString()));
    System.out.printf("%ntraining ddc on usps for %d epochs (run directory %s)%n", epochs, runDir);
    fs.deleteQuietly(HadoopFs.path(runDir.toString()));
    DeepClustering.train(spark, RunSettings.from(train), false);
    return 0;
  }
}
