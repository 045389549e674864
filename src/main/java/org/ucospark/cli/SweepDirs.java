package org.ucospark.cli;

import com.typesafe.config.Config;
import org.ucospark.UcoException;
import org.ucospark.io.HadoopFs;
import org.ucospark.sweep.MetricSource;
import org.ucospark.sweep.SweepSpec;
import org.ucospark.sweep.TrialsTable;
import org.ucospark.train.RunDirectory;

/**
 * Checks that a folder given to summarize/report is a sweep output; the view (--metrics) they show.
 */
final class SweepDirs {
  private SweepDirs() {}

  static String existing(HadoopFs fs, String dir) {
    if (!fs.exists(TrialsTable.trialsPath(dir))) {
      RunDirectory run = new RunDirectory(fs, dir);
      if (run.unfinished()) {
        throw new UcoException(run.unfinishedMessage());
      }
      throw new UcoException(dir + ": not a sweep output (no " + TrialsTable.TRIALS + "/ folder)");
    }
    return dir;
  }

  /** Help text of the {@code --metrics} option of summarize and report. */
  static final String METRICS_HELP =
      "Which evaluation of each run to show: checkpoint (the lowest-loss checkpoint's,"
          + " the default) or final (after the last epoch). Default: the key sweep.metrics.";

  /** The view named by {@code --metrics}, else by the key {@code sweep.metrics}. */
  static MetricSource metrics(String option, Config config) {
    if (option == null) {
      return SweepSpec.metrics(config);
    }
    try {
      return MetricSource.parse(option);
    } catch (IllegalArgumentException e) {
      throw new UcoException("--metrics must be checkpoint or final, got '" + option + "'");
    }
  }
}
