package org.ucospark.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.ucospark.UcoException;
import org.ucospark.io.HadoopFs;

/**
 * Runs a sweep with {@code sweep.schedule = halving} (docs/SWEEPS.md): the trials of each
 * configuration are trained rung by rung ({@link Halving#rungs}), each rung continuing from the
 * run's checkpoint of the rung before ({@code epochs} may grow on resume, {@link
 * org.ucospark.train.ResumeGuard}), so a configuration that survives every rung ends as the same
 * trials of a full sweep. Every rung result and every decision is a row of the trials table ({@link
 * TrialRecord#rung}, {@link TrialRecord#decision}); a re-run rebuilds {@link Rungs} from them and
 * goes on where the sweep stopped. Up to {@code parallelism} trials run at once; a freed slot takes
 * the next trial at once ({@link Rungs#next}), as in ASHA.
 */
final class HalvingSweep {
  private final SparkSession spark;
  private final SweepSpec spec;
  private final String sweepDir;
  private final PrintStream out;
  private int stopAfter = Integer.MAX_VALUE;

  HalvingSweep(SparkSession spark, SweepSpec spec, String sweepDir, PrintStream out) {
    this.spark = spark;
    this.spec = spec;
    this.sweepDir = sweepDir;
    this.out = out;
  }

  /** Tests: start no trial after {@code runs} trial runs, as a sweep killed then would. */
  HalvingSweep stopAfter(int runs) {
    this.stopAfter = runs;
    return this;
  }

  /** What one invocation did: trial runs that concluded and that gave up. */
  record Outcome(int runs, int failed, int total) {}

