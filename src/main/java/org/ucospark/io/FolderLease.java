package org.ucospark.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ucospark.UcoException;

/**
 * The lease of one live job on its output folder (a sweep on {@code <sweep>/sweep.lock}, a training
 * run on {@code <run_dir>/run.lock}: {@link Kind}), created with {@code create(path, overwrite =
 * false)} (atomic on HDFS, the local file system and object stores with conditional writes; not on
 * S3A of Hadoop 3.3.4, where {@link #acquire} says so in one warning line), holding the owner
 * (host, process id, a random token) and a heartbeat rewritten every {@code timeout / 5}. A second
 * job on the same folder is refused while the lease is live. A lease whose heartbeat (the later of
 * the recorded time and the file's modification time) is older than the timeout, or whose owner is
 * a process of this host that no longer exists, was left by a killed job and is taken over: renamed
 * aside (one rename wins), then created anew.
 */
public final class FolderLease implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FolderLease.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What a lease guards: its file in the folder, the job's name in messages ("sweep") and the
   * option that chooses another folder ("--out").
   */
  public record Kind(String file, String job, String otherFolder) {}

  private final HadoopFs fs;
  private final Path file;
  private final String token;
  private final ScheduledExecutorService heartbeat;

  private FolderLease(HadoopFs fs, Path file, String token, long timeoutMillis) {
    this.fs = fs;
    this.file = file;
    this.token = token;
    this.heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "folder-lease-heartbeat " + file);
              t.setDaemon(true);
              return t;
            });
    long every = Math.max(1, timeoutMillis / 5);
    heartbeat.scheduleAtFixedRate(this::beat, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Takes the lease of {@code kind} on {@code dir} or fails with one line naming the live owner.
   */
  public static FolderLease acquire(HadoopFs fs, String dir, Kind kind, long timeoutSeconds) {
    Path file = new Path(HadoopFs.path(dir), kind.file());
    long timeoutMillis = timeoutSeconds * 1000;
    String token = UUID.randomUUID().toString();
    if (fs.writesWholeObjects(file)) {
      // Hadoop 3.3.4's S3A checks for the object, then uploads it at close(): no conditional
      // create (docs/S3.md, the sweep lock).
      LOG.warn(
          "{} lease {}: this object store has no atomic create-if-absent; two jobs started at"
              + " the same moment on this folder could both take it: start one {} per {}",
          kind.job(),
          file,
          kind.job(),
          kind.otherFolder());
    }
    for (int round = 0; round < 3; round++) {
      if (create(fs, file, token)) {
        return new FolderLease(fs, file, token, timeoutMillis);
      }
      Lease lease = read(fs, file);
      if (lease == null) {
        continue; // released meanwhile
      }
      long age = System.currentTimeMillis() - lease.heartbeat();
      boolean dead = lease.deadHere();
      if (age <= timeoutMillis && !dead) {
        throw new UcoException(
            file
                + ": another "
                + kind.job()
                + " is running on this folder ("
                + lease.describe()
                + ", heartbeat "
                + Math.max(0, age / 1000)
                + " s ago); wait for it to end, use another "
                + kind.otherFolder()
                + ", or remove the file if that process is gone (taken over automatically "
                + timeoutSeconds
                + " s after its last heartbeat)");
      }
      LOG.warn(
          "{} lease {}: taking over the lease of {} ({})",
          kind.job(),
          file,
          lease.describe(),
          dead ? "that process is gone" : "no heartbeat for " + age / 1000 + " s");
      takeOver(fs, file, lease);
    }
    throw new UcoException(
        file + ": could not take the lease (other jobs keep taking it); try again");
  }

  /** The owner written into the lease. */
  private static String owner() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "localhost";
    }
    return host;
  }

  private static boolean create(HadoopFs fs, Path file, String token) {
    FileSystem fileSystem = fs.fs(file);
    try (OutputStream out = fileSystem.create(file, false)) {
      out.write(content(token, System.currentTimeMillis()).getBytes(StandardCharsets.UTF_8));
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      if (fs.exists(file)) {
        return false; // some file systems report an existing file as a plain IOException
      }
      throw new UcoException(file + ": cannot create the lease: " + e.getMessage(), e);
    }
  }

  private static String content(String token, long heartbeat) {
    return JSON.createObjectNode()
        .put("host", owner())
        .put("pid", ProcessHandle.current().pid())
        .put("token", token)
        .put("heartbeat_ms", heartbeat)
        .put("heartbeat", Instant.ofEpochMilli(heartbeat).toString())
        .toString();
  }

  /** A lease as read back. */
  record Lease(String host, long pid, String token, long heartbeat, String text) {
    String describe() {
      return "owner " + host + " pid " + pid;
    }

    /** The owner is a process of this host that has ended. */
    boolean deadHere() {
      return pid > 0 && host.equals(owner()) && ProcessHandle.of(pid).isEmpty();
    }
  }

  private static Lease read(HadoopFs fs, Path file) {
    FileSystem fileSystem = fs.fs(file);
    try {
      FileStatus status = fileSystem.getFileStatus(file);
      String text;
      try (InputStream in = fileSystem.open(file)) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      String host = "?";
      long pid = -1;
      String owner = "";
      long beat = status.getModificationTime();
      try {
        JsonNode n = JSON.readTree(text);
        host = n.path("host").asText("?");
        pid = n.path("pid").asLong(-1);
        owner = n.path("token").asText("");
        beat = Math.max(beat, n.path("heartbeat_ms").asLong(0));
      } catch (IOException | RuntimeException e) {
        // a lease being rewritten may read empty: its modification time is the heartbeat
      }
      return new Lease(host, pid, owner, beat, text);
    } catch (java.io.FileNotFoundException e) {
      return null;
    } catch (IOException e) {
      throw new UcoException(file + ": cannot read the lease: " + e.getMessage(), e);
    }
  }

  /**
   * Moves a stale lease aside; if what was moved is not the lease judged stale (a race), puts it
   * back.
   */
  private static void takeOver(HadoopFs fs, Path file, Lease stale) {
    FileSystem fileSystem = fs.fs(file);
    Path aside = new Path(file.getParent(), "." + file.getName() + ".stale-" + UUID.randomUUID());
    try {
      if (!fileSystem.rename(file, aside)) {
        return; // someone else moved it first
      }
      Lease moved = read(fs, aside);
      if (moved != null && !moved.text().equals(stale.text())) {
        fileSystem.rename(
            aside, file); // a fresh lease of another job: restore it (fails if one exists again)
      }
      fs.deleteQuietly(aside);
    } catch (IOException e) {
      throw new UcoException(file + ": cannot take over the stale lease: " + e.getMessage(), e);
    }
  }

  private void beat() {
    try {
      Lease now = read(fs, file);
      if (now != null && !now.token().isEmpty() && !now.token().equals(token)) {
        // taken over by another job (this one stalled past the timeout): leave it theirs
        heartbeat.shutdown();
        return;
      }
      try (OutputStream out = fs.fs(file).create(file, true)) {
        out.write(content(token, System.currentTimeMillis()).getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException | RuntimeException e) {
      // a missed heartbeat is retried at the next tick; the timeout allows for several
    }
  }

  /** Stops the heartbeat and removes the lease. */
  @Override
  public void close() {
    heartbeat.shutdownNow();
    try {
      heartbeat.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      Lease now = read(fs, file);
      if (now != null && (now.token().isEmpty() || now.token().equals(token))) {
        fs.deleteQuietly(file);
      }
    } catch (RuntimeException e) {
      // left behind: the next job takes it over after the timeout
    }
  }
}
