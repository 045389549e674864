package org.ucospark.cli;

import com.typesafe.config.Config;
import org.apache.spark.sql.SparkSession;
import org.ucospark.io.HadoopFs;
import org.ucospark.prepare.Inspector;
import picocli.CommandLine.Command;
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

  @Override
  int run(Config config, SparkSession spark) throws Exception {
    HadoopFs fs = new HadoopFs(spark.sparkContext().hadoopConfiguration());
    System.out.println(Inspector.inspect(spark, fs, path).toPrettyString());
    return 0;
  }
}
