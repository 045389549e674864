package org.ucospark.sweep;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ucospark.io.HadoopFs;

/**
 * What a successive-halving sweep shows beside the summary tables (docs/SWEEPS.md): each
 * configuration's criterion per rung (seed mean), stopped ones struck through (faded in the
 * report), the chosen configuration per (data set, model), and the compute spent against the full
 * grid's. The settings the sweep ran with are in {@value #FILE} (written when it starts), so {@code
 * summarize} and {@code report} say how the choice was made, and "selected with labels" when the
 * criterion used them.
 */
public final class HalvingSummary {
  /** The halving settings of a sweep folder. */
  public static final String FILE = "halving.json";

  /** What every table of a sweep that selected by a label metric says. */
  public static final String WITH_LABELS = "selected with labels";

  private static final ObjectMapper JSON = new ObjectMapper();

  private HalvingSummary() {}

  /** The latest rows without the trials that halving stopped (they are not in the means). */
  public static Dataset<Row> counted(Dataset<Row> latest) {
    return latest.where(col("status").isNull().or(col("status").notEqual(TrialRecord.STOPPED)));
  }

  /** Records the settings of a halving sweep in its folder. */
  static void record(
      HadoopFs fs, String sweepDir, Halving h, List<Rungs.Configuration> configurations) {
    ObjectNode n = JSON.createObjectNode();
    n.put("criterion", h.criterion().name());
    n.put("mode", h.criterion().maximise() ? "max" : "min");
    n.put("rule", h.rule());
    n.put("eta", h.eta());
    n.put("min_epochs", h.minEpochs());
    n.put("alpha", h.alpha());
    n.put("selected_with_labels", h.selectedWithLabels());
    ObjectNode epochs = n.putObject("epochs");
    for (Rungs.Configuration c : configurations) {
      c.trials().forEach(t -> epochs.put(t.trialId(), c.last()));
    }
    fs.writeStringAtomically(new Path(sweepDir, FILE), n.toPrettyString());
  }

  /** The settings of a halving sweep folder, null for a full sweep. */
  public static JsonNode settings(HadoopFs fs, String sweepDir) {
    Path p = new Path(sweepDir, FILE);
    if (!fs.exists(p)) {
      return null;
    }
    try {
      return JSON.readTree(fs.readString(p));
    } catch (IOException e) {
      throw new IllegalStateException(p + ": unreadable: " + e.getMessage(), e);
    }
  }

  /** One configuration's line: criterion per rung, its last decision, whether it was chosen. */
  public record Line(
      String group,
      String params,
      Map<Integer, Double> means,
      Map<Integer, String> decisions,
      int seeds,
      boolean chosen) {
    /** Whether halving stopped it. */
    public boolean stopped() {
      return decisions.containsValue(Halving.STOPPED);
    }
  }

  /** The compute of a halving sweep against its full grid. */
  public record Compute(
      long epochs, long fullEpochs, long images, long fullImages, double wallS, double fullWallS) {}

  /**
   * Everything the rung view shows; {@code trials} that reached a rung, {@code stopped} of them
   * stopped by halving.
   */
  public record View(
      JsonNode settings,
      List<Integer> rungs,
      List<Line> lines,
      Compute compute,
      int trials,
      int stopped) {
    /** The headline count, {@link #trialCount(int, int)}. */
    public String trialCount() {
      return HalvingSummary.trialCount(trials, stopped);
    }
  }

  /** The rung view of a sweep folder, null for a full sweep. */
  public static View view(SparkSession spark, String sweepDir) {
    HadoopFs fs = new HadoopFs(spark.sparkContext().hadoopConfiguration());
    JsonNode settings = settings(fs, sweepDir);
    if (settings == null) {
      return null;
    }
    List<TrialRecord> rows = TrialsTable.collect(TrialsTable.read(spark, sweepDir));
    Map<String, Long> examples = new LinkedHashMap<>();
    for (TrialRecord r : rows) {
      examples.computeIfAbsent(r.trialId(), id -> examples(fs, sweepDir, id));
    }
    return view(settings, rows, examples);
  }

