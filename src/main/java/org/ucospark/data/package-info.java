/**
 * Raw data sets of spec section 1 (ALGORITHMS.md §1: mnist, fmnist, usps, coil100): pinned
 * checksums, download, readers and pixel recipes. Pure Java (no Spark, no DL4J).
 *
 * <p>Entry points: {@link org.ucospark.data.DatasetName} (what a data set is), {@link
 * org.ucospark.data.RawDatasetReader} (raw folder → {@link org.ucospark.data.Example}s in canonical
 * order), {@link org.ucospark.data.Downloader}, {@link org.ucospark.data.RawFiles}. All format
 * errors are {@link org.ucospark.data.DataFormatException}s with a one-line message naming the
 * file.
 */
package org.ucospark.data;
