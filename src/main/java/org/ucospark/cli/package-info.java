/**
 * The command line ({@link org.ucospark.cli.Main}, picocli): one class per command ({@code
 * quickstart}, {@code prepare}, {@code inspect}, {@code train}, {@code predict}, {@code sweep},
 * {@code summarize}, {@code report}, {@code bench}), the shared {@code --set}/{@code --config}
 * options, verbosity and exit codes (0 success, 2 a user-fixable error with one line on stderr, 1
 * anything unexpected, 3 failed sweep trials, 4 a diverged run).
 *
 * <p>The top layer: it may use every package, and nothing uses it. Commands parse and validate
 * their arguments, then call into the packages below; no algorithm lives here.
 */
package org.ucospark.cli;
