package org.ucospark.cli;

import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * {@code --verbose}: besides the stack trace of the command's error, Spark's own reports of failed
 * tasks, which log4j2.properties keeps off the console by default (a full disk during prepare
 * printed some 377 lines of executor stack traces before the one line that says what happened).
 */
final class Verbosity {
  /** The loggers log4j2.properties turns off (its {@code taskfail} entries). */
  static final List<String> TASK_FAILURE_LOGGERS =
      List.of(
          "org.apache.spark.executor.Executor",
          "org.apache.spark.scheduler.TaskSetManager",
          "org.apache.spark.sql.execution.datasources.FileFormatWriter",
          "org.apache.spark.sql.execution.datasources.FileFormatDataWriter",
          "org.apache.spark.internal.io.SparkHadoopWriter",
          "org.apache.spark.mapred.SparkHadoopMapRedUtil",
          "org.apache.spark.util.Utils");

  private Verbosity() {}

  /**
   * With {@code verbose}, shows Spark's reports of failed tasks on the console; else leaves the
   * logging configuration as it is (the project's log4j2.properties, or a cluster's own).
   */
  static void taskFailures(boolean verbose) {
    if (!verbose) {
      return;
    }
    try {
      for (String logger : TASK_FAILURE_LOGGERS) {
        Configurator.setLevel(logger, Level.WARN);
      }
    } catch (LinkageError notLog4j) {
      // a classpath whose slf4j binding is not log4j2: its configuration decides
    }
  }
}
