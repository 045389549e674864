import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3 server on loopback, in this JVM (run by submit/s3-server.sh on the classpath of
 * submit/lib/s3proxy.pom.xml, compiled by the script into target/s3-server-classes): S3Proxy over jclouds'
 * in-memory "transient" blob store, AWS signature v2/v4 authentication with the access key and secret from
 * the environment (UCO_S3_ACCESS_KEY, UCO_S3_SECRET_KEY: never on a command line), path-style requests, on a
 * free port of 127.0.0.1. It creates the bucket, writes its endpoint to {@code DIR/endpoint}
 * (http://127.0.0.1:PORT), then {@code DIR/ready}, and serves until it is killed. What it stores is lost with it.
 *
 * <p>Usage: {@code S3Server DIR BUCKET}
 */
public final class S3Server {
  public static void main(String[] args) {
    try {
      serve(Path.of(args[0]).toAbsolutePath(), args[1]);
    } catch (Throwable e) {
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static void serve(Path dir, String bucket) throws Exception {
    String identity = System.getenv("UCO_S3_ACCESS_KEY");
    String credential = System.getenv("UCO_S3_SECRET_KEY");
    if (identity == null || credential == null) {
      throw new IllegalArgumentException("UCO_S3_ACCESS_KEY and UCO_S3_SECRET_KEY must be set");
    }
    BlobStoreContext context =
        ContextBuilder.newBuilder("transient")
            .credentials(identity, credential)
            .build(BlobStoreContext.class);
    BlobStore store = context.getBlobStore();
    store.createContainerInLocation(null, bucket);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(store)
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, identity, credential)
            .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(10);
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    proxy.stop();
                  } catch (Exception e) {
                    // stopping anyway
                  }
                  context.close();
                },
                "s3proxy-stop"));
    Path tmp = dir.resolve("endpoint.tmp");
    Files.writeString(tmp, "http://127.0.0.1:" + proxy.getPort() + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, dir.resolve("endpoint"), StandardCopyOption.ATOMIC_MOVE);
    Files.writeString(dir.resolve("ready"), "");
    System.out.println("S3 (S3Proxy, transient) at http://127.0.0.1:" + proxy.getPort() + ", bucket " + bucket);
    Thread.currentThread().join();
  }
}
