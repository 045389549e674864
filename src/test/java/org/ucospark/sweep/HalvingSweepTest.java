package org.ucospark.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ucospark.config.ConfigLoader;
import org.ucospark.testing.TestSpark;

/**
 * Real halving sweeps on local[2]: ddc_uco on 120 USPS images, 3 learning rates x 2 seeds, rungs at
 * 1 and 3 epochs (eta 3: one configuration of three goes on).
 */
class HalvingSweepTest {
  @TempDir static Path prepared;
  static SparkSession spark;

  @TempDir Path tmp;

  @BeforeAll
  static void prepareUsps() {
    spark = TestSpark.session();
    TestSpark.prepareUsps(spark, prepared);
  }

  static final String SWEEP =
      """
      sweep {
        name = halving
        datasets = [usps]
        models = [ddc_uco]
        seeds = 2
        axes { "optimizer.learning_rate" = [1e-3, 1e-2, 1e-4] }
        set { epochs = 3, eval_interval = 1, batch_size = 60, data.limit = 120, ofm.max_batches = 1 }
        parallelism = 2
        threads_per_trial = 1
        schedule = %s
        halving { min_epochs = 1, eta = 3 }
      }
      """;

  SweepSpec spec(String schedule) {
    return SweepSpec.from(
        new ConfigLoader()
            .withConfig(ConfigFactory.parseString(String.format(SWEEP, schedule)))
            .withOverrides(List.of("sweep.data_root=" + prepared))
            .load());
  }

  List<TrialSpec> trials(SweepSpec spec) {
    return spec.trials(SweepRunnerTest.resolver());
  }

  /** Decisions as "params@rung decision", in table order of (params, rung). */
  static List<String> decisions(List<TrialRecord> rows) {
    TreeMap<String, String> d = new TreeMap<>();
    for (TrialRecord r : rows) {
      if (r.decision() != null) {
        d.put(r.params() + "@" + r.rung() + " seed " + r.seed(), r.decision());
      }
    }
    return d.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList();
  }

  @Test
  void survivorsEndBitIdenticalToTheFullSweepAndAKilledSweepResumesWithTheSameDecisions()
      throws Exception {
    String halving = tmp.resolve("halving").toString();
    SweepRunner.Progress p =
        new SweepRunner(spark, spec("halving"), halving, System.out).run(trials(spec("halving")));
    assertEquals(0, p.failed());
    List<TrialRecord> rows = TrialsTable.collect(TrialsTable.read(spark, halving));
    List<String> decided = decisions(rows);
    assertEquals(6, decided.size(), decided.toString());
    assertEquals(
        2, decided.stream().filter(d -> d.endsWith("promoted")).count(), decided.toString());

    // The survivor's trials end exactly as the same trials of the full sweep (same ids).
    List<TrialRecord> survivors =
        TrialsTable.latestRecords(spark, halving).stream()
            .filter(r -> r.finished() && r.rung() == 3)
            .toList();
    assertEquals(2, survivors.size());
    // The same trials in a full sweep (only these two, to keep the test short).
    String full = tmp.resolve("full").toString();
    List<String> ids = survivors.stream().map(TrialRecord::trialId).toList();
    new SweepRunner(spark, spec("full"), full, System.out)
        .run(trials(spec("full")).stream().filter(t -> ids.contains(t.trialId())).toList());
    Map<String, TrialRecord> fullRows = new TreeMap<>();
    TrialsTable.latestRecords(spark, full).forEach(r -> fullRows.put(r.trialId(), r));
    for (TrialRecord s : survivors) {
      TrialRecord f = fullRows.get(s.trialId());
      assertEquals(3, s.epochs());
      assertEquals(f.last().loss(), s.last().loss(), 0.0);
      assertEquals(f.last().get("acc"), s.last().get("acc"), 0.0);
      assertEquals(f.best().loss(), s.best().loss(), 0.0);
      assertEquals(f.best().get("nmi"), s.best().get("nmi"), 0.0);
      assertEquals(f.history(), s.history());
      assertEquals(
          numbers(summaryJson(full, s.trialId())), numbers(summaryJson(halving, s.trialId())));
    }
    // The summary shows the rungs, the stopped ones struck through, the choice and the compute.
    String md = Files.readString(Path.of(halving, "summary.md"));
    assertTrue(md.contains("## Successive halving") && md.contains("~~"), md);
    assertTrue(
        md.contains("**chosen**") && md.contains("Compute: 10 of the full grid's 18 epochs"), md);
    assertTrue(!md.contains("selected with labels"), md);

    // Killed after 4 trial runs, then run again: the same decisions, nothing run twice.
    String killed = tmp.resolve("killed").toString();
    new SweepRunner(spark, spec("halving"), killed, System.out)
        .stopAfter(4)
        .run(trials(spec("halving")));
    assertTrue(decisions(TrialsTable.collect(TrialsTable.read(spark, killed))).size() < 6);
    new SweepRunner(spark, spec("halving"), killed, System.out).run(trials(spec("halving")));
    List<TrialRecord> resumed = TrialsTable.collect(TrialsTable.read(spark, killed));
    assertEquals(decided, decisions(resumed));
    assertEquals(
        rows.stream().filter(r -> r.decision() == null).count(),
        resumed.stream().filter(r -> r.decision() == null).count(),
        "each rung of each trial ran once");
  }

  static JsonNode summaryJson(String sweep, String trialId) throws Exception {
    return new ObjectMapper()
        .readTree(Files.readString(Path.of(sweep, "runs", trialId, "summary.json")));
  }

  /** Every number of summary.json outside timing and provenance, by path. */
  static Map<String, String> numbers(JsonNode n) {
    Map<String, String> out = new TreeMap<>();
    collect("", n, out);
    return out;
  }

  private static void collect(String path, JsonNode n, Map<String, String> out) {
    if (path.matches(".*(wall|second|_per_s|provenance|started|invocations|time).*")) {
      return;
    }
    if (n.isNumber()) {
      out.put(path, n.asText());
    } else if (n.isContainerNode()) {
      Iterator<Map.Entry<String, JsonNode>> f = n.fields();
      int i = 0;
      if (n.isArray()) {
        for (JsonNode e : n) {
          collect(path + "[" + i++ + "]", e, out);
        }
      }
      while (f.hasNext()) {
        Map.Entry<String, JsonNode> e = f.next();
        collect(path + "/" + e.getKey(), e.getValue(), out);
      }
    }
  }
}
