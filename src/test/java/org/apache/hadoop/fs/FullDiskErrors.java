package org.apache.hadoop.fs;

import java.io.IOException;

/**
 * Test helper in Hadoop's package: {@link FSError}'s constructor is package-private, and an FSError
 * around an IOException is what {@link RawLocalFileSystem} throws when the local disk is full.
 */
public final class FullDiskErrors {
  private FullDiskErrors() {}

  public static Error noSpaceLeft() {
    return new FSError(new IOException("No space left on device"));
  }
}
