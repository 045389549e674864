package org.ucospark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ucospark.cli.Main;
import org.ucospark.sweep.SyntheticSweep;
import org.ucospark.sweep.TrialRecord;
import org.ucospark.sweep.TrialsTable;
import org.ucospark.testing.TestSpark;

/**
 * How {@code summarize} and {@code report} grow with the trials table (issue 26,
 * docs/PERFORMANCE.md "How cost grows"): synthetic finished trials (2 data sets × 3 models × N/6
 * seeds, the numbers of {@link SyntheticSweep}), one append each, then both commands timed in this
 * JVM, with the heap pools' peak during each. A measurement, not a check: runs only with {@code
 * -Dbench=true} (submit/bench-growth.sh calls it), prints one line per size and stage.
 */
class TrialsGrowthBenchTest {
  @TempDir Path tmp;

  @Test
  void summarizeAndReportAgainstTheNumberOfTrials() {
    assumeTrue(Boolean.getBoolean("bench"));
    String sizes = System.getProperty("bench.trials", "10 100 1000 10000");
    SparkSession spark = TestSpark.session();
    System.out.println("trials\tstage\tseconds\tpeak_heap_mib");
    for (String s : sizes.trim().split("\\s+")) {
      int n = Integer.parseInt(s);
      Path dir = tmp.resolve("sweep" + n);
      TrialsTable.append(spark, dir.toUri().toString(), trials(n));
      time(n, "summarize", "summarize", dir.toString());
      time(n, "report", "report", dir.toString());
    }
  }

  private static List<TrialRecord> trials(int n) {
    List<TrialRecord> out = new ArrayList<>();
    for (int i = 0; out.size() < n; i++) {
      String dataset = SyntheticSweep.DATASETS.get(i % 2);
      String model = SyntheticSweep.MODELS.get((i / 2) % 3);
      out.add(SyntheticSweep.finished(dataset, model, 1 + i / 6, 1));
    }
    return out;
  }

  private static void time(int n, String stage, String... args) {
    List<MemoryPoolMXBean> heap =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .toList();
    System.gc();
    heap.forEach(MemoryPoolMXBean::resetPeakUsage);
    long t0 = System.nanoTime();
    assertEquals(0, Main.run(args), stage + " at " + n + " trials");
    double secs = (System.nanoTime() - t0) / 1e9;
    long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    System.out.printf(Locale.ROOT, "%d\t%s\t%.2f\t%d%n", n, stage, secs, peak / (1024 * 1024));
  }
}
