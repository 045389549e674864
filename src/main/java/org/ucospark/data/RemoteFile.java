package org.ucospark.data;

import java.net.URI;

/**
 * A file to download into a raw data folder.
 *
 * @param url where to get it
 * @param fileName name to store it under in the raw folder
 * @param contentSha256 pinned SHA-256 of its content, decompressed if the file is gzip (see {@link
 *     Checksums#sha256OfContent})
 */
public record RemoteFile(URI url, String fileName, String contentSha256) {}
