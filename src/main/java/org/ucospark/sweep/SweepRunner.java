package org.ucospark.sweep;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.ucospark.UcoException;
import org.ucospark.io.FolderLease;
import org.ucospark.io.HadoopFs;

/**
 * Runs the trials of a sweep that are not finished yet and appends one row per attempt to the
 * sweep's append-only trials table as each attempt ends, so a killed sweep re-run does only what is
 * missing.
 *
 * <p>Trial-parallel: every trial is its own single-task Spark job, submitted from a pool of driver
 * threads ({@code sweep.parallelism}, default the cluster's parallelism), so trials run
 * concurrently on the executors and each result is recorded the moment it arrives. A failed attempt
 * is retried up to {@code max_attempts} while the others go on. Data-parallel: trials one after
 * another on the driver, each trained with parameter averaging across all executors. At the end,
 * still under the sweep's lock, an {@link Epilogue} rebuilds what is derived from the trials table:
 * the summary tables ({@link #SUMMARY}), or, composed above this package by the {@code sweep}
 * command, the summary tables and the report.
 */
// Long because it runs both kinds of sweep (grid and successive halving) over one trial
// submission, core sharing and trials-file recording.
public final class SweepRunner {
  /** The lease a live sweep holds on its folder: {@code <sweep>/sweep.lock}. */
  public static final FolderLease.Kind LEASE = new FolderLease.Kind("sweep.lock", "sweep", "--out");

  private final SparkSession spark;
  private final SweepSpec spec;
  private final String sweepDir;
  private final PrintStream out;

  /** What a sweep writes from its trials table once its trials have run. */
  @FunctionalInterface
  public interface Epilogue {
    /**
     * @param metrics the metric columns the sweep aggregates ({@code sweep.metrics})
     * @param diverged whether its diverged runs count ({@code sweep.diverged})
     * @return what was written, for the sweep's last line (e.g. "summary DIR/summary.md")
     */
    String write(SparkSession spark, String sweepDir, MetricSource metrics, DivergedRuns diverged);
  }

  /** The summary tables alone ({@link SweepSummary#write}). */
  public static final Epilogue SUMMARY =
      (spark, dir, metrics, diverged) -> {
        SweepSummary.write(spark, dir, metrics, diverged);
        return "summary " + dir + "/" + SweepSummary.SUMMARY_MD;
      };

  public SweepRunner(SparkSession spark, SweepSpec spec, String sweepDir, PrintStream out) {
    this.spark = spark;
    this.spec = spec;
    this.sweepDir = sweepDir;
    this.out = out;
  }

  /**
   * What the sweep did in this invocation: {@code failed} trials gave up in it, {@code
   * failedBefore} had given up in earlier invocations; {@code stopped} when the first trials all
   * failed with one error and the rest was not run.
   */
  public record Progress(
      int total,
      int skipped,
      int finished,
      int failed,
      double seconds,
      int failedBefore,
      boolean stopped) {
    /**
     * Whether the sweep ends with trials that failed (or were not run): the command exits with 3
     * then.
     */
    public boolean incomplete() {
      return failed + failedBefore > 0 || stopped;
    }
  }

  /**
   * Runs the trials under the sweep folder's lock ({@link FolderLease}): a second live sweep on the
   * same folder is refused instead of running (and writing) the same trials twice.
   */
  public Progress run(List<TrialSpec> trials) {
    return run(trials, SUMMARY);
  }

  /** As {@link #run(List)}, ending with {@code epilogue} (under the lock). */
  public Progress run(List<TrialSpec> trials, Epilogue epilogue) {
    if (trials.isEmpty()) {
      throw new UcoException(
          "sweep "
              + spec.name()
              + ": the grid is empty (no data set, model, axis value or seed"
              + " to run)");
    }
    try (FolderLease lease =
        FolderLease.acquire(
            new HadoopFs(spark.sparkContext().hadoopConfiguration()),
            sweepDir,
            LEASE,
            spec.lockTimeoutSeconds())) {
      return runLocked(trials, epilogue);
    }
  }

