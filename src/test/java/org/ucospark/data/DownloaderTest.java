package org.ucospark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads from a loopback server: verified atomic success, and nothing left behind on failure.
 */
class DownloaderTest {
  private static final byte[] CONTENT =
      "label 1 2 3\n".repeat(5000).getBytes(StandardCharsets.US_ASCII);

  @TempDir Path dir;
  private HttpServer server;
  private byte[] gz;
  private final ByteArrayOutputStream progressBytes = new ByteArrayOutputStream();
  private Downloader downloader;

  @BeforeEach
  void start() throws IOException {
    gz = TestData.gzip(CONTENT);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/ok.gz",
        ex -> {
          ex.sendResponseHeaders(200, gz.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(gz);
          }
        });
    server.createContext(
        "/truncated.gz",
        ex -> {
          ex.sendResponseHeaders(200, gz.length + 1000L);
          OutputStream out = ex.getResponseBody();
          out.write(gz);
          out.flush();
          ex.close(); // fewer bytes than announced: the server drops the connection
        });
    server.createContext(
        "/missing.gz",
        ex -> {
          byte[] b = "not found".getBytes(StandardCharsets.US_ASCII);
          ex.sendResponseHeaders(404, b.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
          }
        });
    server.start();
    downloader = new Downloader(new PrintStream(progressBytes, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private List<Path> filesIn(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.toList();
    }
  }

  @Test
  void downloadVerifiesTheDecompressedContentAndMovesIntoPlace() throws IOException {
    Path target = dir.resolve("raw/zip.train.gz");
    downloader.download(
        new RemoteFile(url("/ok.gz"), "zip.train.gz", Checksums.sha256Hex(CONTENT)),
        dir.resolve("raw"));
    assertArrayEquals(gz, Files.readAllBytes(target));
    assertEquals(List.of(target), filesIn(dir.resolve("raw")));
    String progress = progressBytes.toString(StandardCharsets.UTF_8);
    assertTrue(progress.contains(gz.length + "/" + gz.length + " bytes (100.0%)"), progress);
  }

  @Test
  void wrongChecksumLeavesNoFileBehind() throws IOException {
    Path target = dir.resolve("zip.train.gz");
    String wrong = "ab".repeat(32);
    DataFormatException e =
        assertThrows(
            DataFormatException.class, () -> downloader.download(url("/ok.gz"), target, wrong));
    assertTrue(
        e.getMessage()
            .contains(
                "SHA-256 mismatch: got " + Checksums.sha256Hex(CONTENT) + ", expected " + wrong),
        e.getMessage());
    assertTrue(e.getMessage().contains("zip.train.gz"), e.getMessage());
    assertEquals(List.of(), filesIn(dir));
  }

  @Test
  void truncatedResponseLeavesNoFileBehind() throws IOException {
    Path target = dir.resolve("zip.train.gz");
    IOException e =
        assertThrows(
            IOException.class,
            () -> downloader.download(url("/truncated.gz"), target, Checksums.sha256Hex(CONTENT)));
    assertTrue(e.getMessage().contains("truncated response"), e.getMessage());
    assertEquals(List.of(), filesIn(dir));
  }

  @Test
  void httpErrorStatusLeavesNoFileBehindAndKeepsAnExistingTarget() throws IOException {
    Path target = dir.resolve("zip.train.gz");
    Files.writeString(target, "old");
    IOException e =
        assertThrows(
            IOException.class, () -> downloader.download(url("/missing.gz"), target, null));
    assertTrue(e.getMessage().contains("HTTP status 404, expected 200"), e.getMessage());
    assertEquals(List.of(target), filesIn(dir));
    assertEquals("old", Files.readString(target));
  }
}
