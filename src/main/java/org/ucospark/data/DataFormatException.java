package org.ucospark.data;

/**
 * A raw data file is missing, malformed, truncated or fails its pinned checksum.
 *
 * <p>The message is always one line that names the file (as given by {@link RawFiles#describe}) and
 * says what was expected, e.g. {@code "mnist/train-images-idx3-ubyte.gz: wrong IDX magic number
 * 1234, expected 2051 (images)"}.
 */
public class DataFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DataFormatException(String message) {
    super(message);
  }

  public DataFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
