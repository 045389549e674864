package org.ucospark.config;

import java.util.List;

/**
 * The declared keys as text: the listing of {@code uco-spark keys} and the Markdown table of
 * docs/COMMANDS.md ({@code uco-spark keys --markdown}).
 */
public final class KeyTable {
  private KeyTable() {}

  /** One entry per key: name, type, default, allowed values and stage, then the doc indented. */
  public static String text(List<ConfigKey<?>> keys) {
    StringBuilder out = new StringBuilder();
    for (ConfigKey<?> key : keys) {
      String allowed = key.validator().expected();
      out.append(key.name())
          .append(" (")
          .append(key.type().label())
          .append(", default ")
          .append(key.defaultText())
          .append(allowed.isEmpty() ? "" : "; " + allowed)
          .append("; read by ")
          .append(key.stage().label())
          .append(")\n    ")
          .append(key.doc())
          .append('\n');
    }
    return out.toString();
  }

  /** A Markdown table: key, type, default, allowed values, stage, doc. */
  public static String markdown(List<ConfigKey<?>> keys) {
    StringBuilder out = new StringBuilder();
    out.append("| key | type | default | allowed | read by | meaning |\n");
    out.append("|---|---|---|---|---|---|\n");
    for (ConfigKey<?> key : keys) {
      out.append("| `")
          .append(key.name())
          .append("` | ")
          .append(key.type().label())
          .append(" | `")
          .append(cell(key.defaultText()))
          .append("` | ")
          .append(cell(key.validator().expected()))
          .append(" | ")
          .append(key.stage().label())
          .append(" | ")
          .append(cell(key.doc()))
          .append(" |\n");
    }
    return out.toString();
  }

  private static String cell(String s) {
    return s.replace("|", "\\|");
  }
}
