package org.ucospark.model.extension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ucospark.data.OwnImages;
import org.ucospark.testing.Cli;
import org.ucospark.testing.TestSpark;

/**
 * The model-family extension point (docs/CODE.md, "Adding a model family"): {@link ToyFamily},
 * registered only on the test class path, is offered by {@code train --help}, trains in a sweep and
 * is summarized, all through the command line, like a built-in model. Files of the extension:
 * ToyFamily.java, its META-INF/services line, this test (+ conf/experiments/toy_usps.conf).
 */
class ModelFamilyExtensionTest {
  static final int CLASSES = 3;

  @TempDir Path tmp;

  /**
   * Prepares a tiny labelled image folder (3 classes × 40 images of 20×20), sweeps {@code models}
   * on it for 2 epochs, summarizes the sweep again and returns the sweep folder.
   */
  static Path sweepAndSummarize(Path tmp, String model) throws Exception {
    TestSpark.session();
    Path prepared = tmp.resolve("prepared");
    ok(
        "prepare",
        "--dataset",
        "digits",
        "--format",
        "image-folder",
        "--raw",
        OwnImages.classFolders(tmp.resolve("raw/digits"), CLASSES, 40, 20).toString(),
        "--out",
        prepared.toString());
    Path sweepFile = tmp.resolve("ext.conf");
    Files.writeString(
        sweepFile,
        "sweep {\n  name = ext\n  datasets = [\""
            + prepared.resolve("digits")
            + "\"]\n  models = ["
            + model
            + "]\n  seeds = 1\n  set { epochs = 2, batch_size = 40, eval_interval = 1 }\n}\n");
    Path out = tmp.resolve("sweep");
    ok("sweep", sweepFile.toString(), "--out", out.toString());
    Cli.Result s = ok("summarize", out.toString());
    assertTrue(s.out().contains("1 groups, 0 failed trials"), s.out());
    List<String> rows = Files.readString(out.resolve("summary.csv")).lines().skip(1).toList();
    assertEquals(1, rows.size(), rows.toString());
    String[] f = rows.get(0).split(","); // view, dataset, model, params, runs, failed, acc_mean, …
    assertEquals(List.of("digits", model, "1", "0"), List.of(f[1], f[2], f[4], f[5]), rows.get(0));
    double acc = Double.parseDouble(f[6]);
    assertTrue(acc >= 1.0 / CLASSES && acc <= 1, rows.get(0));
    return out;
  }

  static Cli.Result ok(String... args) {
    Cli.Result r = Cli.run(args);
    assertEquals(0, r.code(), String.join(" ", args) + "\n" + r.err() + r.out());
    return r;
  }

  /** The one metrics.jsonl of a sweep's trial. */
  static String metrics(Path sweep) throws Exception {
    try (Stream<Path> files = Files.walk(sweep)) {
      Path file =
          files.filter(p -> p.getFileName().toString().equals("metrics.jsonl")).findFirst().get();
      return Files.readString(file);
    }
  }

  @Test
  void aFamilyFromTheTestClassPathTrainsAndIsSummarizedThroughTheCommandLine() throws Exception {
    assertTrue(ok("train", "--help").out().contains("ohc, toy"), "help lists the registry");
    String metrics = metrics(sweepAndSummarize(tmp, "toy"));
    assertTrue(metrics.contains("\"ddc_1\""), "the family's clustering terms are logged");
  }
}
