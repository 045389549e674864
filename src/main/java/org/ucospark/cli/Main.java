package org.ucospark.cli;

import java.io.PrintWriter;
import org.ucospark.UcoException;
import org.ucospark.nn.Dl4jBackend;
import org.ucospark.nn.OpenBlasCoreType;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code uco-spark}, locally ({@code submit/uco-spark}) and under spark-submit (the
 * same main class). Errors the user can fix print one line on stderr and exit 2; anything
 * unexpected prints its type and message (and the stack trace with {@code --verbose}) and exits 1.
 * Outcomes that are neither have their own codes: {@code sweep} 3 when trials failed, {@code train}
 * 4 when the run diverged ({@link TrainCommand#DIVERGED}).
 */
@Command(
    name = "uco-spark",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Deep clustering (DDC, DDC-UCO and baselines) on Spark with Deeplearning4j.",
    subcommands = {
      QuickstartCommand.class,
      PrepareCommand.class,
      InspectCommand.class,
      TrainCommand.class,
      PredictCommand.class,
      SweepCommand.class,
      SummarizeCommand.class,
      ReportCommand.class,
      BenchCommand.class,
      KeysCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  public static void main(String[] args) {
    // Before anything loads ND4J: OpenBLAS picks its kernels when it loads (docs/OPENBLAS.md).
    Dl4jBackend.configure();
    int code = run(args);
    if (!exitsJvm(code, System.getProperty("spark.yarn.app.id"))) {
      return;
    }
    System.exit(code);
  }

  /**
   * Whether {@link #main} ends the JVM with {@code System.exit(code)}: always, except after success
   * inside YARN's application master (cluster deploy mode; Spark's ApplicationMaster sets {@code
   * spark.yarn.app.id} there). It runs main in a thread and reports the final status when main
   * returns; an exit before that runs its shutdown hook first, which marks the application FAILED
   * ("Shutdown hook called before final status was reported") although the command succeeded. A
   * failure still exits with its code, which YARN reports.
   */
  static boolean exitsJvm(int code, String yarnAppId) {
    return code != 0 || yarnAppId == null;
  }

  /** Runs the command line and returns the exit code (tests call this instead of main). */
  public static int run(String... args) {
    CommandLine cli = commandLine();
    return cli.execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    TrainCommand.describe(cli.getSubcommands().get("train").getCommandSpec());
    cli.setExecutionExceptionHandler(Main::handle);
    cli.getSubcommands().get("train").getCommandSpec().usageMessage().footer(TrainCommand.footer());
    return cli;
  }

  private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = cli.getErr();
    boolean verbose =
        parsed.hasMatchedOption("--verbose")
            || parsed.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"));
    Throwable user = userError(e);
    if (user == null) {
      user = org.ucospark.prepare.PreparedDataset.damagedRead(e, new org.ucospark.io.HadoopFs());
    }
    if (user != null) {
      err.println("uco-spark: " + user.getMessage());
      if (verbose) {
        e.printStackTrace(err);
      }
      err.flush();
      return 2;
    }
    err.println(
        "uco-spark: unexpected "
            + e.getClass().getSimpleName()
            + ": "
            + e.getMessage()
            + (verbose ? "" : " (run with --verbose for the stack trace)"));
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return 1;
  }

  /** The first UcoException (or data-format error) in the cause chain, or null. */
  private static Throwable userError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UcoException || t instanceof org.ucospark.data.DataFormatException) {
        return t;
      }
    }
    return null;
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  /** The version, and the BLAS kernels this JVM runs (loads ND4J: a few seconds). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      OpenBlasCoreType.InUse blas = OpenBlasCoreType.inUse();
      return new String[] {
        org.ucospark.BuildInfo.toolVersion(), "BLAS: " + blas.describe() + "; " + blas.config()
      };
    }
  }
}
