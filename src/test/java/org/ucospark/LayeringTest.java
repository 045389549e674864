package org.ucospark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages' layering (docs/CODE.md, "Packages"): a class may use its own package, the root
 * package and the packages of lower layers only. Every reference {@code org.ucospark.<package>.} in
 * the code of src/main/java counts (imports, static imports and fully qualified names); comments do
 * not. Within a package, no two classes reference each other (a class cycle: a nested type or
 * helper living in the wrong class), read from the bytecode with jdeps.
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

  /**
   * Pairs of classes under {@code classes} that reference each other, "a <-> b" with a before b and
   * the package prefix {@code org.ucospark.} dropped; nested classes count as their top-level
   * class. The references are jdeps' ({@code -verbose:class}): every class the bytecode names.
   */
  static Set<String> cycles(Path classes) {
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
    StringWriter out = new StringWriter();
    int rc =
        jdeps.run(
            new PrintWriter(out),
            new PrintWriter(new StringWriter()),
            "-verbose:class",
            "-filter:none",
            classes.toString());
    assertEquals(0, rc, out.toString());
    Pattern edge = Pattern.compile("^\\s+org\\.ucospark\\.(\\S+)\\s+->\\s+org\\.ucospark\\.(\\S+)");
    Set<String> edges = new TreeSet<>();
    for (String line : out.toString().split("\n")) {
      Matcher m = edge.matcher(line);
      if (m.find()) {
        String a = m.group(1).replaceAll("\\$.*", "");
        String b = m.group(2).replaceAll("\\$.*", "");
        if (!a.equals(b)) {
          edges.add(a + " " + b);
        }
      }
    }
    Set<String> pairs = new TreeSet<>();
    for (String e : edges) {
      String[] ab = e.split(" ");
      if (ab[0].compareTo(ab[1]) < 0 && edges.contains(ab[1] + " " + ab[0])) {
        pairs.add(ab[0] + " <-> " + ab[1]);
      }
    }
    return pairs;
  }

  @Test
  void noTwoClassesReferenceEachOther() {
    assertEquals(
        Set.of(), cycles(Path.of("target/classes")), "class cycles (move the shared type out)");
  }

  /** The check itself: two compiled classes that use each other are found, a one-way use is not. */
  @Test
  void twoClassesThatUseEachOtherAreFound(@org.junit.jupiter.api.io.TempDir Path tmp)
      throws IOException {
    Path src = Files.createDirectories(tmp.resolve("src/org/ucospark/x"));
    Files.writeString(
        src.resolve("A.java"),
        "package org.ucospark.x;\nclass A { B b; static class In { C c; } }\n");
    Files.writeString(src.resolve("B.java"), "package org.ucospark.x;\nclass B { A a; }\n");
    Files.writeString(src.resolve("C.java"), "package org.ucospark.x;\nclass C { A.In in; }\n");
    Files.writeString(src.resolve("D.java"), "package org.ucospark.x;\nclass D { A a; }\n");
    Path classes = Files.createDirectories(tmp.resolve("classes"));
    int rc =
        javax.tools.ToolProvider.getSystemJavaCompiler()
            .run(
                null,
                null,
                null,
                "-d",
                classes.toString(),
                src.resolve("A.java").toString(),
                src.resolve("B.java").toString(),
                src.resolve("C.java").toString(),
                src.resolve("D.java").toString());
    assertEquals(0, rc);
    assertEquals(Set.of("x.A <-> x.B", "x.A <-> x.C"), cycles(classes));
  }
}
