package org.ucospark.cli;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.ucospark.UcoException;
import org.ucospark.config.PrepareSettings;
import org.ucospark.data.DatasetName;
import org.ucospark.io.HadoopFs;
import org.ucospark.prepare.PrepareJob;
import org.ucospark.prepare.RawSources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "prepare", mixinStandardHelpOptions = true,
    description = "Read raw MNIST, Fashion-MNIST, USPS or COIL-100 files, apply the pixel recipe of the spec "
        + "and write OUT/<name> as Parquet with a _manifest.json.")
final class PrepareCommand extends SparkCommand {
  @Option(names = "--dataset", required = true, paramLabel = "NAME",
      description = "mnist, fmnist, usps, coil100 or all.")
  String dataset;

  @Option(names = "--raw", required = true, paramLabel = "DIR",
      description = "Folder with one sub-folder per data set (mnist/, fashion-mnist/, usps/, coil-100/); any Hadoop FS URI.")
  String raw;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder; any Hadoop FS URI.")
  String out;

  @Option(names = "--force", description = "Rebuild OUT/<name> even when it exists (e.g. damaged: a part file lost).")
  boolean force;

  private static DatasetName parse(String name) {
    try {
      return DatasetName.fromCli(name);
    } catch (IllegalArgumentException e) {
      throw new UcoException("--dataset: " + e.getMessage() + " or all");
    }
  }

  @Override
  int run(Config config, SparkSession spark) {
    List<DatasetName> names = "all".equals(dataset) ? List.of(DatasetName.values()) : List.of(parse(dataset));
    PrepareSettings settings = PrepareSettings.from(config);
    HadoopFs fs = new HadoopFs(spark.sparkContext().hadoopConfiguration());
    PrepareJob job = new PrepareJob(spark, fs, settings, System.out);
    List<PrepareJob.Outcome> outcomes = new ArrayList<>();
    for (DatasetName name : names) {
      var files = RawSources.locate(fs, raw, name, settings, System.out);
      outcomes.add(job.run(name, files, HadoopFs.path(out), force));
    }
    System.out.printf("%-8s %10s  %s%n", "dataset", "rows", "path");
    for (PrepareJob.Outcome o : outcomes) {
      System.out.printf("%-8s %,10d  %s%s%n", o.name().cliName(), o.count(), o.path(),
          o.alreadyPrepared() ? " (already prepared)" : String.format(" (%.1f s)", o.seconds()));
    }
    return 0;
  }

}
