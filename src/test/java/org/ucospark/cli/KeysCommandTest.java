package org.ucospark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.ucospark.config.ConfigKeys;
import org.ucospark.testing.Cli;

/** {@code uco-spark keys}: the declarations as text and as docs/COMMANDS.md's table. */
class KeysCommandTest {
  private static final String BEGIN = "<!-- keys --markdown: begin -->\n";
  private static final String END = "<!-- keys --markdown: end -->";

  @Test
  void listsEveryKeyWithTypeDefaultAllowedValuesStageAndDoc() {
    Cli.Result r = Cli.run("keys");
    assertEquals(0, r.code(), r.err());
    for (var key : ConfigKeys.all()) {
      assertTrue(r.out().contains(key.name() + " ("), key.name());
    }
    assertTrue(
        r.out()
            .contains(
                "dec.bottleneck (int, default 10; at least 1; read by train)\n"
                    + "    Width of the bottleneck z.\n"),
        r.out());
  }

  @Test
  void aPrefixNarrowsTheList() {
    Cli.Result r = Cli.run("keys", "sweep.");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("sweep.seeds (int or list of ints, default 1;"), r.out());
    assertEquals(
        ConfigKeys.withPrefix("sweep.").size(),
        r.out().lines().filter(l -> !l.startsWith(" ")).count(),
        r.out());
  }

  @Test
  void aPrefixNoKeyHasIsRefusedInOneLine() {
    Cli.Result r = Cli.run("keys", "los.");
    assertEquals(2, r.code(), r.out());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("no key starts with 'los.'") && r.err().contains("loss"), r.err());
    assertEquals("", r.out());
  }

  /**
   * docs/COMMANDS.md holds the output of {@code keys --markdown} between its two markers; after a
   * change of a declaration, regenerate it as that section says.
   */
  @Test
  void theKeyTableOfTheDocsIsCurrent() throws Exception {
    String doc = Files.readString(Path.of("docs/COMMANDS.md"));
    int begin = doc.indexOf(BEGIN);
    int end = doc.indexOf(END);
    assertTrue(begin >= 0 && end > begin, "docs/COMMANDS.md lacks the key table's markers");
    Cli.Result r = Cli.run("keys", "--markdown");
    assertEquals(0, r.code(), r.err());
    assertEquals(
        r.out(),
        doc.substring(begin + BEGIN.length(), end),
        "docs/COMMANDS.md's key table is stale: regenerate it with"
            + " `submit/uco-spark keys --markdown` (docs/COMMANDS.md, section Every key)");
  }
}
