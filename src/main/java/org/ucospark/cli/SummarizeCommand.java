package org.ucospark.cli;

import picocli.CommandLine.Command;

@Command(name = "summarize", mixinStandardHelpOptions = true, description = "Rebuild the summary tables of a sweep from its trials table. (not yet available)")
final class SummarizeCommand extends PlaceholderCommand {}
