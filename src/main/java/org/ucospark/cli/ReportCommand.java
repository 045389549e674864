package org.ucospark.cli;

import com.typesafe.config.Config;
import org.apache.spark.sql.SparkSession;
import org.ucospark.io.HadoopFs;
import org.ucospark.report.RunReport;
import org.ucospark.report.SweepReport;
import org.ucospark.sweep.SweepSpec;
import org.ucospark.sweep.SweepSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description =
        "Write DIR/report/index.html. For a sweep: summary tables and PNG plots (ACC/NMI/OFM per epoch, box "
            + "plots, the best run of each model with its confusion matrix and run report, provenance). For one run "
            + "(summary.json and metrics.jsonl): loss terms and scores per epoch, the confusion matrix, cluster sizes, "
            + "images per cluster and PCA and t-SNE maps of the embeddings (report.tsne_points).")
final class ReportCommand extends SparkCommand {
  @Parameters(
      index = "0",
      paramLabel = "DIR",
      description = "Sweep output folder or run directory (any Hadoop FS URI).")
  String dir;

  @Option(
      names = "--metrics",
      paramLabel = "checkpoint|final",
      description = SweepDirs.METRICS_HELP)
  String metrics;

  @Override
  int run(Config config, SparkSession spark) {
    HadoopFs fs = new HadoopFs(spark.sparkContext().hadoopConfiguration());
    int tsnePoints = RunReport.tsnePoints(config);
    System.out.println(
        "report: "
            + (RunReport.isRun(fs, dir)
                ? RunReport.write(spark, dir, tsnePoints)
                : SweepReport.write(
                    spark,
                    dir,
                    SweepSummary.analyse(
                        spark,
                        SweepDirs.existing(fs, dir),
                        SweepDirs.metrics(metrics, config),
                        SweepSpec.diverged(config)),
                    tsnePoints)));
    return 0;
  }
}
