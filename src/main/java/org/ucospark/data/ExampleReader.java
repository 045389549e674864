package org.ucospark.data;

import java.util.function.Consumer;

/** Something that produces the examples of a data set in canonical order (ids 0..N−1). */
public interface ExampleReader {

  /**
   * Streams every example, in canonical order (train part first, then test), to {@code sink}.
   * Examples are produced one by one; nothing is kept after it is handed over.
   *
   * @return the number of examples produced
   * @throws DataFormatException naming the file when the raw data is missing or malformed
   */
  long forEach(Consumer<? super Example> sink);
}
