package org.ucospark.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Entry point of the data package: reads one raw data set of docs/ALGORITHMS.md §1 into {@link
 * Example}s in canonical order (train part first, then test; ids 0..N−1), applying its pixel recipe
 * (see {@link DatasetName}).
 *
 * <pre>{@code
 * RawDatasetReader r = RawDatasetReader.of(DatasetName.mnist, new LocalRawFiles(rawDir), true);
 * List<SourceFile> manifest = r.sources();
 * long n = r.forEach(ex -> write(ex));   // verifies the pinned sums first, then streams
 * }</pre>
 *
 * <p>With verification on, {@link #forEach} first checks the SHA-256 of the decompressed content of
 * each raw file (MNIST, Fashion-MNIST, USPS) against {@link DatasetName#pinnedContent()}, before
 * any example is produced; COIL-100 PNGs are checked one by one as they are decoded (before their
 * example is produced). Finally the number of examples must equal {@link
 * DatasetName#expectedCount()}.
 */
public final class RawDatasetReader implements ExampleReader {
  private final DatasetName dataset;
  private final RawFiles files;
  private final boolean verify;
  private final boolean uspsEightBit;

  private RawDatasetReader(
      DatasetName dataset, RawFiles files, boolean verify, boolean uspsEightBit) {
    this.dataset = dataset;
    this.files = files;
    this.verify = verify;
    this.uspsEightBit = uspsEightBit;
  }

  /** A reader of {@code dataset} from its raw folder {@code files}. */
  public static RawDatasetReader of(DatasetName dataset, RawFiles files, boolean verifyChecksums) {
    return new RawDatasetReader(dataset, files, verifyChecksums, false);
  }

  /**
   * As {@link #of(DatasetName, RawFiles, boolean)}; {@code uspsEightBit}: USPS values pass through
   * 8 bits first, as on the authors' path ({@link UspsReader#eightBit(float)}).
   */
  public static RawDatasetReader of(
      DatasetName dataset, RawFiles files, boolean verifyChecksums, boolean uspsEightBit) {
    return new RawDatasetReader(dataset, files, verifyChecksums, uspsEightBit);
  }

  /** Reads everything into a list (convenient for the smaller sets and tests). */
  public static List<Example> readAll(
      DatasetName dataset, RawFiles files, boolean verifyChecksums) {
    List<Example> out = new ArrayList<>(dataset.expectedCount());
    of(dataset, files, verifyChecksums).forEach(out::add);
    return out;
  }

  public DatasetName dataset() {
    return dataset;
  }

  public RawFiles files() {
    return files;
  }

  /**
   * The raw inputs for the manifest: name and pinned SHA-256 of the decompressed content
   * (mnist/fmnist: the four IDX files; usps: zip.train, zip.test). For coil100 one entry {@code
   * coil-100/*.png} whose sum is the SHA-256 of the pinned list of the 7200 PNG sums (resource
   * {@value DatasetName#COIL100_PNG_SUMS_RESOURCE}). With verification on, these are the sums the
   * data was checked against; with it off, they are only what was expected.
   */
  public List<SourceFile> sources() {
    if (dataset == DatasetName.coil100) {
      try (InputStream in =
          DatasetName.class.getResourceAsStream(DatasetName.COIL100_PNG_SUMS_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(
              "missing resource " + DatasetName.COIL100_PNG_SUMS_RESOURCE);
        }
        return List.of(new SourceFile("coil-100/*.png", Checksums.sha256Hex(in)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    List<SourceFile> out = new ArrayList<>();
    for (Map.Entry<String, String> e : dataset.pinnedContent().entrySet()) {
      out.add(new SourceFile(e.getKey(), e.getValue()));
    }
    return out;
  }

  /**
   * Checks the SHA-256 of the decompressed content of every raw file of MNIST, Fashion-MNIST or
   * USPS now (COIL-100 is checked per PNG while reading).
   *
   * @throws DataFormatException "…: SHA-256 mismatch: got X, expected Y" or a missing file
   */
  public void verifyChecksums() {
    if (dataset == DatasetName.coil100) {
      return;
    }
    for (Map.Entry<String, String> e : dataset.pinnedContent().entrySet()) {
      Checksums.verifyContent(files, RawIo.resolveMaybeGz(files, e.getKey()), e.getValue());
    }
  }

  @Override
  public long forEach(Consumer<? super Example> sink) {
    if (verify) {
      verifyChecksums();
    }
    ExampleReader reader =
        switch (dataset) {
          case mnist, fmnist -> new IdxReader(files);
          case usps -> new UspsReader(files, uspsEightBit);
          case coil100 -> new Coil100Reader(files, verify ? DatasetName.coil100PngSums() : null);
        };
    long n = reader.forEach(sink);
    if (n != dataset.expectedCount()) {
      throw new DataFormatException(
          files.describe("")
              + ": "
              + n
              + " "
              + dataset.cliName()
              + " examples, expected "
              + dataset.expectedCount());
    }
    return n;
  }
}
