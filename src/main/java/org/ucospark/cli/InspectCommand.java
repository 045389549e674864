package org.ucospark.cli;

import com.typesafe.config.Config;
import org.apache.spark.sql.SparkSession;
import org.ucospark.io.HadoopFs;
import org.ucospark.prepare.Inspector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description =
        "Print a prepared data set's manifest, Parquet schema, row count and label histogram as one JSON object.")
final class InspectCommand extends SparkCommand {
  @Parameters(
      index = "0",
      paramLabel = "PATH",
      description = "Prepared data set folder (any Hadoop FS URI).")
  String path;

  @Option(
      names = "--contents",
      description =
          "Also decode every row (reads the whole data set): finds a part file damaged inside,"
              + " which the size check against the manifest cannot.")
  boolean contents;

  @Override
  int run(Config config, SparkSession spark) throws Exception {
    HadoopFs fs = new HadoopFs(spark.sparkContext().hadoopConfiguration());
    System.out.println(Inspector.inspect(spark, fs, path, contents).toPrettyString());
    return 0;
  }
}
