package org.ucospark.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ucospark.config.RunKeys;
import org.ucospark.config.TrainKeys;
import org.ucospark.eval.Metric;
import org.ucospark.eval.MetricRegistry;
import org.ucospark.eval.Scores;
import org.ucospark.io.HadoopFs;
import org.ucospark.train.EvaluationResult;
import org.ucospark.train.RunLog;
import org.ucospark.train.RunOutcome;
import org.ucospark.train.RunSettings;
import org.ucospark.train.TrainingPlatform;
import org.ucospark.train.TrainingRun;

/**
 * Runs one trial and turns its outcome into a trials-table row. A trial that throws becomes a
 * failed row with its error (one line); it never takes the other trials down. The run directory is
 * {@code <sweep>/runs/<trial id>}, and a re-run attempt resumes from its last checkpoint.
 *
 * <p>A trial-parallel trial runs in an executor task, whose stdout nobody reads: its progress
 * lines, its log messages and, when it fails, the error with its stack trace are appended to {@code
 * <run dir>/train.log} ({@link RunLog#file}; every attempt adds to it), and its error in the trials
 * table ends with {@code (log: <run dir>/train.log)}. A data-parallel trial runs on the driver and
 * prints to stdout.
 */
public final class TrialRunner {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(TrialRunner.class);

  /** What follows a trial's error in the trials table when the trial wrote a log. */
  private static final String LOG_POINTER = " (log: ";

  private TrialRunner() {}

  /**
   * Trial-parallel: the whole training runs in this JVM (an executor task) without Spark, with
   * {@code threads} ND4J threads.
   */
  public static TrialRecord runInTask(TrialSpec trial, String sweepDir, int threads) {
    var nativeOps = NativeOpsHolder.getInstance().getDeviceNativeOps();
    int ompBefore = nativeOps.ompGetMaxThreads();
    if (threads > 0) {
      // Concurrent trials share the executor's cores: ND4J's own loops and the BLAS pool both get
      // the share (process-wide settings, the same for every trial of the sweep), and so does
      // oneDNN, whose OpenMP team size is a per-thread setting of the calling (task) thread.
      Nd4j.getEnvironment().setMaxThreads(threads);
      Nd4j.getEnvironment().setMaxMasterThreads(threads);
      Nd4j.factory().blas().setMaxThreads(threads);
      nativeOps.setOmpNumThreads(threads);
    }
    try {
      return run(
          trial,
          sweepDir,
          TrainingPlatform.inTask(),
          new HadoopFs(),
          "local",
          new Path(HadoopFs.path(runDir(sweepDir, trial.trialId())), RunLog.FILE));
    } finally {
      nativeOps.setOmpNumThreads(
          ompBefore); // the executor's thread pool reuses this thread for other tasks
    }
  }

  /**
   * Data-parallel: the trial trains with parameter averaging across the executors of {@code spark}.
   */
  public static TrialRecord runDataParallel(TrialSpec trial, String sweepDir, SparkSession spark) {
    return run(
        trial,
        sweepDir,
        TrainingPlatform.spark(spark),
        new HadoopFs(spark.sparkContext().hadoopConfiguration()),
        "spark",
        null);
  }

