package org.ucospark.cli;

import com.typesafe.config.Config;
import org.apache.spark.sql.SparkSession;
import org.ucospark.io.HadoopFs;
import org.ucospark.sweep.SweepSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "summarize", mixinStandardHelpOptions = true,
    description = "Rebuild summary.parquet, summary.csv, summary.md and paired.csv of a sweep from its trials table.")
final class SummarizeCommand extends SparkCommand {
  @Parameters(index = "0", paramLabel = "SWEEP_DIR", description = "Sweep output folder (any Hadoop FS URI).")
  String dir;

  @Override
  int run(Config config, SparkSession spark) {
    SweepSummary.Analysis a = SweepSummary.write(spark, SweepDirs.existing(new HadoopFs(spark.sparkContext().hadoopConfiguration()), dir));
    System.out.printf("%d groups, %d failed trials; wrote %s/summary.md%n", a.rows().size(), a.failed().size(), dir);
    return 0;
  }
}
