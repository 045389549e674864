package org.ucospark.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.ucospark.io.HadoopFs;
import org.ucospark.testing.Cli;
import org.ucospark.testing.Cli.Result;
import org.ucospark.testing.MiniHadoop;
import org.ucospark.testing.StandaloneCluster;
import org.ucospark.testing.TestSpark;
import org.ucospark.train.Assignments;

/**
 * The product on a real HDFS: Hadoop's MiniDFSCluster in its own JVM
 * (submit/hadoop-minicluster.sh), a Spark standalone master with two workers as separate JVMs, and
 * every command through {@code uco-spark}'s command line with only {@code hdfs://} paths: prepare
 * (raw files uploaded to HDFS), inspect, train with parameter averaging (the export approach,
 * picked by {@code train.approach=auto} because the default file system is HDFS) and {@code
 * --config} read from HDFS, a {@code --resume} from HDFS checkpoints, a {@code predict} on HDFS, a
 * 2-trial sweep, summarize and report. Tagged {@code hadoop}: {@code mvn -Phadoop test} runs it
 * (.ci/run does), not {@code mvn verify} (it takes minutes; docs/TESTING.md).
 */
@Tag("hadoop")
class HdfsClusterTest {
  @Test
  @Timeout(2700) // minutes on a quiet machine (docs/TESTING.md); far more on a shared one
  void everyCommandRunsOnHdfsWithTheExportApproach() throws Exception {
    TestSpark.stopDefaultSession();
    // Generous start-up limits: the JVMs start slowly on a loaded 2-core machine.
    try (MiniHadoop hdfs = MiniHadoop.start();
        StandaloneCluster cluster =
            StandaloneCluster.start(2, 1, "2g", java.time.Duration.ofMinutes(5))) {
      String h = hdfs.uri();
      SparkSession spark =
          SparkSession.builder()
              .config(cluster.sparkConf("hdfs-cluster-test").set("spark.hadoop.fs.defaultFS", h))
              .getOrCreate();
      try {
        FileSystem fs =
            FileSystem.get(java.net.URI.create(h), spark.sparkContext().hadoopConfiguration());
        fs.copyFromLocalFile(
            new Path(TestSpark.projectDir().resolve("data/raw/usps").toUri()),
            new Path(h + "/raw/usps"));
        HadoopFs files = new HadoopFs(spark.sparkContext().hadoopConfiguration());

        Result prepared =
            run("prepare", "--dataset", "usps", "--raw", h + "/raw", "--out", h + "/prepared");
        assertEquals(0, prepared.code(), prepared.err());
        Result inspected = run("inspect", h + "/prepared/usps");
        assertEquals(0, inspected.code(), inspected.err());
        JsonNode json = new ObjectMapper().readTree(inspected.out());
        assertEquals(9298, json.get("count").asLong());
        assertEquals("usps", json.at("/manifest/name").asText());

        // --config from HDFS: one epoch of 240 images on both executors.
        files.writeStringAtomically(
            HadoopFs.path(h + "/conf/tiny.conf"),
            "epochs = 1\neval_interval = 1\nbatch_size = 60\ndata.limit = 240\ntrain.workers = 2\n");
        String run = h + "/runs/ddc";
        Result trained =
            run(
                "train",
                "--experiment",
                "ddc_usps",
                "--config",
                h + "/conf/tiny.conf",
                "--run-dir",
                run,
                "--set",
                "data.path=" + h + "/prepared/usps");
        assertEquals(0, trained.code(), trained.err());
        assertTrue(
            trained
                .out()
                .contains("2 workers, parameter averaging every 4 minibatch(es), export approach"),
            trained.out());
        assertTrue(fs.exists(new Path(run + "/checkpoints/epoch-0001.zip")), "checkpoint on HDFS");
        assertEquals(1, summary(files, run).get("epochs").asInt(), "epochs from the HDFS config");
        // DL4J's export approach wrote its minibatch files under the run directory on HDFS.
        assertTrue(fs.exists(new Path(run + "/export")), "export directory on HDFS");

        Result resumed =
            run(
                "train",
                "--experiment",
                "ddc_usps",
                "--config",
                h + "/conf/tiny.conf",
                "--run-dir",
                run,
                "--resume",
                "--set",
                "data.path=" + h + "/prepared/usps",
                "--set",
                "epochs=2");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(fs.exists(new Path(run + "/checkpoints/epoch-0002.zip")), resumed.out());
        assertEquals(2, summary(files, run).at("/final/epoch").asInt());
        List<String> epochs = new ArrayList<>();
        for (String line :
            files.readString(HadoopFs.path(run + "/metrics.jsonl")).strip().split("\n")) {
          epochs.add(new ObjectMapper().readTree(line).get("epoch").asText());
        }
        assertEquals(List.of("1", "2"), epochs, "one metrics row per epoch across the resume");

        // predict on HDFS: the resumed run's last checkpoint, applied to its own data on the
        // executors, reproduces the assignments the run wrote at its end.
        String predicted = h + "/predicted";
        Result prediction =
            run(
                "predict",
                "--run-dir",
                run,
                "--checkpoint",
                "last",
                "--data",
                h + "/prepared/usps",
                "--limit",
                "240",
                "--out",
                predicted);
        assertEquals(0, prediction.code(), prediction.err());
        assertTrue(prediction.out().contains("ACC "), prediction.out());
        assertEquals(
            sortedRows(spark, run + "/" + Assignments.FINAL), sortedRows(spark, predicted));

        files.writeStringAtomically(
            HadoopFs.path(h + "/conf/sweep.conf"),
            """
            sweep {
              name = hdfs
              datasets = [usps]
              models = [ddc]
              seeds = 2
              set { epochs = 1, eval_interval = 1, batch_size = 60, data.limit = 240 }
              mode = trial-parallel
            }
            """);
        String sweep = h + "/sweeps/hdfs";
        Result swept =
            run(
                "sweep",
                h + "/conf/sweep.conf",
                "--set",
                "sweep.data_root=" + h + "/prepared",
                "--out",
                sweep);
        assertEquals(0, swept.code(), swept.err());
        // Each trial ran in an executor task and left its output in its run directory on HDFS.
        for (var trialRun : fs.listStatus(new Path(sweep + "/runs"))) {
          String log = files.readString(new Path(trialRun.getPath(), "train.log"));
          assertTrue(
              log.contains("training: local (single JVM)") && log.contains("best (lowest loss)"),
              log);
        }
        Result summarized = run("summarize", sweep);
        assertEquals(0, summarized.code(), summarized.err());
        String summary = files.readString(HadoopFs.path(sweep + "/summary.md"));
        assertTrue(summary.contains("| 2 / 0 / 0 |"), "both trials finished:\n" + summary);
        Result reported = run("report", sweep);
        assertEquals(0, reported.code(), reported.err());
        assertTrue(fs.exists(new Path(sweep + "/report/index.html")));

        // Nothing half-written is left: no temporary files or folders anywhere on HDFS.
        List<String> leftovers = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> all = fs.listFiles(new Path(h + "/"), true);
        while (all.hasNext()) {
          String p = all.next().getPath().toString();
          if (p.contains("_temporary")
              || p.endsWith(".tmp")
              || p.contains("/.tmp")
              || p.endsWith(".crc")) {
            leftovers.add(p);
          }
        }
        assertFalse(
            leftovers.stream().findAny().isPresent(), "temporary files left on HDFS: " + leftovers);
      } finally {
        spark.stop();
        SparkSession.clearDefaultSession();
        SparkSession.clearActiveSession();
      }
    }
  }

  private static JsonNode summary(HadoopFs files, String run) throws Exception {
    return new ObjectMapper().readTree(files.readString(HadoopFs.path(run + "/summary.json")));
  }

  /** Runs the command line; what it printed goes to the test's log too. */
  private static Result run(String... args) {
    Result r = Cli.run(args);
    System.out.print(r.out());
    System.err.print(r.err());
    return r;
  }

  /** The rows of a Parquet folder in id order, as strings (240 of them). */
  private static List<String> sortedRows(SparkSession spark, String folder) {
    List<String> rows = new ArrayList<>();
    for (org.apache.spark.sql.Row r : spark.read().parquet(folder).orderBy("id").collectAsList()) {
      rows.add(r.toString());
    }
    assertEquals(240, rows.size(), folder);
    return rows;
  }
}
