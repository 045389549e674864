/**
 * Raw data sets (docs/ALGORITHMS.md §1: mnist, fmnist, usps, coil100, and a user's own images):
 * pinned checksums, downloads, the readers of every raw format and the pixel recipes, including
 * scikit-image's resize (§1.2).
 *
 * <p>Entry points: {@link org.ucospark.data.DatasetName} (what a data set is), {@link
 * org.ucospark.data.RawDatasetReader} (raw folder → {@link org.ucospark.data.Example}s in canonical
 * order), {@link org.ucospark.data.Downloader}, {@link org.ucospark.data.RawFiles}. All format
 * errors are {@link org.ucospark.data.DataFormatException}s with a one-line message naming the
 * file.
 *
 * <p>Depends on: the JDK only (a bottom layer like {@code config}; no Spark, Hadoop, ND4J or DL4J).
 * Files are reached through the {@link org.ucospark.data.RawFiles} interface, whose Hadoop
 * implementation lives in {@code io}.
 */
package org.ucospark.data;