  private Progress runLocked(List<TrialSpec> trials, Epilogue epilogue) {
    if (spec.halving() != null) {
      return runHalving(trials, epilogue);
    }
    long t0 = System.nanoTime();
    Map<String, TrialRecord> latest = new HashMap<>();
    for (TrialRecord r : TrialsTable.latestRecords(spark, sweepDir)) {
      latest.put(r.trialId(), r);
    }
    List<TrialSpec> pending = new ArrayList<>();
    int done = 0;
    int exhausted = 0;
    for (TrialSpec t : trials) {
      TrialRecord r = latest.get(t.trialId());
      if (r == null) {
        pending.add(t);
      } else if (r.concluded()) {
        done++; // finished or diverged: an outcome, never retried
      } else if (r.attempt() < spec.maxAttempts()) {
        pending.add(t.withAttempt(r.attempt() + 1));
      } else {
        exhausted++;
      }
    }
    out.printf(
        "sweep %s: %d trials (%d finished before, %d failed %d times, %d to run), %s, output %s%n",
        spec.name(),
        trials.size(),
        done,
        exhausted,
        spec.maxAttempts(),
        pending.size(),
        spec.mode(),
        sweepDir);
    int[] counts = new int[2];
    boolean stopped;
    if (spec.mode().equals("data-parallel")) {
      FirstWave wave = new FirstWave(pending, 2);
      stopped = false;
      trials:
      for (TrialSpec t : pending) {
        TrialSpec attempt = t;
        while (true) {
          TrialRecord r = TrialRunner.runDataParallel(attempt, sweepDir, spark);
          boolean ok = record(r, counts, pending.size(), t0);
          if (wave.failedAlike(r)) {
            stopped = true;
            break trials;
          }
          if (ok || r.attempt() >= spec.maxAttempts()) {
            break;
          }
          attempt = attempt.withAttempt(r.attempt() + 1);
        }
      }
      if (stopped) {
        wave.report(out, spec.name(), pending.size());
      }
    } else {
      stopped = runTrialParallel(pending, counts, t0);
    }
    double trialSeconds = (System.nanoTime() - t0) / 1e9;
    String written = epilogue.write(spark, sweepDir, spec.metrics(), spec.diverged());
    double seconds = (System.nanoTime() - t0) / 1e9;
    out.printf(
        "sweep %s: %d finished, %d failed in %.0f s (trials %.1f s, epilogue %.1f s); %s%n",
        spec.name(), counts[0], counts[1], seconds, trialSeconds, seconds - trialSeconds, written);
    return new Progress(trials.size(), done, counts[0], counts[1], seconds, exhausted, stopped);
  }

  /** Test hook: a halving sweep starts no trial after this many runs (a simulated kill). */
  private int stopAfter = Integer.MAX_VALUE;

  SweepRunner stopAfter(int runs) {
    this.stopAfter = runs;
    return this;
  }

