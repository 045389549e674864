package org.ucospark.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.statistics.IOStatisticsSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ucospark.UcoException;
import org.ucospark.testing.MiniS3;

/**
 * File writes on a real S3 server (S3Proxy through S3A): in place, never through a copy, and a
 * writer that fails or is killed mid-way leaves the previous object whole (docs/S3.md).
 */
@Tag("hadoop")
@Tag("s3")
class HadoopFsS3Test {
  private static MiniS3 s3;

  @BeforeAll
  static void startS3() {
    s3 = MiniS3.start();
  }

  @AfterAll
  static void stopS3() {
    s3.close();
  }

  private static HadoopFs files() {
    return new HadoopFs(s3.withSettings(new Configuration()));
  }

  @Test
  void aFileIsWrittenInPlaceWithoutCopyOrTemporaryObject() throws Exception {
    HadoopFs files = files();
    Path target = HadoopFs.path(s3.uri() + "/run/summary.json");
    FileSystem fs = files.fs(target);
    assertTrue(files.writesWholeObjects(target));
    long copiesBefore = copies(fs);
    files.writeStringAtomically(target, "{\"v\":1}\n");
    files.writeStringAtomically(target, "{\"v\":2}\n");
    assertEquals("{\"v\":2}\n", files.readString(target));
    // The old rename to the final name was a server-side COPY of every byte, plus a DELETE.
    assertEquals(0, copies(fs) - copiesBefore, "S3 COPY requests");
    List<String> names = new ArrayList<>();
    for (FileStatus f : fs.listStatus(target.getParent())) {
      names.add(f.getPath().getName());
    }
    assertEquals(List.of("summary.json"), names);
    // A local path keeps the rename: its file system cannot abort a stream.
    assertFalse(new HadoopFs().writesWholeObjects(HadoopFs.path("/tmp/x")));
  }

  @Test
  void aFailedWriteLeavesThePreviousObject() {
    HadoopFs files = files();
    Path target = HadoopFs.path(s3.uri() + "/failed/checkpoint.zip");
    files.writeStringAtomically(target, "old and complete");
    UcoException e =
        assertThrows(
            UcoException.class,
            () ->
                files.write(
                    target,
                    out -> {
                      out.write("half of the new".getBytes(StandardCharsets.UTF_8));
                      throw new java.io.IOException("disk gone");
                    }));
    assertTrue(e.getMessage().contains("cannot write: disk gone"), e.getMessage());
    assertEquals("old and complete", files.readString(target));
  }

  @Test
  void aWriterKilledMidWayLeavesTheOldObjectWhole() throws Exception {
    HadoopFs files = files();
    Path target = HadoopFs.path(s3.uri() + "/killed/epoch-0001.zip");
    files.writeStringAtomically(target, "old and complete");
    ProcessBuilder pb =
        new ProcessBuilder(
                System.getProperty("java.home") + "/bin/java",
                "-cp",
                System.getProperty("java.class.path"),
                SlowWriter.class.getName(),
                target.toString())
            .redirectErrorStream(true);
    StringBuilder settings = new StringBuilder();
    s3.hadoopSettings().forEach((k, v) -> settings.append(k).append('=').append(v).append('\n'));
    pb.environment().put("UCO_TEST_S3_SETTINGS", settings.toString());
    Process writer = pb.start();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      StringBuilder seen = new StringBuilder();
      while ((line = out.readLine()) != null && !line.startsWith("parts sent")) {
        seen.append(line).append('\n');
      }
      assertTrue(line != null, "the writer ended before writing:\n" + seen);
      // Mid-way: parts of a multipart upload are on the server, the object is not complete.
      assertEquals("old and complete", files.readString(target), "while the writer writes");
      writer.destroyForcibly();
      assertTrue(writer.waitFor(60, TimeUnit.SECONDS));
    }
    assertEquals("old and complete", files.readString(target), "after the writer was killed");
    FileStatus[] left = files.fs(target).listStatus(target.getParent());
    assertEquals(1, left.length, "no other object: " + List.of(left));
  }

  private static long copies(FileSystem fs) {
    Map<String, Long> counters = IOStatisticsSupport.retrieveIOStatistics(fs).counters();
    return counters.getOrDefault("object_copy_requests", 0L);
  }

  /**
   * A writer in a JVM of its own: {@link HadoopFs#write} of an endless stream to S3 in 5 MiB
   * multipart-upload parts; says "parts sent" once two were uploaded, then keeps writing slowly
   * until it is killed.
   */
  static final class SlowWriter {
    public static void main(String[] args) {
      Configuration conf = new Configuration();
      for (String kv : System.getenv("UCO_TEST_S3_SETTINGS").split("\n")) {
        int eq = kv.indexOf('=');
        conf.set(kv.substring(0, eq), kv.substring(eq + 1));
      }
      conf.set("fs.s3a.multipart.size", "5M");
      conf.set("fs.s3a.fast.upload.buffer", "bytebuffer");
      HadoopFs files = new HadoopFs(conf);
      Path target = new Path(args[0]);
      byte[] block = new byte[1 << 20];
      files.write(
          target,
          out -> {
            for (int mib = 1; ; mib++) {
              out.write(block);
              if (mib == 12) {
                pause(2000); // let the two full parts' uploads finish
                System.out.println("parts sent");
              }
              if (mib > 12) {
                pause(200);
              }
            }
          });
    }

    private static void pause(long millis) throws java.io.IOException {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        throw new java.io.InterruptedIOException("killed");
      }
    }
  }
}
