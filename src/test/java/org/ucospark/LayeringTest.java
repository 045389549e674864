package org.ucospark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages' layering (docs/CODE.md, "Packages"): a class may use its own package, the root
 * package and the packages of lower layers only. Every reference {@code org.ucospark.<package>.} in
 * the code of src/main/java counts (imports, static imports and fully qualified names); comments do
 * not.
 */
class LayeringTest {
  /** Lowest first; packages of one layer do not use each other. */
  static final List<List<String>> LAYERS =
      List.of(
          List.of("config"),
          List.of("data", "eval", "loss"),
          List.of("nn"),
          List.of("io", "model"),
          List.of("prepare"),
          List.of("train"),
          List.of("sweep", "bench", "ml"),
          List.of("report"),
          List.of("cli"));

  private static final Path MAIN = Path.of("src/main/java/org/ucospark");
  private static final Pattern REFERENCE = Pattern.compile("org\\.ucospark\\.([a-z][a-z0-9_]*)\\.");
  private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\n]*", Pattern.DOTALL);

  static int layer(String pkg) {
    for (int i = 0; i < LAYERS.size(); i++) {
      if (LAYERS.get(i).contains(pkg)) {
        return i;
      }
    }
    return -1;
  }

  /** Each violation as "file: uses package". */
  static List<String> violations(Path root) throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        Path relative = root.relativize(file);
        if (relative.getNameCount() < 2) {
          continue; // the root package (UcoException, package-info) is usable from every layer
        }
        String own = relative.getName(0).toString();
        Matcher m = REFERENCE.matcher(COMMENT.matcher(Files.readString(file)).replaceAll(""));
        TreeSet<String> used = new TreeSet<>();
        while (m.find()) {
          used.add(m.group(1));
        }
        for (String pkg : used) {
          if (!pkg.equals(own) && layer(pkg) >= layer(own)) {
            found.add(relative + ": uses " + pkg);
          }
        }
      }
    }
    return found;
  }

  @Test
  void everyPackageHasALayer() throws IOException {
    try (Stream<Path> dirs = Files.list(MAIN)) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        assertTrue(
            layer(dir.getFileName().toString()) >= 0,
            dir + " is not placed in LayeringTest.LAYERS");
      }
    }
  }

  @Test
  void noClassUsesAPackageOfItsOwnOrAHigherLayer() throws IOException {
    assertEquals(List.of(), violations(MAIN));
  }

  /** The check itself: a class of a lower layer that uses a higher one is found. */
  @Test
  void anArrowAgainstTheLayeringIsFound(@org.junit.jupiter.api.io.TempDir Path tmp)
      throws IOException {
    Files.createDirectories(tmp.resolve("nn"));
    Files.createDirectories(tmp.resolve("sweep"));
    Files.writeString(
        tmp.resolve("nn/Head.java"),
        "package org.ucospark.nn;\nimport org.ucospark.model.Layers;\n"
            + "/** {@link org.ucospark.cli.Main} */ // org.ucospark.train.Trainer\n");
    Files.writeString(
        tmp.resolve("sweep/Runner.java"),
        "package org.ucospark.sweep;\nimport org.ucospark.train.Trainer;\nclass Runner { Object r = "
            + "org.ucospark.report.SweepReport.class; }\n");
    assertEquals(
        List.of("nn/Head.java: uses model", "sweep/Runner.java: uses report"), violations(tmp));
  }
}
