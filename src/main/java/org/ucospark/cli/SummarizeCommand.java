package org.ucospark.cli;

import com.typesafe.config.Config;
import org.apache.spark.sql.SparkSession;
import org.ucospark.io.HadoopFs;
import org.ucospark.sweep.MetricSource;
import org.ucospark.sweep.SweepAnalysis;
import org.ucospark.sweep.SweepSpec;
import org.ucospark.sweep.SweepSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "summarize",
    mixinStandardHelpOptions = true,
    description =
        "Rebuild summary.parquet, summary.csv, summary.md and paired.csv of a sweep from its trials table.")
final class SummarizeCommand extends SparkCommand {
  @Parameters(
      index = "0",
      paramLabel = "SWEEP_DIR",
      description = "Sweep output folder (any Hadoop FS URI).")
  String dir;

  @Option(
      names = "--metrics",
      paramLabel = "checkpoint|final",
      description = SweepDirs.METRICS_HELP)
  String metrics;

  @Override
  int run(Config config, SparkSession spark) {
    MetricSource source = SweepDirs.metrics(metrics, config);
    SweepAnalysis a =
        SweepSummary.write(
            spark,
            SweepDirs.existing(new HadoopFs(spark.sparkContext().hadoopConfiguration()), dir),
            source,
            SweepSpec.diverged(config));
    System.out.printf(
        "%d groups, %d failed trials (%s); wrote %s/summary.md%n",
        a.rows().size(), a.failed().size(), source.description(), dir);
    return 0;
  }
}
