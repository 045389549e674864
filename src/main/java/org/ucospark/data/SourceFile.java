package org.ucospark.data;

/**
 * A raw input of a data set, for the manifest of a prepared data set.
 *
 * @param name file name within the raw folder (the decompressed name for gzip files, e.g. {@code
 *     train-images-idx3-ubyte}, which may be stored as {@code .gz})
 * @param sha256 lower-case hex SHA-256 of the (decompressed) content
 */
public record SourceFile(String name, String sha256) {}
