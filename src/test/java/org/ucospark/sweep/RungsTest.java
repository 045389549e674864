package org.ucospark.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ucospark.UcoException;
import org.ucospark.config.ConfigLoader;

/** The rules of successive halving on fixed numbers: rungs, ASHA promotion, Wilcoxon, criterion. */
class RungsTest {
  static Halving halving(String rule, int eta) {
    return new Halving(1, eta, new Criterion(Criterion.CLUSTERING, false), rule, 0.05);
  }

  /** Configurations c0..c{n-1} of {@code seeds} seeds, rungs 1, 3, 9. */
  static List<Rungs.Configuration> grid(int n, int seeds) {
    List<Rungs.Configuration> out = new ArrayList<>();
    for (int c = 0; c < n; c++) {
      List<TrialSpec> trials = new ArrayList<>();
      for (int s = 0; s < seeds; s++) {
        trials.add(new TrialSpec("c" + c + "s" + s, "t", "usps", "ddc", s, "c" + c, "{}", 1));
      }
      out.add(new Rungs.Configuration("usps/ddc", "c" + c, trials, List.of(1, 3, 9)));
    }
    return out;
  }

  static TrialRecord row(TrialSpec t, int rung, double criterion) {
    return TrialRecord.failed(
            new TrialKey(t.trialId(), "t", "usps", "ddc", t.seed(), t.params()),
            1,
            null,
            "x",
            "now",
            1)
        .atRung(rung, criterion, TrialRecord.FINISHED, null);
  }

  /** Runs the next trial of {@code rungs} with criterion value(config index, seed). */
  static TrialSpec step(Rungs rungs, double[][] value) {
    TrialSpec t = rungs.next();
    if (t != null) {
      int c = Integer.parseInt(t.params().substring(1));
      rungs.result(row(t, t.rungEpochs(), value[c][t.seed()] / t.rungEpochs()));
    }
    return t;
  }

  /** Runs the sweep to its end; every decision in the order made. */
  static List<Rungs.Decision> runAll(Rungs rungs, double[][] v) {
    List<Rungs.Decision> all = new ArrayList<>();
    while (true) {
      all.addAll(rungs.decide());
      if (step(rungs, v) == null) {
        all.addAll(rungs.decide());
        if (rungs.next() == null) {
          return all;
        }
      }
    }
  }

  static List<Rungs.Decision> atRung(int rung, List<Rungs.Decision> all) {
    return all.stream().filter(d -> d.rung() == rung).toList();
  }

  @Test
  void rungsGrowByEtaUpToTheTrialsEpochs() {
    Halving h = new Halving(4, 3, new Criterion("loss", false), Halving.RANK, 0.05);
    assertEquals(List.of(4, 12, 36), h.rungs(36));
    assertEquals(List.of(4, 12, 36, 40), h.rungs(40));
    assertEquals(List.of(3), h.rungs(3), "one rung: no decision, the trial just runs");
  }