  private static long examples(HadoopFs fs, String sweepDir, String trialId) {
    Path p = new Path(TrialRunner.runDir(sweepDir, trialId), "summary.json");
    try {
      return fs.exists(p) ? JSON.readTree(fs.readString(p)).path("examples").asLong(0) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * The rung view of the rows of a trials table ({@code examples}: trial id → images per epoch, 0
   * when unknown). The chosen configuration of a (data set, model) is the best by seed mean at the
   * last rung among those that reached it with every seed.
   */
  public static View view(JsonNode settings, List<TrialRecord> rows, Map<String, Long> examples) {
    boolean max = settings.path("mode").asText().equals("max");
    Map<String, Map<Integer, Map<Integer, Double>>> values = new LinkedHashMap<>();
    Map<String, Map<Integer, String>> decisions = new LinkedHashMap<>();
    Map<String, Integer> lastRung = new LinkedHashMap<>();
    Map<String, TrialRecord> highest = new LinkedHashMap<>();
    TreeSet<Integer> rungs = new TreeSet<>();
    Set<String> trials = new HashSet<>();
    Set<String> stopped = new HashSet<>();
    for (TrialRecord r : rows) {
      if (r.rung() == 0) {
        continue;
      }
      trials.add(r.trialId());
      if (Halving.STOPPED.equals(r.decision())) {
        stopped.add(r.trialId());
      }
      String key = r.dataset() + "/" + r.model() + "\u0000" + r.params();
      rungs.add(r.rung());
      if (r.decision() != null) {
        decisions.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(r.rung(), r.decision());
      } else if (r.concluded()) {
        values
            .computeIfAbsent(key, k -> new LinkedHashMap<>())
            .computeIfAbsent(r.rung(), k -> new LinkedHashMap<>())
            .put(r.seed(), r.criterion());
        highest.merge(r.trialId(), r, (a, b) -> a.rung() >= b.rung() ? a : b);
      }
      lastRung.merge(key, r.rung(), Math::max);
    }
    List<Line> lines = new ArrayList<>();
    Map<String, Line> chosen = new LinkedHashMap<>();
    for (String key : values.keySet()) {
      Map<Integer, Double> means = new LinkedHashMap<>();
      int seeds = 0;
      for (Map.Entry<Integer, Map<Integer, Double>> e : values.get(key).entrySet()) {
        means.put(
            e.getKey(),
            e.getValue().values().stream().mapToDouble(d -> d).average().orElse(Double.NaN));
        seeds = Math.max(seeds, e.getValue().size());
      }
      String[] gp = key.split("\u0000", 2);
      Map<Integer, String> d = decisions.getOrDefault(key, Map.of());
      Line line = new Line(gp[0], gp[1], means, d, seeds, false);
      lines.add(line);
      int top = means.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
      boolean complete =
          !line.stopped() && !d.containsKey(top) && values.get(key).get(top).size() == seeds;
      Line best = chosen.get(gp[0]);
      double m = means.get(top);
      if (complete
          && Double.isFinite(m)
          && (best == null
              || top > last(best)
              || top == last(best) && (max ? m > lastMean(best) : m < lastMean(best)))) {
        chosen.put(gp[0], line);
      }
    }
    List<Line> marked = new ArrayList<>();
    for (Line l : lines) {
      marked.add(
          new Line(
              l.group(),
              l.params(),
              l.means(),
              l.decisions(),
              l.seeds(),
              chosen.get(l.group()) == l));
    }
    return new View(
        settings,
        List.copyOf(rungs),
        marked,
        compute(settings, highest, examples),
        trials.size(),
        stopped.size());
  }

  private static int last(Line l) {
    return l.means().keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  private static double lastMean(Line l) {
    return l.means().get(last(l));
  }

  /**
   * Epochs, images (epochs × examples) and wall time spent, against the full grid's: every trial to
   * the configuration's last epoch; its full wall time extrapolated from the trial's own seconds
   * per epoch (the wall time a row records sums all invocations of the run).
   */
  private static Compute compute(
      JsonNode settings, Map<String, TrialRecord> highest, Map<String, Long> examples) {
    long epochs = 0;
    long full = 0;
    long images = 0;
    long fullImages = 0;
    double wall = 0;
    double fullWall = 0;
    for (TrialRecord r : highest.values()) {
      int target = settings.path("epochs").path(r.trialId()).asInt(r.rung());
      long ex = examples.getOrDefault(r.trialId(), 0L);
      epochs += r.rung();
      full += target;
      images += r.rung() * ex;
      fullImages += target * ex;
      wall += r.wallS();
      fullWall += r.wallS() / r.rung() * target;
    }
    return new Compute(epochs, full, images, fullImages, wall, fullWall);
  }

  /** The rung view of a sweep folder as a summary.md section; empty for a full sweep. */
  public static String markdown(SparkSession spark, String sweepDir) {
    View v = view(spark, sweepDir);
    return v == null ? "" : markdown(v);
  }

  /** Whether halving settings {@code s} (null: a full sweep) selected by a label metric. */
  public static boolean withLabels(JsonNode s) {
    return s != null && s.path("selected_with_labels").asBoolean();
  }

  /**
   * The headline count of a sweep, one wording everywhere (report, summary.md, the sweep's last
   * lines): {@code "27 trials, 24 stopped by halving"}; {@code "3 trials"} for a full sweep ({@code
   * stopped} negative).
   */
  public static String trialCount(int trials, int stopped) {
    return trials
        + (trials == 1 ? " trial" : " trials")
        + (stopped < 0 ? "" : ", " + stopped + " stopped by halving");
  }

  /**
   * How a halving sweep selected, for the {@code selection} column of summary.csv and paired.csv
   * and the field of summary.json: {@code "halving by acc (max); selected with labels"} or {@code
   * "halving by clustering (min); label-free"}; null for a full sweep.
   */
  public static String selection(JsonNode s) {
    if (s == null) {
      return null;
    }
    return "halving by "
        + s.path("criterion").asText()
        + " ("
        + s.path("mode").asText()
        + "); "
        + (withLabels(s) ? WITH_LABELS : "label-free");
  }

  /** The first line of every summary of a sweep that selected with labels, else empty. */
  public static String banner(HadoopFs fs, String sweepDir) {
    JsonNode s = settings(fs, sweepDir);
    return withLabels(s)
        ? "> **"
            + WITH_LABELS
            + "**: the successive-halving criterion ("
            + s.path("criterion").asText()
            + ") uses the ground-truth labels.\n\n"
        : "";
  }

  /** How a halving sweep chose, in one line: "criterion clustering (min), rule rank, eta 3". */
  public static String how(JsonNode s) {
    return String.format(
        Locale.ROOT,
        "criterion %s (%s), rule %s, eta %d, first rung %d epochs%s%s",
        s.path("criterion").asText(),
        s.path("mode").asText(),
        s.path("rule").asText(),
        s.path("eta").asInt(),
        s.path("min_epochs").asInt(),
        s.path("rule").asText().equals(Halving.WILCOXON)
            ? ", alpha " + s.path("alpha").asDouble()
            : "",
        withLabels(s) ? "; " + WITH_LABELS : "");
  }

  public static String markdown(View v) {
    StringBuilder md = new StringBuilder("\n## Successive halving\n\n");
    md.append(v.trialCount()).append(". Configurations compared by seed mean at each rung: ");
    md.append(how(v.settings()));
    md.append(". Stopped configurations are struck through; **chosen** marks each (data set,")
        .append(" model)'s choice (the best at the last rung).\n");
    String group = null;
    for (Line l : v.lines()) {
      if (!l.group().equals(group)) {
        group = l.group();
        md.append("\n### ").append(group).append("\n\n| configuration | seeds |");
        v.rungs().forEach(r -> md.append(" rung ").append(r).append(" |"));
        md.append(" outcome |\n|---|---|");
        v.rungs().forEach(r -> md.append("---|"));
        md.append("---|\n");
      }
      String params = l.stopped() ? "~~" + l.params() + "~~" : l.params();
      md.append("| ").append(l.chosen() ? "**" + params + "**" : params).append(" | ");
      md.append(l.seeds()).append(" |");
      for (int r : v.rungs()) {
        Double m = l.means().get(r);
        String cell = m == null ? "" : String.format(Locale.ROOT, "%.5g", m);
        md.append(' ').append(l.stopped() && m != null ? "~~" + cell + "~~" : cell).append(" |");
      }
      md.append(' ').append(outcome(l)).append(" |\n");
    }
    Compute c = v.compute();
    md.append(
        String.format(
            Locale.ROOT,
            "%nCompute: %d of the full grid's %d epochs (%.1f %%)%s; wall time %.0f s of the full"
                + " grid's %.0f s (%.1f %%; the full grid's extrapolated from each trial's own"
                + " seconds per epoch).%n",
            c.epochs(),
            c.fullEpochs(),
            100.0 * c.epochs() / Math.max(1, c.fullEpochs()),
            c.fullImages() > 0
                ? String.format(
                    Locale.ROOT,
                    ", %,d of %,d images trained (epochs × examples)",
                    c.images(),
                    c.fullImages())
                : "",
            c.wallS(),
            c.fullWallS(),
            100.0 * c.wallS() / Math.max(1e-9, c.fullWallS())));
    return md.toString();
  }

  private static String outcome(Line l) {
    if (l.chosen()) {
      return "**chosen**";
    }
    for (Map.Entry<Integer, String> e : l.decisions().entrySet()) {
      if (e.getValue().equals(Halving.STOPPED)) {
        return "stopped at " + e.getKey();
      }
    }
    return l.decisions().isEmpty() && l.means().size() > 1 ? "completed" : "completed";
  }
}
