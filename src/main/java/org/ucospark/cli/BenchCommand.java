package org.ucospark.cli;

import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure training-step throughput. (not yet available)")
final class BenchCommand extends PlaceholderCommand {}
