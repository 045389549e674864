package org.ucospark.train;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.ucospark.io.HadoopFs;
import org.ucospark.model.ModelParams;

/**
 * Where a run trains, behind the {@link Trainer} seam: with a SparkSession ({@link #spark}: {@code
 * train.mode} chooses the single-JVM or the parameter-averaging trainer, metrics/ is written as
 * Parquet too, assignments are computed on the executors when the run trained there), or in this
 * JVM alone ({@link #inTask}: a trial of a trial-parallel sweep inside an executor task, where
 * there is no SparkSession; metrics.jsonl alone records the epochs).
 */
public abstract class TrainingPlatform {
  private TrainingPlatform() {}

  /** Training with {@code spark}: local or parameter averaging, as {@code train.mode} says. */
  public static TrainingPlatform spark(SparkSession spark) {
    return new WithSpark(java.util.Objects.requireNonNull(spark, "spark"));
  }

  /** Training in this JVM without Spark ({@code train.mode = local} only). */
  public static TrainingPlatform inTask() {
    return new InTask();
  }

  /** Refuses settings this platform cannot train, before the run directory is touched. */
  abstract void check(RunSettings settings);

  abstract Trainer trainer(
      ComputationGraph network,
      ModelParams params,
      TrainingData data,
      RunSettings settings,
      RunDirectory dir);

  /** The listeners this platform adds after the run's own (after {@code metrics}). */
  abstract List<TrainingListener> listeners(RunDirectory dir, MetricsListener metrics);

  /**
   * assignments/ and assignments-final/ at the end of a run ({@link Assignments#writeRun}, {@link
   * Assignments#writeRunHere}).
   */
  abstract void writeAssignments(
      HadoopFs fs,
      RunDirectory dir,
      RunSettings settings,
      TrainingData data,
      ComputationGraph finalNetwork);

  /** summary.json's {@code spark_master}. */
  abstract String master();

  private static final class WithSpark extends TrainingPlatform {
    private final SparkSession spark;

    WithSpark(SparkSession spark) {
      this.spark = spark;
    }

    @Override
    void check(RunSettings settings) {}

    @Override
    Trainer trainer(
        ComputationGraph network,
        ModelParams params,
        TrainingData data,
        RunSettings settings,
        RunDirectory dir) {
      if (settings.master().local()) {
        return new LocalTrainer(network, params, data.collectLocal(), settings);
      }
      String export =
          settings.master().exportDir().isBlank()
              ? dir.path("export").toString()
              : settings.master().exportDir();
      return new SparkTrainer(
          spark,
          JavaSparkContext.fromSparkContext(spark.sparkContext()),
          network,
          params,
          data,
          settings,
          export);
    }

    @Override
    List<TrainingListener> listeners(RunDirectory dir, MetricsListener metrics) {
      return List.of(new ParquetMetricsListener(spark, dir, metrics));
    }

    @Override
    void writeAssignments(
        HadoopFs fs,
        RunDirectory dir,
        RunSettings settings,
        TrainingData data,
        ComputationGraph finalNetwork) {
      Assignments.writeRun(spark, fs, dir, settings, data, finalNetwork);
    }

    @Override
    String master() {
      return spark.sparkContext().master();
    }
  }

  private static final class InTask extends TrainingPlatform {
    @Override
    void check(RunSettings settings) {
      if (!settings.master().local()) {
        throw new IllegalArgumentException("train.mode = spark needs a SparkSession");
      }
    }

    @Override
    Trainer trainer(
        ComputationGraph network,
        ModelParams params,
        TrainingData data,
        RunSettings settings,
        RunDirectory dir) {
      return new LocalTrainer(network, params, data.collectLocal(), settings);
    }

    @Override
    List<TrainingListener> listeners(RunDirectory dir, MetricsListener metrics) {
      return List.of();
    }

    @Override
    void writeAssignments(
        HadoopFs fs,
        RunDirectory dir,
        RunSettings settings,
        TrainingData data,
        ComputationGraph finalNetwork) {
      Assignments.writeRunHere(fs, dir, settings, data, finalNetwork);
    }

    @Override
    String master() {
      return "task on " + executorName();
    }
  }

  /** The Spark executor this JVM is (inside a task), else the host name. */
  public static String executorName() {
    org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = "localhost";
    }
    return env != null ? "executor " + env.executorId() + " (" + host + ")" : host;
  }
}
