package org.ucospark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.ucospark.config.PrepareSettings;
import org.ucospark.data.DatasetName;
import org.ucospark.io.HadoopFs;
import org.ucospark.prepare.Inspector;
import org.ucospark.prepare.PrepareJob;
import org.ucospark.prepare.RawSources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The README's main job: prepare the USPS files shipped in data/raw and show what was written. */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
    description = "Prepare the USPS data shipped in data/raw on Spark local[*] and print a summary.")
final class QuickstartCommand extends SparkCommand {
  @Option(names = "--home", paramLabel = "DIR", description = "Project folder holding data/ (default: UCO_HOME or .).")
  String home;

  @Override
  int run(Config config, SparkSession spark) {
    Path root = Path.of(home != null ? home : System.getenv().getOrDefault("UCO_HOME", ".")).toAbsolutePath();
    HadoopFs fs = new HadoopFs(spark.sparkContext().hadoopConfiguration());
    PrepareSettings settings = PrepareSettings.from(config);
    var raw = RawSources.locate(fs, root.resolve("data/raw").toString(), DatasetName.usps, settings, System.out);
    PrepareJob.Outcome prepared = new PrepareJob(spark, fs, settings, System.out)
        .run(DatasetName.usps, raw, HadoopFs.path(root.resolve("data/prepared").toString()));
    JsonNode info = Inspector.inspect(spark, fs, prepared.path().toString());
    System.out.printf("%nusps: %d images of shape %s, %d classes at %s%n", info.get("count").asLong(),
        info.at("/manifest/shape"), info.at("/manifest/num_classes").asInt(), prepared.path());
    System.out.println("images per class: " + info.get("labels"));
    return 0;
  }
}
