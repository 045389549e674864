package org.ucospark.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
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
   * With {@code verbose}, shows Spark's reports of failed tasks on the console until the returned
   * handle is closed, which puts the loggers back as they were (an embedding program, or the next
   * command in the same JVM, keeps its own levels); without it, leaves the logging configuration as
   * it is (the project's log4j2.properties, or a cluster's own).
   */
  static AutoCloseable taskFailures(boolean verbose) {
    if (!verbose) {
      return () -> {};
    }
    try {
      Map<String, Level> before = new LinkedHashMap<>();
      for (String logger : TASK_FAILURE_LOGGERS) {
        before.put(logger, LogManager.getLogger(logger).getLevel());
        Configurator.setLevel(logger, Level.WARN);
      }
      return () -> before.forEach(Configurator::setLevel);
    } catch (LinkageError notLog4j) {
      // a classpath whose slf4j binding is not log4j2: its configuration decides
      return () -> {};
    }
  }
}
