package org.ucospark.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The folder of one raw data set (e.g. {@code data/raw/mnist}), seen through a minimal file-system
 * abstraction so the readers work on a local disk ({@link LocalRawFiles}) as well as on a
 * distributed file system (an implementation outside this package).
 *
 * <p>Names are relative to the folder and use {@code '/'} as separator (e.g. {@code
 * "coil-100/obj1__0.png"}).
 */
public interface RawFiles {

  /** Whether the regular file {@code name} exists in this folder. */
  boolean exists(String name);

  /** Opens {@code name} for reading; the caller closes the stream. */
  InputStream open(String name) throws IOException;

  /** A human-readable location of {@code name} (a path or URI) for error messages. */
  String describe(String name);

  /** All regular files below this folder, recursively, as relative names, sorted. */
  List<String> list() throws IOException;
}
