package org.ucospark.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.ucospark.io.HadoopFs;
import org.ucospark.train.Provenance;

/** Where a sweep's numbers came from: the provenance of summary.json and summary.md. */
public final class SweepProvenance {
  /** A trial's run summary inside its run directory. */
  private static final String RUN_SUMMARY = "summary.json";

  private SweepProvenance() {}

  /**
   * The provenance section of summary.md: the fields of {@link #json}, objects and lists as JSON.
   */
  public static String markdown(ObjectNode p) {
    StringBuilder sb = new StringBuilder("\n## Provenance\n\n| | |\n|---|---|\n");
    p.fields()
        .forEachRemaining(
            e ->
                sb.append("| ")
                    .append(e.getKey())
                    .append(" | ")
                    .append(
                        e.getValue().isValueNode()
                            ? e.getValue().asText()
                            : e.getValue().toString())
                    .append(" |\n"));
    return sb.toString();
  }

  /**
   * Where a sweep's numbers came from: uco-spark version and git commit, Java, Spark, DL4J/ND4J and
   * the date ({@link Provenance#json}); the Spark master and executor count of the session that
   * summarises ({@code spark_master}, {@code executors}) and the executors the trials ran on
   * ({@code trial_executors}); the seeds; per data set the path and manifest checksums its trials
   * read ({@code data_path}, {@code data_sha256}, from the run directory's summary.json of its
   * first finished trial with a readable one, which {@link TrialRunner} writes under {@code
   * runs/<trial id>}; absent when no run directory is left); {@code wall_s}, from the first start
   * to the last end of the latest attempts, {@code trial_wall_s_sum}, the sum of their wall times,
   * and {@code images_per_s_mean}, the mean training throughput of the finished trials.
   *
   * @param spark session that summarises
   * @param fs file systems
   * @param sweepDir sweep directory URI
   * @param latest latest attempt of every trial
   * @return the provenance object
   */
  public static ObjectNode json(
      SparkSession spark, HadoopFs fs, String sweepDir, List<TrialRecord> latest) {
    ObjectNode p = Provenance.json(null);
    p.put("spark_master", spark.sparkContext().master());
    p.put("executors", Math.max(1, spark.sparkContext().getExecutorMemoryStatus().size() - 1));
    ArrayNode executors = p.putArray("trial_executors");
    latest.stream()
        .map(TrialRecord::executor)
        .filter(java.util.Objects::nonNull)
        .distinct()
        .sorted()
        .forEach(executors::add);
    ArrayNode seeds = p.putArray("seeds");
    latest.stream().mapToInt(TrialRecord::seed).distinct().sorted().forEach(seeds::add);
    ObjectNode paths = p.putObject("data_path");
    ObjectNode sums = p.putObject("data_sha256");
    java.util.TreeSet<String> datasets = new java.util.TreeSet<>(Order.DATASETS);
    latest.forEach(r -> datasets.add(r.dataset()));
    for (String ds : datasets) {
      for (TrialRecord r : latest) {
        Path summary = new Path(TrialRunner.runDir(sweepDir, r.trialId()), RUN_SUMMARY);
        if (r.finished() && r.dataset().equals(ds) && fs.exists(summary)) {
          JsonNode run;
          try {
            run = readJson(fs, summary);
          } catch (org.ucospark.UcoException e) {
            continue; // a damaged run directory: the next trial of the data set tells
          }
          paths.put(ds, run.path("data_path").asText(""));
          sums.set(ds, run.path("provenance").path("data_sha256"));
          break;
        }
      }
    }
    double start = Double.POSITIVE_INFINITY;
    double end = Double.NEGATIVE_INFINITY;
    double sum = 0;
    for (TrialRecord r : latest) {
      try {
        double t = java.time.Instant.parse(r.started()).toEpochMilli() / 1e3;
        start = Math.min(start, t);
        end = Math.max(end, t + r.wallS());
      } catch (RuntimeException e) {
        // an attempt without a parsable start counts in the sum only
      }
      sum += Double.isFinite(r.wallS()) ? r.wallS() : 0;
    }
    number(p, "wall_s", end - start);
    number(p, "trial_wall_s_sum", sum);
    number(
        p,
        "images_per_s_mean",
        latest.stream()
            .filter(TrialRecord::finished)
            .mapToDouble(TrialRecord::imagesPerS)
            .filter(Double::isFinite)
            .average()
            .orElse(Double.NaN));
    return p;
  }

  private static JsonNode readJson(HadoopFs fs, Path file) {
    try {
      return JSON.readTree(fs.readString(file));
    } catch (java.io.IOException e) {
      throw new org.ucospark.UcoException(file + ": not valid JSON: " + e.getMessage());
    }
  }

  /** Puts a finite {@code v}, else null (JSON has no NaN). */
  static void number(ObjectNode o, String key, double v) {
    if (Double.isFinite(v)) {
      o.put(key, v);
    } else {
      o.putNull(key);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
}
