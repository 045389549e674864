package org.ucospark.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Downloads a raw file (docs/ALGORITHMS.md §1 data sets; {@link DatasetName#downloads()}) with
 * {@link HttpClient}.
 *
 * <p>The body goes to a temporary sibling of the target ({@code .<name>.<random>.part}); it must
 * have status 200, exactly {@code Content-Length} bytes when that header is sent, and (when a sum
 * is given) the pinned SHA-256 of its content — decompressed if it is gzip, see {@link
 * Checksums#sha256OfContent(Path)}. Only then it is moved atomically onto the target. On any
 * failure the temporary file is deleted and the target is left untouched.
 *
 * <p>Progress lines go to the given stream: {@code "download <url>: 1048576/9912422 bytes
 * (10.6%)"}, at most about every 10 % (every 8 MiB when the size is unknown), plus a final line.
 */
public final class Downloader {
  private static final int BUFFER = 1 << 16;
  private final HttpClient client;
  private final PrintStream progress;

  /** A downloader with a default client (follows redirects, 30 s connect timeout). */
  public Downloader(PrintStream progress) {
    this(
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30))
            .build(),
        progress);
  }

  public Downloader(HttpClient client, PrintStream progress) {
    this.client = client;
    this.progress = progress;
  }

  /** Downloads {@code file} into {@code rawDir/file.fileName()}, verifying its pinned sum. */
  public Path download(RemoteFile file, Path rawDir) throws IOException {
    Path target = rawDir.resolve(file.fileName());
    download(file.url(), target, file.contentSha256());
    return target;
  }

  /**
   * Downloads {@code url} to {@code target}.
   *
   * @param expectedContentSha256 pinned SHA-256 of the (decompressed) content, or {@code null}
   * @throws IOException HTTP status other than 200, truncated response, network failure
   * @throws DataFormatException checksum mismatch ("…: SHA-256 mismatch: got X, expected Y")
   */
  public void download(URI url, Path target, String expectedContentSha256) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
    boolean done = false;
    try {
      HttpRequest req = HttpRequest.newBuilder(url).GET().build();
      HttpResponse<InputStream> resp;
      try {
        resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(url + ": download interrupted", e);
      }
      try (InputStream body = resp.body()) {
        if (resp.statusCode() != 200) {
          throw new IOException(url + ": HTTP status " + resp.statusCode() + ", expected 200");
        }
        OptionalLong len = resp.headers().firstValueAsLong("Content-Length");
        long total = len.orElse(-1);
        long got = copy(url, body, tmp, total);
        if (total >= 0 && got != total) {
          throw new IOException(
              url
                  + ": truncated response: got "
                  + got
                  + " of "
                  + total
                  + " bytes (Content-Length)");
        }
      }
      if (expectedContentSha256 != null) {
        Checksums.verify(
            url + " -> " + target, Checksums.sha256OfContent(tmp), expectedContentSha256);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      done = true;
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  private long copy(URI url, InputStream body, Path tmp, long total) throws IOException {
    long got = 0;
    long nextReport = total > 0 ? total / 10 : 8L << 20;
    byte[] buf = new byte[BUFFER];
    try (OutputStream out = Files.newOutputStream(tmp)) {
      int n;
      while (true) {
        try {
          n = body.read(buf);
        } catch (IOException e) {
          throw new IOException(
              url
                  + ": truncated response: connection failed after "
                  + got
                  + " of "
                  + (total >= 0 ? total + " bytes" : "an unknown number of bytes")
                  + " ("
                  + e.getMessage()
                  + ")",
              e);
        }
        if (n < 0) {
          break;
        }
        out.write(buf, 0, n);
        got += n;
        if (got >= nextReport) {
          report(url, got, total);
          nextReport = got + (total > 0 ? Math.max(1, total / 10) : 8L << 20);
        }
      }
    }
    report(url, got, total);
    return got;
  }

  private void report(URI url, long got, long total) {
    if (progress == null) {
      return;
    }
    if (total > 0) {
      progress.printf(
          Locale.ROOT, "download %s: %d/%d bytes (%.1f%%)%n", url, got, total, 100.0 * got / total);
    } else {
      progress.printf(Locale.ROOT, "download %s: %d bytes%n", url, got);
    }
  }
}