  /**
   * @param logFile the trial's train.log; null: progress lines to stdout, diagnostics to slf4j
   *     alone
   */
  private static TrialRecord run(
      TrialSpec trial,
      String sweepDir,
      TrainingPlatform platform,
      HadoopFs fs,
      String mode,
      Path logFile) {
    String started = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    long t0 = System.nanoTime();
    RunLog log = RunLog.to(System.out);
    if (logFile != null) {
      try {
        log = RunLog.file(fs, logFile);
      } catch (RuntimeException e) {
        // a log that cannot be opened (e.g. an HDFS file still leased by a lost executor) does not
        // fail the trial
        LOG.warn("trial {}: {}; its output is discarded", trial.trialId(), HadoopFs.firstLine(e));
        log = RunLog.to(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        logFile = null;
      }
    }
    try {
      log.info(
          LOG,
          "trial "
              + trial.trialId()
              + " (attempt "
              + trial.attempt()
              + ") on "
              + TrainingPlatform.executorName());
      Config config =
          ConfigFactory.parseString(
                  trial.config(),
                  com.typesafe.config.ConfigParseOptions.defaults()
                      .setOriginDescription("trial " + trial.trialId()))
              .withValue(
                  "run_dir", ConfigValueFactory.fromAnyRef(runDir(sweepDir, trial.trialId())))
              .withValue(TrainKeys.MODE.name(), ConfigValueFactory.fromAnyRef(mode));
      if (trial.rungEpochs() > 0) {
        // a halving rung: train up to it, resuming from the rung before (HalvingSweep)
        config =
            config.withValue(
                RunKeys.EPOCHS.name(), ConfigValueFactory.fromAnyRef(trial.rungEpochs()));
      }
      RunOutcome out = new TrainingRun(platform, fs, RunSettings.from(config), log).run(true);
      return record(trial, started, out);
    } catch (Throwable e) {
      log.error(LOG, "trial " + trial.trialId() + " (attempt " + trial.attempt() + ") failed", e);
      TrialRecord failed = failed(trial, started, t0, e, logFile);
      return failed.atRung(trial.rungEpochs(), Double.NaN, failed.status(), null);
    } finally {
      log.close();
    }
  }

  /**
   * The failed row of a trial that threw {@code e}: its one-line error, pointing to {@code logFile}
   * if any.
   */
  private static TrialRecord failed(
      TrialSpec trial, String started, long t0, Throwable e, Path logFile) {
    String error =
        e.getClass().getSimpleName()
            + ": "
            + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
            + (logFile == null ? "" : LOG_POINTER + logFile + ")");
    return TrialRecord.failed(
        key(trial),
        trial.attempt(),
        error,
        TrainingPlatform.executorName(),
        started,
        (System.nanoTime() - t0) / 1e9);
  }

  /**
   * A trial's error without the pointer to its log (which names the trial): the same cause reads
   * the same.
   */
  static String cause(String error) {
    int at = error == null ? -1 : error.lastIndexOf(LOG_POINTER);
    return at < 0 ? error : error.substring(0, at);
  }

  /** The run directory of a trial: {@code <sweep>/runs/<trial id>}. */
  public static String runDir(String sweepDir, String trialId) {
    return new Path(HadoopFs.path(sweepDir), "runs/" + trialId).toString();
  }

  /**
   * The row of a trial that ran to an outcome: finished, or diverged with its best checkpoint from
   * before the divergence (NaN metrics where it had no evaluation).
   */
  private static TrialRecord record(TrialSpec t, String started, RunOutcome out)
      throws IOException {
    List<HistoryPoint> history = new ArrayList<>();
    for (String line : out.metricRows()) {
      JsonNode row = JSON.readTree(line);
      if (row.get("evaluated").asBoolean() && !row.has("failed")) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (Metric m : MetricRegistry.tabulated()) {
          values.put(m.name(), number(row, m.name()));
        }
        history.add(
            new HistoryPoint(
                row.get("epoch").asInt(),
                new Scores(values),
                number(row, "ofm"),
                number(row, "loss")));
      }
    }
    TrialRecord row =
        new TrialRecord(
            key(t),
            t.attempt(),
            out.diverged() ? TrialRecord.DIVERGED : TrialRecord.FINISHED,
            null,
            TrainingPlatform.executorName(),
            started,
            out.wallSeconds(),
            out.finalEpoch(),
            out.imagesPerSecond(),
            scores(out.finalResult(), true),
            scores(out.best(), true),
            scores(out.selection(), false),
            history,
            true,
            out.diverged() ? out.divergence().describe() : null);
    if (t.rungEpochs() == 0) {
      return row;
    }
    // A diverged run has no criterion: its last finite evaluation is from before the rung.
    double criterion =
        out.diverged() ? Double.NaN : Criterion.value(t.criterion(), t.model(), out.finalResult());
    return row.atRung(t.rungEpochs(), criterion, row.status(), null);
  }

  /** The trials table's identity of {@code t}. */
  static TrialKey key(TrialSpec t) {
    return new TrialKey(t.trialId(), t.sweep(), t.dataset(), t.model(), t.seed(), t.params());
  }

  /**
   * The trials table's view of an evaluation (with its pairwise OFM when {@code pairwise}); NaN
   * everywhere when there is none (a run diverged before it).
   */
  private static TrialScores scores(EvaluationResult e, boolean pairwise) throws IOException {
    return e == null
        ? TrialScores.NONE
        : new TrialScores(
            e.scores(),
            e.ofm(),
            e.loss(),
            pairwise ? JSON.writeValueAsString(e.ofmPairwise()) : null);
  }

  private static double number(JsonNode row, String field) {
    JsonNode v = row.get(field);
    return v == null || v.isNull() ? Double.NaN : v.asDouble();
  }
}
