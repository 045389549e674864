package org.ucospark.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ucospark.cli.Main;

/**
 * The command line as a user meets it, in this JVM: {@link Main#run} with stdout and stderr
 * captured.
 */
public final class Cli {
  private Cli() {}

  /** Exit code and what the command printed. */
  public record Result(int code, String out, String err) {}

  /**
   * {@code train --experiment ddc_usps --local --run-dir RUN --set data.path=DATA} with each of
   * {@code sets} as one more {@code --set}: the small training run of the command-line tests.
   */
  public static Result trainDdcUspsLocal(Path run, String data, String... sets) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "--experiment",
                "ddc_usps",
                "--local",
                "--run-dir",
                run.toString(),
                "--set",
                "data.path=" + data));
    for (String set : sets) {
      args.add("--set");
      args.add(set);
    }
    return run(args.toArray(String[]::new));
  }

  public static Result run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = Main.run(args);
      return new Result(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