  /**
   * Runs what is left of the sweep with {@code runner} (one trial to one rung), {@code parallelism}
   * at a time.
   */
  Outcome run(List<TrialSpec> trials, Function<TrialSpec, TrialRecord> runner, int parallelism) {
    Rungs rungs = new Rungs(spec.halving(), configurations(trials, spec.halving()));
    HalvingSummary.record(
        new HadoopFs(spark.sparkContext().hadoopConfiguration()),
        sweepDir,
        spec.halving(),
        rungs.configurations());
    List<TrialSpec> retries = load(rungs);
    int[] counts = new int[2];
    ExecutorService pool = TrialPool.daemon(parallelism, "sweep-halving");
    CompletionService<TrialRecord> running = new ExecutorCompletionService<>(pool);
    Map<java.util.concurrent.Future<TrialRecord>, TrialSpec> inFlight = new LinkedHashMap<>();
    int submitted = 0;
    try {
      while (true) {
        announce(rungs.decide(), rungs);
        while (inFlight.size() < Math.max(1, parallelism) && submitted < stopAfter) {
          TrialSpec next = retries.isEmpty() ? rungs.next() : retries.remove(0);
          if (next == null) {
            break;
          }
          TrialSpec t = next;
          inFlight.put(running.submit(() -> runner.apply(t)), t);
          submitted++;
        }
        if (inFlight.isEmpty()) {
          break;
        }
        var done = running.take();
        TrialSpec t = inFlight.remove(done);
        TrialRecord r = done.get();
        if (r.rung() == 0) { // a failure outside the trial (a lost executor)
          r = r.atRung(t.rungEpochs(), Double.NaN, r.status(), null);
        }
        TrialsTable.append(spark, sweepDir, List.of(r));
        progress(r);
        rungs.attempted(r);
        if (r.concluded()) {
          rungs.result(r);
          counts[0]++;
        } else if (r.attempt() < spec.maxAttempts()) {
          retries.add(t.withAttempt(r.attempt() + 1));
        } else {
          rungs.gaveUp(r.trialId(), r.rung());
          counts[1]++;
        }
      }
      announce(rungs.decide(), rungs);
      return new Outcome(counts[0], counts[1], trials.size());
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
   * Feeds the trials table's rows to {@code rungs}; returns the attempts to retry (a trial whose
   * latest attempt failed with attempts left).
   */
  private List<TrialSpec> load(Rungs rungs) {
    List<TrialRecord> rows = TrialsTable.collect(TrialsTable.read(spark, sweepDir));
    Map<String, TrialRecord> latest = new LinkedHashMap<>();
    for (TrialRecord r : rows) {
      if (r.rung() == 0 || rungs.configuration(r.trialId()) == null) {
        continue; // a full sweep's row, or a trial no longer in the grid
      }
      rungs.attempted(r);
      if (r.decision() != null) {
        rungs.decided(r);
      } else if (r.concluded()) {
        rungs.result(r);
      }
      latest.merge(r.trialId(), r, (a, b) -> LATEST.compare(a, b) >= 0 ? a : b);
    }
    List<TrialSpec> retries = new ArrayList<>();
    for (TrialRecord r : latest.values()) {
      if (r.concluded() || r.decision() != null) {
        continue;
      }
      if (r.attempt() < spec.maxAttempts()) {
        TrialSpec t =
            rungs.configuration(r.trialId()).trials().stream()
                .filter(x -> x.trialId().equals(r.trialId()))
                .findFirst()
                .orElseThrow();
        rungs.started(r.trialId(), r.rung());
        retries.add(
            t.toRung(r.rung(), spec.halving().criterion().name()).withAttempt(r.attempt() + 1));
      } else {
        rungs.gaveUp(r.trialId(), r.rung());
      }
    }
    return retries;
  }

  /** The order of {@link TrialsTable#latest}: attempt, rung, a decision after the result. */
  static final Comparator<TrialRecord> LATEST =
      Comparator.comparingInt(TrialRecord::attempt)
          .thenComparingInt(TrialRecord::rung)
          .thenComparing(r -> r.decision() != null);

  /** Records the decisions as rows (one per seed that reached the rung) and prints them. */
  private void announce(List<Rungs.Decision> decisions, Rungs rungs) {
    for (Rungs.Decision d : decisions) {
      List<TrialRecord> rows = new ArrayList<>();
      for (TrialSpec t : d.configuration().trials()) {
        TrialRecord r = rungs.row(t.trialId(), d.rung());
        if (r != null) {
          String status = d.decision().equals(Halving.STOPPED) ? TrialRecord.STOPPED : r.status();
          rows.add(r.atRung(d.rung(), r.criterion(), status, d.decision()));
        }
      }
      TrialsTable.append(spark, sweepDir, rows);
      out.printf(
          Locale.ROOT,
          "rung %d epochs: %s %s: %s %.5g%s%s; epochs trained %d of the full grid's %d (%.0f %%)%n",
          d.rung(),
          d.configuration().label(),
          d.decision().toUpperCase(Locale.ROOT),
          spec.halving().criterion().name(),
          d.mean(),
          d.place() > 0 ? " (" + d.place() + " of " + d.reached() + " that reached it)" : "",
          Double.isNaN(d.p()) ? "" : String.format(Locale.ROOT, ", p = %.3g vs the leader", d.p()),
          rungs.epochsTrained(),
          rungs.fullEpochs(),
          100.0 * rungs.epochsTrained() / Math.max(1, rungs.fullEpochs()));
    }
  }

  private void progress(TrialRecord r) {
    String result =
        r.concluded()
            ? String.format(
                Locale.ROOT,
                "%s %.5g%s in %.0f s",
                spec.halving().criterion().name(),
                r.criterion(),
                r.isDiverged() ? " (" + r.diverged() + ")" : "",
                r.wallS())
            : "FAILED (attempt " + r.attempt() + " of " + spec.maxAttempts() + "): " + r.error();
    out.printf(
        "[rung %d] %s %s/%s seed %d %s: %s%n",
        r.rung(), r.trialId(), r.model(), r.dataset(), r.seed(), r.params(), result);
  }

  /**
   * The configurations of {@code trials} in grid order, each with its rungs; fails with one line
   * when a rung below the last is not an evaluated epoch (a multiple of {@code eval_interval}),
   * where a full run would not have evaluated, so the two could not agree.
   */
  static List<Rungs.Configuration> configurations(List<TrialSpec> trials, Halving halving) {
    Map<String, List<TrialSpec>> groups = new LinkedHashMap<>();
    for (TrialSpec t : trials) {
      groups
          .computeIfAbsent(
              t.dataset() + "/" + t.model() + "\u0000" + t.params(), k -> new ArrayList<>())
          .add(t);
    }
    List<Rungs.Configuration> out = new ArrayList<>();
    for (List<TrialSpec> seeds : groups.values()) {
      TrialSpec first = seeds.get(0);
      Config c = ConfigFactory.parseString(first.config());
      List<Integer> rungs = halving.rungs(c.getInt("epochs"));
      int interval = c.getInt("eval_interval");
      for (int rung : rungs.subList(0, rungs.size() - 1)) {
        if (rung % interval != 0) {
          throw new UcoException(
              "sweep.halving.min_epochs: the rung at "
                  + rung
                  + " epochs of "
                  + first.model()
                  + "/"
                  + first.dataset()
                  + " is not a multiple of eval_interval = "
                  + interval
                  + ", so a full run would not evaluate there; choose min_epochs and eta whose rungs"
                  + " are multiples of eval_interval (or set eval_interval = 1)");
        }
      }
      out.add(
          new Rungs.Configuration(
              first.dataset() + "/" + first.model(), first.params(), List.copyOf(seeds), rungs));
    }
    return out;
  }

  /** Now, as the trials table writes instants. */
  static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
