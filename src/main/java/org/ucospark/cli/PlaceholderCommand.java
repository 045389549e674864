package org.ucospark.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ucospark.UcoException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** A command whose issue has not landed yet: it says so and exits non-zero, never pretends to work. */
abstract class PlaceholderCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "0..*", hidden = true)
  List<String> ignored = new ArrayList<>();

  @Override
  public Integer call() {
    throw new UcoException("'" + spec.name() + "' is not yet available in this version of uco-spark");
  }
}
