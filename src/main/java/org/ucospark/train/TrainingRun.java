package org.ucospark.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;
import org.ucospark.UcoException;
import org.ucospark.io.HadoopFs;
import org.ucospark.model.ArchitectureLimits;
import org.ucospark.model.ModelParams;
import org.ucospark.model.Networks;

/**
 * One training run (spec section 4): epochs of shuffled full minibatches, an evaluation on the full data
 * set every {@code eval_interval} epochs and at the end, checkpoints every {@code checkpoint_interval} epochs
 * and at the end, the best network by lowest evaluated total loss (no labels involved), and summary.json.
 * With {@code resume}, continues from the last checkpoint of the run directory. The model family's
 * {@link TrainingSchedule} adds what happens between epochs (DEC: pre-training, k-means, target updates).
 */
public final class TrainingRun {
  private final SparkSession spark;
  private final HadoopFs fs;
  private final RunSettings settings;
  private final PrintStream out;
  private java.util.function.IntConsumer afterEpoch = epoch -> { };

  /**
   * @param spark the session for {@code train.mode = spark} and for metrics/ as Parquet; may be null for a
   *     local-mode run inside an executor task (then metrics.jsonl alone records the epochs)
   */
  public TrainingRun(SparkSession spark, HadoopFs fs, RunSettings settings, PrintStream out) {
    this.spark = spark;
    this.fs = fs;
    this.settings = settings;
    this.out = out;
  }

  /** Called after each epoch's checkpoint (progress reporting; tests use it to simulate a crash). */
  public TrainingRun afterEpoch(java.util.function.IntConsumer hook) {
    this.afterEpoch = hook;
    return this;
  }

  /** What a finished run produced. */
  public record Outcome(EvaluationResult finalResult, int finalEpoch, EvaluationResult best, int bestEpoch,
      double wallSeconds, double imagesPerSecond, List<String> metricRows, ObjectNode summary) {}

