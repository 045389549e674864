package org.ucospark.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The state of a successive-halving sweep and its rules, free of Spark (docs/SWEEPS.md): every
 * configuration's criterion values per rung and seed, the decisions made, the trials started. The
 * sweep feeds it results ({@link #result}) and asks what to decide ({@link #decide}) and what to
 * run next ({@link #next}); the same rows fed in the same order give the same decisions, which is
 * how a killed sweep resumes where it stopped (the rows are the trials table).
 *
 * <p>Asynchronous as in ASHA (Li et al. 2020): a configuration is decided as soon as all its seeds
 * reached a rung, against the configurations that reached it so far, and freed executors take
 * promoted work first (highest rung first), else start a new configuration, so none waits for a
 * rung to fill. Rule {@link Halving#RANK}: promoted when among the best ⌊n/η⌋ of the n that reached
 * the rung; once no other configuration can reach it (the rung is closed), the best max(1, ⌊n/η⌋)
 * not yet promoted are and the rest stop. Rule {@link Halving#WILCOXON}: stopped when its
 * seed-paired values are worse than the rung leader's at two-sided p &lt; alpha ({@link
 * PairedComparison#compare}), else promoted. A configuration one of whose seeds failed for good, or
 * whose criterion is not finite (a diverged seed), stops.
 */
final class Rungs {
  /** One configuration: a (data set, model, grid point) with all its seeds' trials. */
  record Configuration(String group, String params, List<TrialSpec> trials, List<Integer> rungs) {
    String label() {
      return group + " " + params;
    }

    int last() {
      return rungs.get(rungs.size() - 1);
    }

    int after(int rung) {
      return rungs.get(rungs.indexOf(rung) + 1);
    }
  }

  /**
   * A decision: a configuration at a rung, its seed-mean criterion, its place among the {@code
   * reached} that reached the rung (1 = best), and p against the leader (rule wilcoxon, else NaN).
   */
  record Decision(
      Configuration configuration,
      int rung,
      String decision,
      double mean,
      int place,
      int reached,
      double p) {}

  private final Halving halving;
  private final List<Configuration> configurations;
  private final Map<String, Configuration> byTrial = new HashMap<>();

  /** trial id → rung → its result row (criterion in {@link TrialRecord#criterion}). */
  private final Map<String, Map<Integer, TrialRecord>> results = new HashMap<>();

  /** configuration → rung → decision. */
  private final Map<Configuration, Map<Integer, String>> decisions = new HashMap<>();

  /** configuration → the rung at which a seed failed for good. */
  private final Map<Configuration, Integer> gaveUp = new HashMap<>();

  private final Set<String> started = new HashSet<>();

  /** trial id → its latest attempt number: a later rung carries it on ({@link #next}). */
  private final Map<String, Integer> attempts = new HashMap<>();

  Rungs(Halving halving, List<Configuration> configurations) {
    this.halving = halving;
    this.configurations = configurations;
    for (Configuration c : configurations) {
      c.trials().forEach(t -> byTrial.put(t.trialId(), c));
    }
  }

  Configuration configuration(String trialId) {
    return byTrial.get(trialId);
  }

  /** A trial reached a rung (a finished or diverged row of the table). */
  void result(TrialRecord row) {
    results.computeIfAbsent(row.trialId(), k -> new HashMap<>()).put(row.rung(), row);
    started.add(row.trialId() + "@" + row.rung());
    attempted(row);
  }

  /** Any attempt of a trial (a failed one too): later rungs go on with its number. */
  void attempted(TrialRecord row) {
    attempts.merge(row.trialId(), row.attempt(), Math::max);
  }

  /** Epochs trained so far: every trial's highest rung reached. */
  long epochsTrained() {
    long sum = 0;
    for (Map<Integer, TrialRecord> rows : results.values()) {
      sum += rows.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
    }
    return sum;
  }

  /** Epochs the full sweep trains: every trial to its last epoch. */
  long fullEpochs() {
    return configurations.stream().mapToLong(c -> (long) c.last() * c.trials().size()).sum();
  }

  /** A decision recorded earlier (a row of the table with a decision). */
  void decided(TrialRecord row) {
    decisions
        .computeIfAbsent(byTrial.get(row.trialId()), k -> new HashMap<>())
        .put(row.rung(), row.decision());
  }

  /** A trial failed for good at a rung: its configuration stops there. */
  void gaveUp(String trialId, int rung) {
    gaveUp.merge(byTrial.get(trialId), rung, Math::min);
  }

  /** A trial runs (or is to be retried) at a rung: {@link #next} does not hand it out again. */
  void started(String trialId, int rung) {
    started.add(trialId + "@" + rung);
  }

  /** The result row of a trial at a rung, null when none. */
  TrialRecord row(String trialId, int rung) {
    return results.getOrDefault(trialId, Map.of()).get(rung);
  }

  /** The decision of a configuration at a rung, null when none. */
  String decision(Configuration c, int rung) {
    return decisions.getOrDefault(c, Map.of()).get(rung);
  }

  /** The seed mean of the criterion at a rung, NaN unless every seed reached it finitely. */
  double mean(Configuration c, int rung) {
    double sum = 0;
    for (TrialSpec t : c.trials()) {
      TrialRecord r = row(t.trialId(), rung);
      if (r == null || !Double.isFinite(r.criterion())) {
        return Double.NaN;
      }
      sum += r.criterion();
    }
    return sum / c.trials().size();
  }

  private boolean reached(Configuration c, int rung) {
    return c.trials().stream().allMatch(t -> row(t.trialId(), rung) != null);
  }

  /** Whether {@code c} can no longer reach {@code rung}: it stopped or failed below it. */
  private boolean endedBelow(Configuration c, int rung) {
    Integer failed = gaveUp.get(c);
    if (failed != null && failed < rung) {
      return true;
    }
    return decisions.getOrDefault(c, Map.of()).entrySet().stream()
        .anyMatch(e -> e.getKey() < rung && e.getValue().equals(Halving.STOPPED));
  }

  /** Every decision that can be made now, in a fixed order (group, rung, grid order). */
  List<Decision> decide() {
    List<Decision> made = new ArrayList<>();
    Map<String, List<Configuration>> groups = new LinkedHashMap<>();
    configurations.forEach(c -> groups.computeIfAbsent(c.group(), k -> new ArrayList<>()).add(c));
    for (List<Configuration> group : groups.values()) {
      TreeSet<Integer> rungs = new TreeSet<>();
      group.forEach(c -> rungs.addAll(c.rungs().subList(0, c.rungs().size() - 1)));
      for (int rung : rungs) {
        decideRung(group, rung, made);
      }
    }
    return made;
  }

  private void decideRung(List<Configuration> group, int rung, List<Decision> made) {
    List<Configuration> participants =
        group.stream().filter(c -> c.rungs().contains(rung) && c.last() != rung).toList();
    List<Configuration> reached = new ArrayList<>();
    boolean closed = true;
    for (Configuration c : participants) {
      if (decision(c, rung) == null && Integer.valueOf(rung).equals(gaveUp.get(c))) {
        record(made, new Decision(c, rung, Halving.STOPPED, Double.NaN, 0, 0, Double.NaN));
      } else if (reached(c, rung)) {
        reached.add(c);
      } else if (!endedBelow(c, rung) && !Integer.valueOf(rung).equals(gaveUp.get(c))) {
        closed = false;
      }
    }
    Comparator<Configuration> best =
        Comparator.comparingDouble(
            c -> {
              double m = mean(c, rung);
              return Double.isNaN(m)
                  ? Double.POSITIVE_INFINITY
                  : halving.criterion().maximise() ? -m : m;
            });
    List<Configuration> ranked = new ArrayList<>(reached);
    ranked.sort(best); // stable: ties keep grid order
    for (Configuration c : reached) {
      if (decision(c, rung) != null) {
        continue;
      }
      Decision d = rule(c, rung, ranked, closed);
      if (d != null) {
        record(made, d);
      }
    }
  }

  private Decision rule(Configuration c, int rung, List<Configuration> ranked, boolean closed) {
    double mean = mean(c, rung);
    int place = ranked.indexOf(c) + 1;
    int n = ranked.size();
    if (Double.isNaN(mean)) {
      return new Decision(c, rung, Halving.STOPPED, mean, place, n, Double.NaN);
    }
    if (halving.rule().equals(Halving.WILCOXON)) {
      Configuration leader = ranked.get(0);
      double p = leader == c ? Double.NaN : pairedP(c, leader, rung);
      boolean worse = p < halving.alpha();
      return new Decision(c, rung, worse ? Halving.STOPPED : Halving.PROMOTED, mean, place, n, p);
    }
    int keep = closed ? Math.max(1, n / halving.eta()) : n / halving.eta();
    if (place <= keep) {
      return new Decision(c, rung, Halving.PROMOTED, mean, place, n, Double.NaN);
    }
    return closed ? new Decision(c, rung, Halving.STOPPED, mean, place, n, Double.NaN) : null;
  }

  /**
   * Two-sided Wilcoxon signed-rank p of {@code c} against {@code leader}, paired by seed (the same
   * seed is the same initialisation, docs/PROTOCOL.md section 4).
   */
  private double pairedP(Configuration c, Configuration leader, int rung) {
    Map<Integer, Double> lead = new HashMap<>();
    for (TrialSpec t : leader.trials()) {
      lead.put(t.seed(), row(t.trialId(), rung).criterion());
    }
    List<double[]> pairs = new ArrayList<>();
    for (TrialSpec t : c.trials()) {
      if (lead.containsKey(t.seed())) {
        pairs.add(new double[] {row(t.trialId(), rung).criterion(), lead.get(t.seed())});
      }
    }
    double[] a = pairs.stream().mapToDouble(x -> x[0]).toArray();
    double[] b = pairs.stream().mapToDouble(x -> x[1]).toArray();
    return PairedComparison.compare(a, b).p();
  }

  private void record(List<Decision> made, Decision d) {
    decisions.computeIfAbsent(d.configuration(), k -> new HashMap<>()).put(d.rung(), d.decision());
    made.add(d);
  }

  /**
   * The next trial to run, marked started: promoted work first (highest rung first), then a new
   * configuration's first rung, in grid order; null when there is nothing to start now.
   */
  TrialSpec next() {
    List<int[]> order = new ArrayList<>();
    for (int ci = 0; ci < configurations.size(); ci++) {
      for (Map.Entry<Integer, String> e :
          decisions.getOrDefault(configurations.get(ci), Map.of()).entrySet()) {
        if (e.getValue().equals(Halving.PROMOTED)) {
          order.add(new int[] {e.getKey(), ci});
        }
      }
    }
    order.sort(Comparator.<int[]>comparingInt(x -> -x[0]).thenComparingInt(x -> x[1]));
    for (int[] promoted : order) {
      Configuration c = configurations.get(promoted[1]);
      TrialSpec t = start(c, c.after(promoted[0]));
      if (t != null) {
        return t;
      }
    }
    for (Configuration c : configurations) {
      TrialSpec t = start(c, c.rungs().get(0));
      if (t != null) {
        return t;
      }
    }
    return null;
  }

  private TrialSpec start(Configuration c, int rung) {
    for (TrialSpec t : c.trials()) {
      if (started.add(t.trialId() + "@" + rung)) {
        return t.toRung(rung, halving.criterion().name())
            .withAttempt(attempts.getOrDefault(t.trialId(), t.attempt()));
      }
    }
    return null;
  }

  List<Configuration> configurations() {
    return configurations;
  }
}
