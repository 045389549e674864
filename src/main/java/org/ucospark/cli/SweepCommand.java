package org.ucospark.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.ucospark.config.ConfigLoader;
import org.ucospark.io.HadoopFs;
import org.ucospark.sweep.SweepRunner;
import org.ucospark.sweep.SweepSpec;
import org.ucospark.sweep.TrialSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = "Run a grid of trials (data sets x models x hyperparameters x seeds) as Spark tasks; resumable: "
        + "finished trials are skipped. Ends with summary tables and a report.")
final class SweepCommand extends SparkCommand {
  @Parameters(index = "0", paramLabel = "FILE", description = "Sweep file, e.g. conf/sweeps/smoke.conf (any Hadoop FS URI).")
  String file;

  @Option(names = "--out", paramLabel = "URI", description = "Sweep output folder (default sweeps/<name>).")
  String out;

  @Override
  Config[] layers() {
    HadoopFs fs = new HadoopFs();
    return new Config[] {ConfigFactory.parseString(fs.readString(HadoopFs.path(file)),
        com.typesafe.config.ConfigParseOptions.defaults().setOriginDescription(file))};
  }

  @Override
  int run(Config config, SparkSession spark) {
    SweepSpec spec = SweepSpec.from(config);
    // Each trial is resolved like `train`: defaults < application.conf < experiment < sweep.set < axes < seed,
    // with the command line's --set applied last.
    List<TrialSpec> trials = spec.trials(layers -> {
      ConfigLoader loader = new ConfigLoader().withApplicationFile();
      layers.forEach(loader::withConfig);
      return loader.withOverrides(options.overrides).load();
    });
    String dir = HadoopFs.path(out != null ? out : "sweeps/" + spec.name()).toString();
    new SweepRunner(spark, spec, dir, System.out).run(trials);
    return 0;
  }
}
