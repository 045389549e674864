import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * Hadoop's own test clusters on loopback, in this JVM (run by submit/hadoop-minicluster.sh on the classpath of
 * submit/lib/hadoop-minicluster.pom.xml, compiled by the script into target/hadoop-minicluster-classes): a MiniDFSCluster with one DataNode
 * and, with {@code --yarn}, a MiniYARNCluster (one ResourceManager, {@code --nodemanagers} NodeManagers) whose
 * file system is that HDFS. Free ports throughout. Once both serve, it writes the client configuration to
 * {@code DIR/conf} (core-site.xml with fs.defaultFS, hdfs-site.xml, yarn-site.xml: what HADOOP_CONF_DIR points
 * at), the HDFS URI to {@code DIR/hdfs-uri}, then {@code DIR/ready}, and serves until it is killed.
 *
 * <p>Usage: {@code MiniHadoop DIR [--yarn] [--nodemanagers N] [--nm-memory-mb MB] [--nm-vcores N]}
 */
public final class MiniHadoop {
  public static void main(String[] args) {
    try {
      serve(args);
    } catch (Throwable e) {
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static void serve(String[] args) throws Exception {
    Path dir = Path.of(args[0]).toAbsolutePath();
    boolean yarn = false;
    int nodeManagers = 1;
    int nmMemory = 6144;
    int nmVcores = 4;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--yarn" -> yarn = true;
        case "--nodemanagers" -> nodeManagers = Integer.parseInt(args[++i]);
        case "--nm-memory-mb" -> nmMemory = Integer.parseInt(args[++i]);
        case "--nm-vcores" -> nmVcores = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Files.createDirectories(dir.resolve("conf"));

    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("dfs").toString());
    conf.set("dfs.namenode.rpc-address", "127.0.0.1:0");
    conf.set("dfs.namenode.http-address", "127.0.0.1:0");
    conf.setBoolean("dfs.permissions.enabled", true);
    MiniDFSCluster dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).nameNodePort(0).build();
    dfs.waitClusterUp();
    String hdfsUri = "hdfs://127.0.0.1:" + dfs.getNameNodePort();
    Runtime.getRuntime().addShutdownHook(new Thread(dfs::shutdown, "minidfs-stop"));

    Configuration core = new Configuration(false);
    core.set("fs.defaultFS", hdfsUri);
    write(core, dir.resolve("conf/core-site.xml"));
    Configuration hdfsSite = new Configuration(false);
    hdfsSite.set("dfs.replication", "1");
    write(hdfsSite, dir.resolve("conf/hdfs-site.xml"));

    if (yarn) {
      // As Spark's BaseYarnClusterSuite: full disks do not mark the node unhealthy; no locality delay.
      // A fresh configuration, not the DataNode's: MiniDFSCluster sets the test-only topology mapping
      // (StaticMapping), which the clients' shaded Hadoop does not have.
      YarnConfiguration yc = new YarnConfiguration();
      yc.set("fs.defaultFS", hdfsUri);
      yc.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "100.0");
      yc.set("yarn.scheduler.capacity.node-locality-delay", "-1");
      // Small containers on a shared machine: the NodeManagers offer what is given; JVMs reserve far more
      // virtual memory than they use, so only the physical check applies.
      yc.setInt(YarnConfiguration.NM_PMEM_MB, nmMemory);
      yc.setInt(YarnConfiguration.NM_VCORES, nmVcores);
      yc.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 256);
      yc.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, nmMemory);
      yc.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
      yc.set(YarnConfiguration.RM_HOSTNAME, "127.0.0.1");
      yc.set(YarnConfiguration.NM_ADDRESS, "127.0.0.1:0");
      MiniYARNCluster cluster = new MiniYARNCluster("uco-spark", nodeManagers, 1, 1);
      cluster.init(yc);
      cluster.start();
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "miniyarn-stop"));
      // The RM's address carries its real port only once it has started (as Spark's suite waits for).
      Configuration started = cluster.getConfig();
      long deadline = System.currentTimeMillis() + 60_000;
      while (started.get(YarnConfiguration.RM_ADDRESS, ":0").endsWith(":0")) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("the ResourceManager did not report its port within 60 s");
        }
        Thread.sleep(100);
      }
      write(started, dir.resolve("conf/yarn-site.xml"));
    }
    Files.writeString(dir.resolve("hdfs-uri"), hdfsUri + "\n", StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("ready"), "", StandardCharsets.UTF_8);
    System.out.println("MiniHadoop ready: " + hdfsUri + (yarn ? " with YARN" : ""));
    Thread.currentThread().join();
  }

  private static void write(Configuration c, Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = new FileOutputStream(tmp.toFile())) {
      c.writeXml(out);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
  }
}
