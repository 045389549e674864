package org.ucospark.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.ucospark.UcoException;
import org.ucospark.config.ConfigKey;
import org.ucospark.config.ConfigKeys;
import org.ucospark.config.KeyTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code uco-spark keys [PREFIX] [--markdown]}: every configuration key from its declaration
 * ({@link ConfigKeys}) with type, default, allowed values, the stage that reads it and its doc.
 * docs/COMMANDS.md's key table is {@code keys --markdown} ({@code KeysDocTest} keeps it fresh).
 */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description =
        "Print every configuration key (or those starting with PREFIX, e.g. loss or sweep.) with"
            + " its type, default, allowed values, the stage that reads it and what it does.")
final class KeysCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "PREFIX", description = "Key prefix.")
  String prefix = "";

  @Option(names = "--markdown", description = "Print a Markdown table (docs/COMMANDS.md's).")
  boolean markdown;

  @Override
  public Integer call() {
    List<ConfigKey<?>> keys = ConfigKeys.withPrefix(prefix);
    if (keys.isEmpty()) {
      throw new UcoException(
          "keys "
              + prefix
              + ": no key starts with '"
              + prefix
              + "' (top-level names: "
              + String.join(", ", ConfigKeys.children(""))
              + ")");
    }
    System.out.print(markdown ? KeyTable.markdown(keys) : KeyTable.text(keys));
    return 0;
  }
}