  /** {@code sweep.schedule = halving}: rung by rung ({@link HalvingSweep}), then the epilogue. */
  private Progress runHalving(List<TrialSpec> trials, Epilogue epilogue) {
    long t0 = System.nanoTime();
    out.printf(
        "sweep %s: %d trials, successive halving (%s, eta %d, first rung %d epochs, criterion %s%s),"
            + " %s, output %s%n",
        spec.name(),
        trials.size(),
        spec.halving().rule(),
        spec.halving().eta(),
        spec.halving().minEpochs(),
        spec.halving().criterion().name(),
        spec.halving().selectedWithLabels() ? ", selected with labels" : "",
        spec.mode(),
        sweepDir);
    HalvingSweep.Outcome o;
    HalvingSweep halving = new HalvingSweep(spark, spec, sweepDir, out).stopAfter(stopAfter);
    if (spec.mode().equals("data-parallel")) {
      o = halving.run(trials, t -> TrialRunner.runDataParallel(t, sweepDir, spark), 1);
    } else {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      int parallelism = spec.parallelism() > 0 ? spec.parallelism() : jsc.defaultParallelism();
      int threads = threads(jsc, parallelism, trials.size());
      String group = "uco-sweep-" + java.util.UUID.randomUUID();
      String dir = sweepDir;
      o = halving.run(trials, t -> submit(jsc, t, dir, threads, group), parallelism);
    }
    double trialSeconds = (System.nanoTime() - t0) / 1e9;
    String written = epilogue.write(spark, sweepDir, spec.metrics(), spec.diverged());
    double seconds = (System.nanoTime() - t0) / 1e9;
    out.printf(
        "sweep %s: %d trial runs, %d failed in %.0f s (trials %.1f s, epilogue %.1f s); %s%n",
        spec.name(), o.runs(), o.failed(), seconds, trialSeconds, seconds - trialSeconds, written);
    HalvingSummary.View view = HalvingSummary.view(spark, sweepDir);
    for (HalvingSummary.Line l : view.lines()) {
      if (l.chosen()) {
        out.printf(
            "sweep %s: chosen for %s: %s (%s)%n",
            spec.name(), l.group(), l.params(), HalvingSummary.how(view.settings()));
      }
    }
    HalvingSummary.Compute c = view.compute();
    out.printf(
        Locale.ROOT,
        "sweep %s: %s; trained %d of the full grid's %d epochs (%.1f %%)%n",
        spec.name(),
        HalvingSummary.trialCount(trials.size(), view.stopped()), // the grid's, run or not yet
        c.epochs(),
        c.fullEpochs(),
        100.0 * c.epochs() / Math.max(1, c.fullEpochs()));
    return new Progress(trials.size(), 0, o.runs(), o.failed(), seconds, 0, false);
  }

  /** ND4J threads per trial: {@code sweep.threads_per_trial}, else the cores shared out. */
  private int threads(JavaSparkContext jsc, int parallelism, int pending) {
    int cores = Math.max(1, jsc.defaultParallelism());
    return spec.threadsPerTrial() > 0
        ? spec.threadsPerTrial()
        : Math.max(1, cores / Math.min(parallelism, Math.max(1, pending)));
  }

  /**
   * The first trials of an invocation ({@code size}, at least 2): when each of them fails its first
   * attempt with the same error (a data_root that does not exist, a bad shared setting), every
   * trial will, and the sweep stops there instead of retrying and starting each.
   */
  private static final class FirstWave {
    private final Map<String, String> errors = new java.util.LinkedHashMap<>();
    private final int size;

    FirstWave(List<TrialSpec> pending, int size) {
      this.size = Math.min(size, pending.size());
      pending.stream().limit(this.size).forEach(t -> errors.put(t.trialId(), null));
    }

    /** Records a first attempt; true when the whole wave has failed with one and the same error. */
    boolean failedAlike(TrialRecord r) {
      if (size < 2 || !errors.containsKey(r.trialId()) || errors.get(r.trialId()) != null) {
        return false;
      }
      errors.put(r.trialId(), r.concluded() ? "" : String.valueOf(TrialRunner.cause(r.error())));
      return errors.values().stream().allMatch(e -> e != null && !e.isEmpty())
          && errors.values().stream().distinct().count() == 1;
    }

    void report(PrintStream out, String sweep, int pending) {
      out.printf(
          "sweep %s: stopped: the first %d trials all failed with the same error, so every trial would;"
              + " the other %d were not run and none was retried (fix the cause and re-run the sweep): %s%n",
          sweep, size, pending - size, errors.values().iterator().next());
    }
  }

