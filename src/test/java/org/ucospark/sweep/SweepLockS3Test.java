package org.ucospark.sweep;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.ucospark.UcoException;
import org.ucospark.io.FolderLease;
import org.ucospark.io.HadoopFs;
import org.ucospark.testing.CapturedLog;
import org.ucospark.testing.MiniS3;

/**
 * The sweep lease on a real S3 server (S3Proxy through S3A): a second live sweep is refused, a
 * stale lease is taken over, and the sweep says in one warning line that S3A of Hadoop 3.3.4 has no
 * atomic create-if-absent (docs/S3.md).
 */
@Tag("hadoop")
@Tag("s3")
class SweepLockS3Test {
  @Test
  void aSecondLiveSweepIsRefusedAndAStaleLeaseTakenOverOnS3() throws Exception {
    try (MiniS3 s3 = MiniS3.start()) {
      HadoopFs fs = new HadoopFs(s3.withSettings(new Configuration()));
      String dir = s3.uri() + "/sweeps/one";
      Path lease = new Path(dir + "/sweep.lock");
      try (CapturedLog said = CapturedLog.of(FolderLease.class);
          FolderLease held = FolderLease.acquire(fs, dir, SweepRunner.LEASE, 60)) {
        assertTrue(
            said.text()
                .contains(
                    "WARN sweep lease "
                        + lease
                        + ": this object store has no atomic create-if-absent"),
            said.text());
        assertTrue(said.text().strip().split("\n").length == 1, said.text());
        UcoException e =
            assertThrows(
                UcoException.class, () -> FolderLease.acquire(fs, dir, SweepRunner.LEASE, 60));
        assertTrue(
            e.getMessage().contains("another sweep is running on this folder")
                && e.getMessage().contains("pid " + ProcessHandle.current().pid()),
            e.getMessage());
      }
      assertFalse(fs.exists(lease), "released at the end");

      // A lease left by a killed sweep on another host, 5 s without heartbeat: live for a 60 s
      // timeout, taken over with a 2 s one.
      fs.writeStringAtomically(
          lease,
          "{\"host\":\"elsewhere\",\"pid\":1,\"token\":\"t\",\"heartbeat_ms\":"
              + (System.currentTimeMillis() - 5_000)
              + "}");
      // S3 sets an object's modification time when it is written: wait past the short timeout.
      Thread.sleep(2_500);
      assertThrows(
          UcoException.class, () -> FolderLease.acquire(fs, dir, SweepRunner.LEASE, 60), "live");
      try (CapturedLog said = CapturedLog.of(FolderLease.class);
          FolderLease taken = FolderLease.acquire(fs, dir, SweepRunner.LEASE, 2)) {
        assertTrue(
            said.text().contains(": taking over the lease of owner elsewhere pid 1"), said.text());
        assertTrue(
            fs.readString(lease).contains("\"pid\":" + ProcessHandle.current().pid()),
            fs.readString(lease));
      }
      assertFalse(fs.exists(lease));
    }
  }
}
