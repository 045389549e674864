package org.ucospark.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ucospark.UcoException;
import org.ucospark.io.HadoopFs;
import org.ucospark.model.ArchitectureLimits;
import org.ucospark.model.ModelParams;
import org.ucospark.model.Networks;

/**
 * One training run (docs/ALGORITHMS.md §4): epochs of shuffled full minibatches, an evaluation on
 * the full data set every {@code eval_interval} epochs and at the end, checkpoints every {@code
 * checkpoint_interval} epochs and at the end, the best network by lowest evaluated total loss (no
 * labels involved), and summary.json. With {@code resume}, continues from the last checkpoint of
 * the run directory. The model family's {@link TrainingSchedule} adds what happens between epochs
 * (DEC: pre-training, k-means, target updates).
 *
 * <p>The loop fits and evaluates; {@link TrainingListener}s do the rest, in this order after every
 * epoch: best-model tracking ({@link BestModelListener}), metrics.jsonl ({@link MetricsListener}),
 * what the platform adds (metrics/ as Parquet with a SparkSession), progress lines ({@link
 * ProgressListener}), checkpoints ({@link CheckpointListener}), then those added with {@link
 * #listen}. Where it trains is the {@link TrainingPlatform}'s business.
 */
public final class TrainingRun {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);
  private final TrainingPlatform platform;
  private final HadoopFs fs;
  private final RunSettings settings;
  private final RunLog log;
  private final List<TrainingListener> extra = new ArrayList<>();

  /** A run on {@code platform}, its progress lines and diagnostics to {@code log}. */
  public TrainingRun(TrainingPlatform platform, HadoopFs fs, RunSettings settings, RunLog log) {
    this.platform = platform;
    this.fs = fs;
    this.settings = settings;
    this.log = log;
  }

  /**
   * A run with {@code spark} ({@link TrainingPlatform#spark}), its progress lines to {@code out}.
   */
  public TrainingRun(SparkSession spark, HadoopFs fs, RunSettings settings, PrintStream out) {
    this(TrainingPlatform.spark(spark), fs, settings, RunLog.to(out));
  }

  /** Adds a listener called after the run's own (tests use it to simulate a crash). */
  public TrainingRun listen(TrainingListener listener) {
    extra.add(listener);
    return this;
  }

  /**
   * Called after each epoch's checkpoint (progress reporting; tests use it to simulate a crash).
   */
  public TrainingRun afterEpoch(java.util.function.IntConsumer hook) {
    return listen(
        new TrainingListener() {
          @Override
          public void epochEnded(EpochEnd end) {
            hook.accept(end.epoch());
          }
        });
  }

  /** What the epoch loop leaves behind. */
  private record LoopEnd(
      EvaluationResult last,
      int lastEpoch,
      double trainSeconds,
      long images,
      Divergence divergence) {}

  public RunOutcome run(boolean resume) {
    long started = System.nanoTime();
    if (settings.master().threads() > 0) {
      Nd4j.getEnvironment().setMaxMasterThreads(settings.master().threads());
    }
    RunDirectory dir = new RunDirectory(fs, settings.runDir());
    if (dir.hasCheckpoint() && !resume) {
      throw new UcoException(
          dir.root()
              + ": already holds a run (checkpoints/state.json); pass --resume to continue"
              + " it or choose another --run-dir");
    }
    if (resume && dir.hasCheckpoint()) {
      String recorded = dir.recordedConfig();
      if (recorded != null) {
        ResumeGuard.check(dir.path("config.json").toString(), recorded, settings.config());
      }
    }
    platform.check(settings);
    TrainingData data = data();
    ModelParams params = params(settings, data);
    ArchitectureLimits.check(params, data.count(), settings.batchSize(), data.path());
    TrainingSchedule schedule = TrainingSchedule.of(params, dir, log);

    RunDirectory.State state = new RunDirectory.State(0, 0, Double.POSITIVE_INFINITY, 0, 0);
    ComputationGraph network;
    if (resume && dir.hasCheckpoint()) {
      state = dir.state();
      network = dir.loadCheckpoint(state.epoch());
      log.info(
          LOG,
          String.format("resuming %s from the checkpoint of epoch %d", dir.root(), state.epoch()));
    } else {
      network = Networks.create(params);
    }
    dir.recordConfig(settings.configJson());
    int perEpoch =
        ShufflePlan.used(data.count(), settings.batchSize(), settings.keepPartialBatch());
    int partial = perEpoch % settings.batchSize();
    log.progress(
        String.format(
            "%s: %s on %s (%,d images %s, %d clusters), seed %d, %d epochs of %d batches of %d%s",
            settings.experiment(),
            settings.variant().id(),
            data.name(),
            data.count(),
            data.shape(),
            data.classes(),
            settings.seed(),
            settings.epochs(),
            ShufflePlan.batches(data.count(), settings.batchSize(), settings.keepPartialBatch()),
            settings.batchSize(),
            partial > 0 ? " (the last of " + partial + ")" : ""));

    BestModelListener best = new BestModelListener(dir, state);
    MetricsListener metrics = new MetricsListener(dir, state.epoch());
    Invocations invocations =
        Invocations.begin(dir, resume && dir.hasCheckpoint(), state.epoch(), started);
    List<TrainingListener> listeners = listeners(dir, best, metrics, invocations);

    try (Trainer trainer = platform.trainer(network, params, data, settings, dir)) {
      log.progress("training: " + trainer.describe() + "; run directory " + dir.root());
      if (!settings.master().local()) {
        log.progress(SparkTrainer.protocolNote(trainer.workers()));
      }
      if (state.epoch() > 0) {
        schedule.resumed(state.epoch(), trainer);
      }
      for (TrainingListener l : listeners) {
        l.runStarted(trainer, state.epoch() + 1);
      }
      LoopEnd loop = epochs(trainer, schedule, state, perEpoch, listeners);
      RunOutcome outcome = conclude(trainer, dir, data, best, metrics, loop, invocations);
      for (TrainingListener l : listeners) {
        l.runEnded(outcome);
      }
      return outcome;
    }
  }

  /** The run's data set, checked against {@code data.dataset}. */
  private TrainingData data() {
    TrainingData data = new TrainingData(fs, settings.dataPath(), settings.dataLimit());
    if (!data.name().equals(settings.dataset())) {
      throw new UcoException(
          data.path()
              + ": holds the data set '"
              + data.name()
              + "' (its _manifest.json), but"
              + " data.dataset is '"
              + settings.dataset()
              + "'; set data.dataset="
              + data.name()
              + " or point data.path at "
              + settings.dataset());
    }
    return data;
  }

  /** The listeners of a run, in the order they are called (class comment). */
  private List<TrainingListener> listeners(
      RunDirectory dir, BestModelListener best, MetricsListener metrics, Invocations invocations) {
    List<TrainingListener> listeners = new ArrayList<>(List.of(best, metrics));
    listeners.addAll(platform.listeners(dir, metrics));
    listeners.add(new ProgressListener(log, settings, dir));
    listeners.add(new CheckpointListener(dir, settings.checkpointInterval(), best));
    listeners.add(invocations);
    listeners.addAll(extra);
    return listeners;
  }

  /**
   * The epochs after {@code state}'s, each fitted, evaluated when due and handed to the listeners;
   * stops at the first epoch whose training loss or evaluated loss is not finite (a NaN is never
   * the lowest loss, and every later epoch would train on it), which the listeners record as
   * failed.
   */
  private LoopEnd epochs(
      Trainer trainer,
      TrainingSchedule schedule,
      RunDirectory.State state,
      int perEpoch,
      List<TrainingListener> listeners) {
    EvaluationResult last = null;
    int lastEpoch = state.epoch();
    double trainSeconds = state.elapsedSeconds();
    long images = state.images();
    for (int epoch = state.epoch() + 1; epoch <= settings.epochs(); epoch++) {
      schedule.beforeEpoch(epoch, trainer);
      long t0 = System.nanoTime();
      double trainLoss = trainer.fitEpoch(epoch);
      double seconds = (System.nanoTime() - t0) / 1e9;
      trainSeconds += seconds;
      images += perEpoch;
      EvaluationResult eval = null;
      if (schedule.evaluates(epoch)
          && (epoch % settings.evalInterval() == 0 || epoch == settings.epochs())) {
        eval = trainer.evaluate(trainer.network());
      }
      TrainingListener.EpochEnd end =
          new TrainingListener.EpochEnd(
              epoch,
              settings.epochs(),
              trainLoss,
              seconds,
              trainSeconds,
              images,
              perEpoch,
              eval,
              trainer);
      Divergence divergence = Divergence.of(epoch, trainLoss, eval);
      if (divergence != null) {
        for (TrainingListener l : listeners) {
          l.epochFailed(end);
        }
        return new LoopEnd(last, lastEpoch, trainSeconds, images, divergence);
      }
      if (eval != null) {
        last = eval;
      }
      lastEpoch = epoch;
      for (TrainingListener l : listeners) {
        l.epochEnded(end);
      }
    }
    return new LoopEnd(last, lastEpoch, trainSeconds, images, null);
  }

  /**
   * The end of a run: the final evaluation (a finished run whose last epoch was not evaluated), the
   * best checkpoint evaluated once more in the order {@link ShufflePlan#FINAL} (docs/PROTOCOL.md,
   * "winner's curse": the evaluation that selected it is the lowest of many noisy ones; the authors
   * reload best.h5 and evaluate it afresh), summary.json and, for a finished run, the assignments.
   * A diverged run keeps the checkpoints from before its divergence and reports them (null metrics
   * when it diverged before its first evaluation).
   */
  private RunOutcome conclude(
      Trainer trainer,
      RunDirectory dir,
      TrainingData data,
      BestModelListener best,
      MetricsListener metrics,
      LoopEnd loop,
      Invocations invocations) {
    boolean diverged = loop.divergence() != null;
    EvaluationResult last = loop.last();
    if (last == null && !diverged) {
      last = trainer.evaluate(trainer.network());
    }
    EvaluationResult selection = best.best(trainer, last);
    EvaluationResult reevaluated = best.reevaluate(trainer, diverged);
    for (EvaluationResult e : Arrays.asList(last, selection, reevaluated)) {
      if (e != null && e.failure() != null) {
        throw notFinite("the final evaluation", "the evaluated loss term " + e.failure(), dir);
      }
    }
    double wall = invocations.finish();
    double imagesPerSecond =
        loop.trainSeconds() > 0 ? loop.images() / loop.trainSeconds() : Double.NaN;
    RunResult run =
        new RunResult(
            diverged ? RunResult.DIVERGED : RunResult.FINISHED,
            loop.divergence(),
            loop.lastEpoch(),
            last,
            reevaluated == null ? 0 : best.bestEpoch(),
            reevaluated,
            selection);
    ObjectNode summary =
        Summaries.summary(settings, data, trainer, run, wall, imagesPerSecond, platform.master());
    invocations.intoProvenance(summary);
    if (!diverged) {
      platform.writeAssignments(fs, dir, settings, data, trainer.network());
    }
    dir.writeSummary(summary);
    return new RunOutcome(run, wall, imagesPerSecond, metrics.rows(), summary);
  }

  /** The model parameters of a run on {@code data}. */
  static ModelParams params(RunSettings settings, TrainingData data) {
    return new ModelParams(
        settings.variant(),
        data.shape(),
        data.classes(),
        ModelParams.HIDDEN_SIZE,
        settings.loss(),
        settings.reconstructionWeight(),
        settings.optimizer(),
        settings.seed(),
        settings.dec(),
        settings.ohc());
  }

  /**
   * The one-line error of a run whose loss became NaN or infinite ({@code where}: "epoch 3", …).
   */
  private static UcoException notFinite(String where, String what, RunDirectory dir) {
    return new UcoException(
        where
            + ": not finite: "
            + what
            + "; the run stops (metrics.jsonl records it; "
            + dir.root()
            + " keeps its last checkpoint)");
  }
}
