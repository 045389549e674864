package org.ucospark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ucospark.testing.Cli;
import org.ucospark.testing.TestSpark;

/**
 * A halving sweep through the command line (docs/SWEEPS.md, "The criterion" and "What you see"):
 * chosen by ACC with {@code halving.labels = allowed}, every summary, table header and the report
 * say "selected with labels"; chosen by the label-free default, none of them does; and every
 * headline count says how many trials there were and how many halving stopped, not only the counted
 * ones. The tiny grid of HalvingSweepTest, smaller: 120 USPS images, 2 models x 2 learning rates x
 * 1 seed, rungs at 1 and 2 epochs (eta 2: one configuration per model goes on; both models keep the
 * same learning rate, so paired.csv has a row); the label-free sweep: ddc alone.
 */
class HalvingSelectedWithLabelsTest {
  static final String PHRASE = "selected with labels";

  /** Every file of a sweep folder that summarises it. */
  static final List<String> SUMMARIES =
      List.of(
          "summary.md",
          "summary.csv",
          "summary.json",
          "summary.tex",
          "paired.csv",
          "report/index.html");

  @TempDir static Path prepared;
  @TempDir Path tmp;

  @BeforeAll
  static void prepareUsps() {
    TestSpark.prepareUsps(TestSpark.session(), prepared);
  }

  Cli.Result sweep(String name, String models, String halving) throws Exception {
    Path file =
        Files.writeString(
            tmp.resolve(name + ".conf"),
            """
            sweep {
              name = %s
              datasets = [usps]
              models = [%s]
              seeds = 1
              axes { "optimizer.learning_rate" = [1e-3, 1e-2] }
              set { epochs = 2, eval_interval = 1, batch_size = 60, data.limit = 120,
                    ofm.max_batches = 1 }
              data_root = "%s"
              parallelism = 2
              threads_per_trial = 1
              schedule = halving
              halving { min_epochs = 1, eta = 2, %s }
            }
            report.tsne_points = 0
            """
                .formatted(name, models, prepared, halving));
    Cli.Result r =
        Cli.run(
            "sweep",
            file.toString(),
            "--out",
            tmp.resolve(name).toString(),
            "--set",
            "spark.master=local[2]");
    assertEquals(0, r.code(), r.out() + r.err());
    return r;
  }

  @Test
  void aLabelCriterionIsNamedInEverySummaryAndReportAndALabelFreeOneNowhere() throws Exception {
    Cli.Result r = sweep("acc", "ddc, ddc_uco", "criterion = acc, labels = allowed");
    Path dir = tmp.resolve("acc");
    for (String f : SUMMARIES) {
      String text = Files.readString(dir.resolve(f));
      assertTrue(text.contains(PHRASE), f + " lacks '" + PHRASE + "':\n" + text);
    }
    String md = Files.readString(dir.resolve("summary.md"));
    for (String heading : List.of("## ACC", "## NMI", "## Paired comparisons")) {
      String line = md.lines().filter(l -> l.startsWith(heading)).findFirst().orElse("");
      assertTrue(line.endsWith("; " + PHRASE), "table header: " + line);
    }
    assertEquals(
        2,
        Files.readAllLines(dir.resolve("paired.csv")).size(),
        "a header and the row of ddc vs ddc_uco (both kept the same learning rate)");
    String csv = Files.readString(dir.resolve("summary.csv"));
    assertTrue(csv.lines().findFirst().orElseThrow().endsWith(",selection"), csv);
    assertTrue(
        csv.lines().skip(1).allMatch(l -> l.endsWith(",halving by acc (max); " + PHRASE)), csv);
    JsonNode json = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
    assertEquals("halving by acc (max); " + PHRASE, json.path("selection").asText());
    assertTrue(r.out().contains(PHRASE), r.out());

    // 4 trials: 2 stopped at the first rung; the summary counts the 2 that went on.
    assertEquals(4, json.path("trials").asInt(), json.toString());
    assertEquals(2, json.path("stopped_by_halving").asInt(), json.toString());
    assertEquals(2, json.path("rows").size(), json.toString());
    String html = Files.readString(dir.resolve("report/index.html"));
    assertTrue(html.contains("<p class=\"meta\">4 trials, 2 stopped by halving, "), html);
    assertTrue(md.contains("4 trials, 2 stopped by halving"), md);
    assertTrue(r.out().contains(": 4 trials, 2 stopped by halving; trained 6 of"), r.out());

    Cli.Result free = sweep("free", "ddc", "criterion = clustering");
    Path freeDir = tmp.resolve("free");
    for (String f : SUMMARIES) {
      String text = Files.readString(freeDir.resolve(f));
      assertFalse(text.contains(PHRASE), f + " says '" + PHRASE + "':\n" + text);
    }
    assertFalse(free.out().contains(PHRASE), free.out());
    assertTrue(
        Files.readString(freeDir.resolve("summary.csv"))
            .contains(",halving by clustering (min); label-free\n"));
  }
}
