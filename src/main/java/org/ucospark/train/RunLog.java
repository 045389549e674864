package org.ucospark.train;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.ucospark.UcoException;
import org.ucospark.io.HadoopFs;

/**
 * Where one run's output goes. Progress lines are for people: stdout for a run started from the
 * command line ({@link #to}), the run directory's train.log for a trial of a trial-parallel sweep
 * ({@link #file}), whose executor's stdout nobody reads. Diagnostics go through slf4j (the log4j2
 * binding Spark ships at run time) or, for a trial, into its train.log, with the error that ended
 * it and its stack trace: a failed trial's log is in its run directory, next to the checkpoints,
 * wherever that is (local, HDFS). A write of the log that fails (a full disk) never stops the run:
 * the PrintStream keeps the error to itself.
 */
public final class RunLog implements AutoCloseable {
  /** The log file of a run directory. */
  public static final String FILE = "train.log";

  /** The time of a line, as log4j2.properties writes it on stderr. */
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final PrintStream lines;

  /**
   * Whether this is a trial's train.log: then the file is the diagnostics' home and slf4j gets them
   * at debug (hundreds of trials would otherwise repeat in the executors' logs what their train.log
   * files hold; the driver's progress line of a failed trial points to its log).
   */
  private final boolean toFile;

  private RunLog(PrintStream lines, boolean toFile) {
    this.lines = lines;
    this.toFile = toFile;
  }

  /** Progress lines to {@code out} (stdout on the command line); diagnostics to slf4j alone. */
  public static RunLog to(PrintStream out) {
    return new RunLog(out, false);
  }

  /**
   * Progress lines and diagnostics appended to {@code file}, flushed line by line (a crash keeps
   * what was written); diagnostics go to slf4j at debug too.
   */
  public static RunLog file(HadoopFs fs, Path file) {
    try {
      FSDataOutputStream stream = fs.append(file);
      OutputStream flushing =
          new OutputStream() {
            @Override
            public void write(int b) throws IOException {
              stream.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              stream.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
              stream.hflush();
            }

            @Override
            public void close() throws IOException {
              stream.close();
            }
          };
      return new RunLog(new PrintStream(flushing, true, StandardCharsets.UTF_8), true);
    } catch (IOException e) {
      throw new UcoException(file + ": cannot write the run's log: " + HadoopFs.firstLine(e), e);
    }
  }

  /** A progress line for people. */
  public void progress(String line) {
    lines.println(line);
  }

  /**
   * A diagnostic for {@code log}: to slf4j at info, or into the trial's log file (slf4j at debug).
   */
  public void info(Logger log, String message) {
    if (toFile) {
      log.debug(message);
      copy("INFO", log, message, null);
    } else {
      log.info(message);
    }
  }

  /**
   * An error: its first line to slf4j (the stack trace at debug), the whole stack trace to the log
   * file.
   */
  public void error(Logger log, String message, Throwable error) {
    if (toFile) {
      log.debug(message, error);
      copy("ERROR", log, message, error);
    } else {
      log.error(
          message + ": " + error.getClass().getSimpleName() + ": " + HadoopFs.firstLine(error));
      log.debug(message, error);
    }
  }

  private void copy(String level, Logger log, String message, Throwable error) {
    String name = log.getName().substring(log.getName().lastIndexOf('.') + 1);
    StringBuilder line =
        new StringBuilder()
            .append(TIME.format(LocalTime.now()))
            .append(' ')
            .append(level)
            .append(' ')
            .append(name)
            .append(": ")
            .append(message);
    if (error != null) {
      StringWriter trace = new StringWriter();
      error.printStackTrace(new PrintWriter(trace));
      line.append('\n').append(trace.toString().stripTrailing());
    }
    lines.println(line);
  }

  /** Closes the log file (not stdout). */
  @Override
  public void close() {
    if (toFile) {
      lines.close();
    }
  }
}