  /** Returns true when the sweep stopped because its first wave failed alike. */
  private boolean runTrialParallel(List<TrialSpec> pending, int[] counts, long t0) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int parallelism = spec.parallelism() > 0 ? spec.parallelism() : jsc.defaultParallelism();
    int cores = Math.max(1, jsc.defaultParallelism());
    int threads = threads(jsc, parallelism, pending.size());
    if (!pending.isEmpty()) {
      out.printf(
          "trial-parallel: up to %d trial%s at a time, %d thread%s each (%d cores)%n",
          parallelism, parallelism == 1 ? "" : "s", threads, threads == 1 ? "" : "s", cores);
    }
    ExecutorService pool = TrialPool.daemon(parallelism, "sweep-trial");
    CompletionService<TrialRecord> running = new ExecutorCompletionService<>(pool);
    String dir = sweepDir;
    String group = "uco-sweep-" + java.util.UUID.randomUUID();
    FirstWave wave = new FirstWave(pending, Math.max(2, parallelism));
    int inFlight = 0;
    try {
      for (TrialSpec t : pending) {
        running.submit(() -> submit(jsc, t, dir, threads, group));
        inFlight++;
      }
      while (inFlight > 0) {
        TrialRecord r = running.take().get();
        inFlight--;
        boolean ok = record(r, counts, pending.size(), t0);
        if (wave.failedAlike(r)) {
          pool.shutdownNow();
          jsc.cancelJobGroup(group);
          wave.report(out, spec.name(), pending.size());
          return true;
        }
        if (!ok && r.attempt() < spec.maxAttempts()) {
          TrialSpec retry = find(pending, r.trialId()).withAttempt(r.attempt() + 1);
          running.submit(() -> submit(jsc, retry, dir, threads, group));
          inFlight++;
        }
      }
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("sweep interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("sweep scheduling failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * One trial as a one-task Spark job; a job that fails outside the trial (lost executor) is a
   * failed attempt. The trial travels in the task closure and the record comes back as
   * Java-serialised bytes: Spark moves data with Kryo, which cannot rebuild Java records.
   */
  private static TrialRecord submit(
      JavaSparkContext jsc, TrialSpec t, String dir, int threads, String group) {
    jsc.setJobGroup(
        group,
        "trial " + t.trialId() + " (" + t.model() + ", " + t.dataset() + ", seed " + t.seed() + ")",
        true);
    try {
      byte[] record =
          jsc.parallelize(List.of(0), 1)
              .map(unused -> JavaBytes.of(TrialRunner.runInTask(t, dir, threads)))
              .collect()
              .get(0);
      return JavaBytes.read(record, TrialRecord.class);
    } catch (RuntimeException e) {
      return TrialRecord.failed(
          TrialRunner.key(t),
          t.attempt(),
          "Spark job failed: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""),
          "driver",
          java.time.Instant.now().toString(),
          0);
    }
  }

  private static TrialSpec find(List<TrialSpec> trials, String id) {
    return trials.stream().filter(t -> t.trialId().equals(id)).findFirst().orElseThrow();
  }

  /**
   * Appends the attempt to the trials table and prints a progress line; returns whether it
   * concluded (finished or diverged: either is an outcome, not retried).
   */
  private boolean record(TrialRecord r, int[] counts, int total, long t0) {
    TrialsTable.append(spark, sweepDir, List.of(r));
    boolean ok = r.concluded();
    boolean givenUp = !ok && r.attempt() >= spec.maxAttempts();
    if (ok) {
      counts[0]++;
    } else if (givenUp) {
      counts[1]++;
    }
    int remaining = total - counts[0] - counts[1];
    double elapsed = (System.nanoTime() - t0) / 1e9;
    long eta = counts[0] == 0 ? 0 : Math.round(elapsed / (counts[0] + counts[1]) * remaining);
    String result =
        r.isDiverged()
            ? String.format(Locale.ROOT, "DIVERGED (%s) in %.0f s", r.diverged(), r.wallS())
            : ok && !r.last().labeled()
                ? String.format(
                    Locale.ROOT, "no labels, loss %.4f in %.0f s", r.last().loss(), r.wallS())
                : ok
                    ? String.format(
                        Locale.ROOT,
                        "%s loss %.4f in %.0f s",
                        r.last().headline(),
                        r.last().loss(),
                        r.wallS())
                    : "FAILED (attempt "
                        + r.attempt()
                        + " of "
                        + spec.maxAttempts()
                        + (givenUp ? ")" : ", will retry)")
                        + ": "
                        + r.error();
    out.printf(
        "[%d done, %d failed, %d remaining, ETA %d:%02d] %s %s/%s seed %d %s: %s%n",
        counts[0],
        counts[1],
        remaining,
        eta / 60,
        eta % 60,
        r.trialId(),
        r.model(),
        r.dataset(),
        r.seed(),
        r.params(),
        result);
    return ok;
  }
}
