package org.ucospark;

/**
 * An error the user can act on: bad input, a bad configuration key, a conflicting output. Its
 * message is one line that names the file or key and says what was expected; the command line
 * prints it as is and exits non-zero, without a stack trace.
 */
public class UcoException extends RuntimeException {
  public UcoException(String message) {
    super(message);
  }

  public UcoException(String message, Throwable cause) {
    super(message, cause);
  }
}