  public Outcome run(boolean resume) {
    long started = System.nanoTime();
    if (settings.master().threads() > 0) {
      Nd4j.getEnvironment().setMaxMasterThreads(settings.master().threads());
    }
    RunDirectory dir = new RunDirectory(fs, settings.runDir());
    if (dir.hasCheckpoint() && !resume) {
      throw new UcoException(dir.root() + ": already holds a run (checkpoints/state.json); pass --resume to continue"
          + " it or choose another --run-dir");
    }
    if (resume && dir.hasCheckpoint()) {
      String recorded = dir.recordedConfig();
      if (recorded != null) {
        ResumeGuard.check(dir.path("config.json").toString(), recorded, settings.config());
      }
    }
    if (spark == null && !settings.master().local()) {
      throw new IllegalArgumentException("train.mode = spark needs a SparkSession");
    }
    TrainingData data = new TrainingData(fs, settings.dataPath(), settings.dataLimit());
    if (!data.name().equals(settings.dataset())) {
      throw new UcoException(data.path() + ": holds the data set '" + data.name() + "' (its _manifest.json), but"
          + " data.dataset is '" + settings.dataset() + "'; set data.dataset=" + data.name() + " or point data.path at "
          + settings.dataset());
    }
    ModelParams params = params(settings, data);
    ArchitectureLimits.check(params, data.count(), settings.batchSize(), data.path());
    TrainingSchedule schedule = TrainingSchedule.of(params, dir, out);

    RunDirectory.State state = new RunDirectory.State(0, 0, Double.POSITIVE_INFINITY, 0, 0);
    ComputationGraph network;
    if (resume && dir.hasCheckpoint()) {
      state = dir.state();
      network = dir.loadCheckpoint(state.epoch());
      out.printf("resuming %s from the checkpoint of epoch %d%n", dir.root(), state.epoch());
    } else {
      network = Networks.create(params);
    }
    dir.recordConfig(settings.configJson());
    List<String> rows = new ArrayList<>(dir.metricRows(state.epoch()));
    int partial = ShufflePlan.used(data.count(), settings.batchSize(), settings.keepPartialBatch())
        % settings.batchSize();
    out.printf("%s: %s on %s (%,d images %s, %d clusters), seed %d, %d epochs of %d batches of %d%s%n",
        settings.experiment(), settings.variant().id(), data.name(), data.count(), data.shape(), data.classes(),
        settings.seed(), settings.epochs(),
        ShufflePlan.batches(data.count(), settings.batchSize(), settings.keepPartialBatch()), settings.batchSize(),
        partial > 0 ? " (the last of " + partial + ")" : "");

    try (Trainer trainer = trainer(network, params, data, dir)) {
      out.println("training: " + trainer.describe() + "; run directory " + dir.root());
      if (!settings.master().local()) {
        out.println(SparkTrainer.protocolNote(trainer.workers()));
      }
      if (state.epoch() > 0) {
        schedule.resumed(state.epoch(), trainer);
      }
      EvaluationResult last = null;
      int lastEpoch = state.epoch();
      double trainSeconds = state.elapsedSeconds();
      long images = state.images();
      int bestEpoch = state.bestEpoch();
      double bestLoss = state.bestLoss();
      // The evaluation of the best network when it was found in this process; null when the best epoch
      // predates a resume, and only then is the saved best.zip loaded and evaluated again at the end.
      EvaluationResult bestEval = null;
      int perEpoch = ShufflePlan.used(data.count(), settings.batchSize(), settings.keepPartialBatch());
      for (int epoch = state.epoch() + 1; epoch <= settings.epochs(); epoch++) {
        schedule.beforeEpoch(epoch, trainer);
        long t0 = System.nanoTime();
        double trainLoss = trainer.fitEpoch(epoch);
        double seconds = (System.nanoTime() - t0) / 1e9;
        trainSeconds += seconds;
        images += perEpoch;
        EvaluationResult eval = null;
        if (schedule.evaluates(epoch) && (epoch % settings.evalInterval() == 0 || epoch == settings.epochs())) {
          eval = trainer.evaluate(trainer.network());
        }
        if (!Double.isFinite(trainLoss) || eval != null && eval.failure() != null) {
          // recorded (metrics.jsonl, "failed"), then the run stops: a NaN would never be the lowest loss, and a
          // run that silently continued would report a best epoch chosen without it
          rows.add(MetricRow.json(epoch, trainLoss, perEpoch / seconds, trainSeconds, eval));
          dir.writeMetricRows(rows);
          List<String> what = new ArrayList<>();
          if (!Double.isFinite(trainLoss)) {
            what.add("the training loss (" + trainLoss + ")");
          }
          if (eval != null && eval.failure() != null) {
            what.add("the evaluated loss term " + eval.failure());
          }
          throw notFinite("epoch " + epoch, String.join(" and ", what), dir);
        }
        if (eval != null) {
          if (eval.loss() < bestLoss) {
            bestLoss = eval.loss();
            bestEpoch = epoch;
            bestEval = eval;
            dir.saveBest(trainer.network());
          }
          last = eval;
        }
        lastEpoch = epoch;
        rows.add(MetricRow.json(epoch, trainLoss, perEpoch / seconds, trainSeconds, eval));
        dir.writeMetricRows(rows);
        if (eval != null && spark != null) {
          dir.writeMetricsParquet(spark, rows);
        }
        double eta = (settings.epochs() - epoch) * trainSeconds / epoch;
        out.println(MetricRow.progress(epoch, settings.epochs(), trainLoss, eval, perEpoch / seconds, eta));
        if (epoch % settings.checkpointInterval() == 0 || epoch == settings.epochs()) {
          dir.checkpoint(trainer.network(), new RunDirectory.State(epoch, bestEpoch, bestLoss, trainSeconds, images));
        }
        afterEpoch.accept(epoch);
      }
      if (last == null) {
        last = trainer.evaluate(trainer.network());
      }
      EvaluationResult best = bestEval != null ? bestEval
          : bestEpoch > 0 && fs.exists(dir.path("checkpoints/best.zip")) ? trainer.evaluate(dir.loadBest()) : last;
      for (EvaluationResult e : List.of(last, best)) {
        if (e.failure() != null) {
          throw notFinite("the final evaluation", "the evaluated loss term " + e.failure(), dir);
        }
      }
      double wall = (System.nanoTime() - started) / 1e9;
      double imagesPerSecond = trainSeconds > 0 ? images / trainSeconds : Double.NaN;
      ObjectNode summary = Summaries.summary(settings, data, trainer, lastEpoch, last, bestEpoch, best, wall,
          imagesPerSecond, spark != null ? spark.sparkContext().master() : "task on " + executorName());
      Assignments.writeRun(spark, fs, dir, settings, data, trainer.network());
      dir.writeSummary(summary);
      out.println(Summaries.table(settings, lastEpoch, last, bestEpoch, best));
      out.printf("summary: %s%n", dir.path("summary.json"));
      return new Outcome(last, lastEpoch, best, bestEpoch, wall, imagesPerSecond, rows, summary);
    }
  }

  /** The model parameters of a run on {@code data}. */
  static ModelParams params(RunSettings settings, TrainingData data) {
    return new ModelParams(settings.variant(), data.shape(), data.classes(),
        ModelParams.HIDDEN_SIZE, settings.loss(), settings.reconstructionWeight(), settings.optimizer(),
        settings.seed(), settings.dec(), settings.ohc());
  }

  /** The one-line error of a run whose loss became NaN or infinite ({@code where}: "epoch 3", …). */
  private static UcoException notFinite(String where, String what, RunDirectory dir) {
    return new UcoException(where + ": not finite: " + what + "; the run stops (metrics.jsonl records it; "
        + dir.root() + " keeps its last checkpoint)");
  }

  private Trainer trainer(ComputationGraph network, ModelParams params, TrainingData data, RunDirectory dir) {
    if (settings.master().local()) {
      return new LocalTrainer(network, params, data.collectLocal(), settings);
    }
    String export = settings.master().exportDir().isBlank() ? dir.path("export").toString()
        : settings.master().exportDir();
    return new SparkTrainer(spark, JavaSparkContext.fromSparkContext(spark.sparkContext()), network, params, data, settings,
        export);
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
