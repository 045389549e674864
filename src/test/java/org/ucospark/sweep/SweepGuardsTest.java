package org.ucospark.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ucospark.UcoException;
import org.ucospark.config.ConfigLoader;
import org.ucospark.io.FolderLease;
import org.ucospark.io.HadoopFs;
import org.ucospark.testing.CapturedLog;
import org.ucospark.testing.TestSpark;

/**
 * What a sweep refuses or stops on: an empty grid, a live sweep on the same folder, trials that all
 * fail alike.
 */
class SweepGuardsTest {
  @TempDir Path tmp;
  static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = TestSpark.session();
  }

  static SweepSpec spec(String sweep, String... overrides) {
    return SweepSpec.from(
        new ConfigLoader()
            .withConfig(ConfigFactory.parseString(sweep))
            .withOverrides(List.of(overrides))
            .load());
  }

  @Test
  void anEmptyGridIsRefusedNamingTheKey() {
    UcoException e = assertThrows(UcoException.class, () -> spec("sweep { models = [] }"));
    assertTrue(e.getMessage().contains("'sweep.models' must name at least one"), e.getMessage());
    e = assertThrows(UcoException.class, () -> spec("sweep { axes { \"loss.rel_sigma\" = [] } }"));
    assertTrue(
        e.getMessage().contains("axis 'loss.rel_sigma'")
            && e.getMessage().contains("grid is empty"),
        e.getMessage());
    SweepSpec one = spec("sweep { }");
    e =
        assertThrows(
            UcoException.class,
            () -> new SweepRunner(spark, one, tmp.toString(), System.out).run(List.of()));
    assertTrue(e.getMessage().contains("the grid is empty"), e.getMessage());
  }

  @Test
  void quotedDottedKeysAndPathsMeanTheSameKeyInSetAndAxes() {
    SweepSpec quoted =
        spec(
            "sweep { set { epochs = 12, \"data.limit\" = 1200 }, axes { \"loss.rel_sigma\" = [0.1, 0.2] } }");
    SweepSpec paths =
        spec(
            "sweep { set { epochs = 12, data { limit = 1200 } }, axes { loss.rel_sigma = [0.1, 0.2] } }");
    assertEquals(1200, quoted.set().getInt("data.limit"));
    assertEquals(quoted.set().root().unwrapped(), paths.set().root().unwrapped());
    assertEquals(quoted.gridPoints().toString(), paths.gridPoints().toString());
    List<TrialSpec> trials = quoted.trials(SweepRunnerTest.resolver());
    assertEquals(2, trials.size());
    assertTrue(trials.get(0).config().contains("\"limit\":1200"), trials.get(0).config());
    assertEquals(
        trials.stream().map(TrialSpec::trialId).toList(),
        paths.trials(SweepRunnerTest.resolver()).stream().map(TrialSpec::trialId).toList());
  }

  @Test
  void aSecondLiveSweepOnTheSameFolderIsRefusedAndAStaleLeaseIsTakenOver() throws Exception {
    HadoopFs fs = new HadoopFs();
    String dir = tmp.resolve("sweep").toString();
    try (FolderLease held = FolderLease.acquire(fs, dir, SweepRunner.LEASE, 60)) {
      UcoException e =
          assertThrows(
              UcoException.class, () -> FolderLease.acquire(fs, dir, SweepRunner.LEASE, 60));
      assertTrue(
          e.getMessage().contains("another sweep is running on this folder")
              && e.getMessage().contains("pid " + ProcessHandle.current().pid()),
          e.getMessage());
      SweepSpec spec = spec("sweep { }", "sweep.data_root=" + tmp);
      e =
          assertThrows(
              UcoException.class,
              () ->
                  new SweepRunner(spark, spec, dir, System.out)
                      .run(spec.trials(SweepRunnerTest.resolver())));
      assertTrue(e.getMessage().contains("sweep.lock: another sweep is running"), e.getMessage());
    }
    Path lease = tmp.resolve("sweep/sweep.lock");
    assertFalse(Files.exists(lease), "released at the end");

    // A lease left by a killed sweep on another host: taken over once its heartbeat is older than
    // the timeout.
    Files.writeString(
        lease,
        "{\"host\":\"elsewhere\",\"pid\":1,\"token\":\"t\",\"heartbeat_ms\":"
            + (System.currentTimeMillis() - 5_000)
            + "}");
    Files.setLastModifiedTime(
        lease, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 5_000));
    assertThrows(
        UcoException.class,
        () -> FolderLease.acquire(fs, dir, SweepRunner.LEASE, 60),
        "live within the timeout");
    try (CapturedLog said = CapturedLog.of(FolderLease.class);
        FolderLease taken = FolderLease.acquire(fs, dir, SweepRunner.LEASE, 2)) {
      assertTrue(
          said.text()
              .contains(
                  "WARN sweep lease "
                      + new org.apache.hadoop.fs.Path(HadoopFs.path(dir), "sweep.lock")
                      + ": taking over the lease of owner elsewhere pid 1 (no heartbeat for 5 s)"),
          said.text());
      assertTrue(Files.readString(lease).contains("\"pid\":" + ProcessHandle.current().pid()));
    }

    // A lease of a process of this host that has ended is taken over at once.
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Files.writeString(
        lease,
        "{\"host\":\""
            + java.net.InetAddress.getLocalHost().getHostName()
            + "\",\"pid\":"
            + gone.pid()
            + ",\"token\":\"t\",\"heartbeat_ms\":"
            + System.currentTimeMillis()
            + "}");
    try (CapturedLog said = CapturedLog.of(FolderLease.class);
        FolderLease taken = FolderLease.acquire(fs, dir, SweepRunner.LEASE, 600)) {
      assertTrue(said.text().contains("that process is gone"), said.text());
    }
  }

  @Test
  void whenTheFirstTrialsAllFailAlikeTheSweepStopsAndSaysSoOnce() throws Exception {
    // data_root names no prepared data: every trial fails with the same error.
    SweepSpec spec =
        spec(
            "sweep { name = doomed, models = [ddc, ddc_uco], seeds = 3, parallelism = 2,"
                + " max_attempts = 3, set { epochs = 1 } }",
            "sweep.data_root=" + tmp.resolve("nowhere"));
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    String dir = tmp.resolve("doomed").toString();
    SweepRunner.Progress p =
        new SweepRunner(spark, spec, dir, new PrintStream(said, true))
            .run(spec.trials(SweepRunnerTest.resolver()));
    assertTrue(p.stopped() && p.incomplete(), said.toString());
    String text = said.toString();
    assertTrue(
        text.contains(
            "stopped: the first 2 trials all failed with the same error, so every trial would;"
                + " the other 4 were not run and none was retried"),
        text);
    List<TrialRecord> rows = TrialsTable.latestRecords(spark, dir);
    assertEquals(2, rows.size(), "two attempts recorded, no retries");
    assertTrue(rows.stream().allMatch(r -> r.attempt() == 1 && !r.finished()));
    assertEquals(1, text.lines().filter(l -> l.contains("stopped:")).count());
  }
}
