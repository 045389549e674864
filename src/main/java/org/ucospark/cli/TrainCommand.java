package org.ucospark.cli;

import picocli.CommandLine.Command;

@Command(name = "train", mixinStandardHelpOptions = true, description = "Train one model (DDC, DDC-UCO, DDC-AE, ...) with parameter averaging on Spark. (not yet available)")
final class TrainCommand extends PlaceholderCommand {}
