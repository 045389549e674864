package org.ucospark.cli;

import com.typesafe.config.Config;
import org.apache.spark.sql.SparkSession;
import org.ucospark.io.HadoopFs;
import org.ucospark.report.SweepReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write SWEEP_DIR/report/index.html: summary tables and PNG plots (ACC/NMI/OFM per epoch, box plots).")
final class ReportCommand extends SparkCommand {
  @Parameters(index = "0", paramLabel = "SWEEP_DIR", description = "Sweep output folder (any Hadoop FS URI).")
  String dir;

  @Option(names = "--metrics", paramLabel = "checkpoint|final", description = SweepDirs.METRICS_HELP)
  String metrics;

  @Override
  int run(Config config, SparkSession spark) {
    System.out.println("report: " + SweepReport.write(spark,
        SweepDirs.existing(new HadoopFs(spark.sparkContext().hadoopConfiguration()), dir), SweepDirs.metrics(metrics, config)));
    return 0;
  }
}
