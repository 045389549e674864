package org.ucospark.cli;

import picocli.CommandLine.Command;

@Command(name = "sweep", mixinStandardHelpOptions = true, description = "Run a grid of trials over seeds, models, data sets and hyperparameters. (not yet available)")
final class SweepCommand extends PlaceholderCommand {}
