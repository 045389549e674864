package org.ucospark.cli;

import org.ucospark.UcoException;
import org.ucospark.io.HadoopFs;
import org.ucospark.sweep.TrialsTable;

/** Checks that a folder given to summarize/report is a sweep output. */
final class SweepDirs {
  private SweepDirs() {}

  static String existing(HadoopFs fs, String dir) {
    if (!fs.exists(TrialsTable.trialsPath(dir))) {
      throw new UcoException(dir + ": not a sweep output (no " + TrialsTable.TRIALS + "/ folder)");
    }
    return dir;
  }
}
