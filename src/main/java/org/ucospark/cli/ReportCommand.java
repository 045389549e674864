package org.ucospark.cli;

import picocli.CommandLine.Command;

@Command(name = "report", mixinStandardHelpOptions = true, description = "Write the HTML report with tables and plots of a sweep. (not yet available)")
final class ReportCommand extends PlaceholderCommand {}
