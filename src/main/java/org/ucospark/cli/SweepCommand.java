package org.ucospark.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.ucospark.config.SweepKeys;
import org.ucospark.io.HadoopFs;
import org.ucospark.report.RunReport;
import org.ucospark.sweep.SweepRunner;
import org.ucospark.sweep.SweepSpec;
import org.ucospark.sweep.TrialSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description =
        "Run a grid of trials (data sets x models x hyperparameters x seeds) as Spark tasks; resumable: "
            + "finished trials are skipped. Ends with summary tables and a report. Exit code 0 when every trial "
            + "finished, 3 when some failed (or all of the first failed alike and the sweep stopped), 2 for bad input.")
final class SweepCommand extends SparkCommand {
  /**
   * Exit code of a sweep that ran but ends with failed (or, after identical first failures, unrun)
   * trials.
   */
  static final int SOME_FAILED = 3;

  @Parameters(
      index = "0",
      paramLabel = "FILE",
      description = "Sweep file, e.g. conf/sweeps/smoke.conf (any Hadoop FS URI).")
  String file;

  @Option(
      names = "--out",
      paramLabel = "URI",
      description =
          "Sweep output folder (default sweeps/<name>; without sweep.name the file's name).")
  String out;

  @Override
  Config[] layers() {
    HadoopFs fs = new HadoopFs();
    Config sweep =
        ConfigFactory.parseString(
            fs.readString(HadoopFs.path(file)),
            com.typesafe.config.ConfigParseOptions.defaults().setOriginDescription(file));
    if (!sweep.hasPath(SweepKeys.NAME.name())) {
      // an unnamed sweep is named after its file, so that two unnamed sweeps never share the
      // default output folder sweeps/<name> (reference.conf's "sweep" would put both there)
      sweep =
          sweep.withFallback(
              ConfigFactory.parseMap(
                  java.util.Map.of(SweepKeys.NAME.name(), nameOf(file)),
                  file + " (its file name)"));
    }
    return new Config[] {sweep};
  }

  /** The sweep file's name without its folder and extension: conf/sweeps/a.b.conf → a.b. */
  static String nameOf(String file) {
    String base = HadoopFs.path(file).getName();
    int dot = base.lastIndexOf('.');
    return dot > 0 ? base.substring(0, dot) : base;
  }

  @Override
  int run(Config config, SparkSession spark) {
    SweepSpec spec = SweepSpec.from(config);
    // Each trial is resolved exactly like `train` with the same command-line layers: defaults <
    // application.conf < experiment < (sweep.set < axes < seed) < --config < -Duco.* < --set.
    List<TrialSpec> trials = spec.trials(layers -> options.load(layers.toArray(Config[]::new)));
    String dir = HadoopFs.path(out != null ? out : "sweeps/" + spec.name()).toString();
    SweepRunner.Progress done =
        new SweepRunner(spark, spec, dir, System.out)
            .run(trials, new SweepEpilogue(RunReport.tsnePoints(config)));
    if (done.incomplete()) {
      System.err.printf(
          "uco-spark: sweep %s: %s; see %s/summary.md (exit code %d)%n",
          spec.name(),
          done.stopped()
              ? "stopped after its first trials failed with the same error"
              : (done.failed() + done.failedBefore()) + " of " + done.total() + " trials failed",
          dir,
          SOME_FAILED);
      return SOME_FAILED;
    }
    return 0;
  }
}