  @Test
  void rankKeepsTheBestThirdAsynchronouslyAndClosesEachRung() {
    // 9 configurations, one seed; lower is better; c4 best, then c7, c1.
    double[][] v = {{5}, {3}, {9}, {8}, {1}, {6}, {7}, {2}, {4}};
    Rungs rungs = new Rungs(halving(Halving.RANK, 3), grid(9, 1));
    List<Rungs.Decision> all = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      step(rungs, v);
    }
    // c0 (5), c1 (3), c2 (9) reached rung 1: floor(3/3) = 1 is kept at once: c1, before the rest.
    List<Rungs.Decision> early = rungs.decide();
    assertEquals(1, early.size());
    assertEquals("c1", early.get(0).configuration().params());
    assertEquals(Halving.PROMOTED, early.get(0).decision());
    TrialSpec next = rungs.next();
    assertEquals(3, next.rungEpochs(), "promoted work goes first (ASHA)");
    assertEquals("c1s0", next.trialId());
    rungs.result(row(next, 3, v[1][0] / 3));
    all.addAll(early);
    all.addAll(runAll(rungs, v));
    List<String> promoted1 =
        all.stream()
            .filter(d -> d.rung() == 1 && d.decision().equals(Halving.PROMOTED))
            .map(d -> d.configuration().params())
            .toList();
    assertEquals(Set.of("c1", "c4", "c7"), Set.copyOf(promoted1));
    assertEquals(
        6, all.stream().filter(d -> d.rung() == 1 && d.decision().equals("stopped")).count());
    List<Rungs.Decision> rung3 = all.stream().filter(d -> d.rung() == 3).toList();
    assertEquals(
        List.of("c4"),
        rung3.stream()
            .filter(d -> d.decision().equals(Halving.PROMOTED))
            .map(d -> d.configuration().params())
            .toList());
    assertEquals(9 + 3 * 2 + 6, rungs.epochsTrained(), "9 x 1, 3 to 3 epochs, c4 to 9");
    assertEquals(81, rungs.fullEpochs());
  }

  @Test
  void feedingTheSameRowsAgainGivesTheSameDecisions() {
    double[][] v = {{5}, {3}, {9}, {8}, {1}, {6}, {7}, {2}, {4}};
    Rungs first = new Rungs(halving(Halving.RANK, 3), grid(9, 1));
    List<TrialRecord> rows = new ArrayList<>();
    List<String> decisions = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      TrialSpec t = first.next();
      int c = Integer.parseInt(t.params().substring(1));
      TrialRecord r = row(t, t.rungEpochs(), v[c][0]);
      first.result(r);
      rows.add(r);
      first
          .decide()
          .forEach(d -> decisions.add(d.configuration().params() + "@" + d.rung() + d.decision()));
    }
    // A resumed sweep rebuilds the state from the rows (decisions included) and goes on alike.
    Rungs resumed = new Rungs(halving(Halving.RANK, 3), grid(9, 1));
    rows.forEach(resumed::result);
    for (Rungs.Configuration c : first.configurations()) {
      for (int rung : List.of(1, 3)) {
        String d = first.decision(c, rung);
        if (d != null) {
          resumed.decided(row(c.trials().get(0), rung, 0).atRung(rung, 0, "finished", d));
        }
      }
    }
    assertEquals(List.of(), resumed.decide(), "nothing left undecided");
    assertEquals(first.next(), resumed.next());
  }

  @Test
  void wilcoxonStopsWhatIsWorseThanTheLeaderOnEverySeedAtSixSeeds() {
    // c0 leads; c1 is worse on each of 6 seeds (exact two-sided p = 2/2^6 = 0.031 < 0.05); c2 is
    // worse on average but better on 2 seeds (p > 0.05), so it goes on.
    double[][] v = {
      {1, 2, 3, 4, 5, 6}, {1.5, 2.5, 3.5, 4.5, 5.5, 6.5}, {3, 0, 5, 1, 9, 8},
    };
    Rungs rungs = new Rungs(halving(Halving.WILCOXON, 3), grid(3, 6));
    List<Rungs.Decision> all = atRung(1, runAll(rungs, v));
    assertEquals(3, all.size());
    assertEquals(Halving.PROMOTED, all.get(0).decision());
    assertEquals(Halving.STOPPED, all.get(1).decision());
    assertEquals(0.03125, all.get(1).p(), 1e-12);
    assertEquals(Halving.PROMOTED, all.get(2).decision());
    assertTrue(all.get(2).p() > 0.05, "p " + all.get(2).p());
  }

  @Test
  void wilcoxonCannotStopAnythingWithThreeSeeds() {
    // Exact two-sided p of 3 pairs is at least 2/2^3 = 0.25: the rule never prunes at alpha 0.05.
    double[][] v = {{1, 2, 3}, {10, 20, 30}};
    Rungs rungs = new Rungs(halving(Halving.WILCOXON, 3), grid(2, 3));
    List<Rungs.Decision> all = atRung(1, runAll(rungs, v));
    assertEquals(0.25, all.get(1).p(), 1e-12);
    assertEquals(Halving.PROMOTED, all.get(1).decision());
  }

  @Test
  void aConfigurationWithANonFiniteCriterionStops() {
    double[][] v = {{Double.NaN}, {1}, {2}};
    Rungs rungs = new Rungs(halving(Halving.RANK, 2), grid(3, 1));
    List<Rungs.Decision> all = atRung(1, runAll(rungs, v));
    assertEquals("c0", all.get(0).configuration().params());
    assertEquals(Halving.STOPPED, all.get(0).decision());
    assertEquals(Halving.STOPPED, rungs.decision(rungs.configurations().get(2), 1), "1 of 2 kept");
  }

  static SweepSpec spec(String sweep) {
    return SweepSpec.from(new ConfigLoader().withConfig(ConfigFactory.parseString(sweep)).load());
  }

  @Test
  void theDefaultCriterionRefusesAnAxisThatRedefinesIt() {
    UcoException e =
        assertThrows(
            UcoException.class,
            () -> spec("sweep { schedule = halving, axes { \"loss.rel_sigma\" = [0.1, 0.2] } }"));
    assertTrue(
        e.getMessage().contains("'sweep.halving.criterion'")
            && e.getMessage().contains("'loss.rel_sigma' changes the definition")
            && e.getMessage().contains("name another criterion"),
        e.getMessage());
    assertEquals(
        "loss",
        spec("sweep { schedule = halving, halving.criterion = loss, axes {"
                + " \"loss.rel_sigma\" = [0.1, 0.2] } }")
            .halving()
            .criterion()
            .name());
    assertNull(spec("sweep { axes { \"loss.rel_sigma\" = [0.1, 0.2] } }").halving());
  }

  @Test
  void aLabelCriterionNeedsLabelsAllowedAndThenSaysSo() {
    UcoException e =
        assertThrows(
            UcoException.class,
            () -> spec("sweep { schedule = halving, halving.criterion = acc }"));
    assertTrue(
        e.getMessage().contains("label leakage")
            && e.getMessage().contains("sweep.halving.labels = allowed"),
        e.getMessage());
    Halving h =
        spec("sweep { schedule = halving, halving { criterion = acc, labels = allowed } }")
            .halving();
    assertTrue(h.selectedWithLabels());
    assertTrue(h.criterion().maximise(), "mode auto maximises acc");
  }
}
