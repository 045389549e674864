package org.ucospark.sweep;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes outputs through the Hadoop {@link FileSystem} API (any Hadoop URI: {@code file:},
 * {@code hdfs:}, {@code s3a:}, ...) so that readers never see a half-written file: the content goes
 * to a hidden temporary sibling ({@code .NAME.tmp-UUID}, which Spark and Hadoop input formats skip)
 * and is then renamed onto the target.
 *
 * <p>Replacing an existing target is a rename where the file system allows it (POSIX local files);
 * elsewhere (HDFS, whose rename refuses an existing destination) the old target is deleted just
 * before the rename, so the window without a target is one metadata operation long.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /**
     * Writes {@code content} as UTF-8 to {@code target}, atomically replacing any existing file.
     *
     * @param conf Hadoop configuration (e.g. {@code spark.sparkContext().hadoopConfiguration()})
     * @param target destination file
     * @param content text
     * @throws IOException on a file system error
     */
    public static void writeText(Configuration conf, Path target, String content) throws IOException {
        writeBytes(conf, target, content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes {@code bytes} to {@code target}, atomically replacing any existing file.
     *
     * @param conf Hadoop configuration
     * @param target destination file
     * @param bytes content
     * @throws IOException on a file system error
     */
    public static void writeBytes(Configuration conf, Path target, byte[] bytes) throws IOException {
        FileSystem fs = target.getFileSystem(conf);
        Path tmp = tempSibling(target);
        try (OutputStream out = fs.create(tmp, false)) {
            out.write(bytes);
        }
        moveOnto(fs, tmp, target);
    }

    /**
     * A hidden, unique sibling path of {@code target}: {@code PARENT/.NAME.tmp-UUID}.
     *
     * @param target the final path
     * @return the temporary path (not created)
     */
    public static Path tempSibling(Path target) {
        return new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
    }

    /**
     * Renames {@code tmp} (file or directory) onto {@code target}, replacing it. A directory target
     * is first renamed aside ({@code .NAME.old-UUID}) and deleted after the swap.
     *
     * @param fs file system holding both paths
     * @param tmp fully written source
     * @param target destination
     * @throws IOException when the rename fails
     */
    public static void moveOnto(FileSystem fs, Path tmp, Path target) throws IOException {
        fs.mkdirs(target.getParent());
        if (fs.exists(target)) {
            if (fs.getFileStatus(target).isDirectory()) {
                Path old = new Path(target.getParent(), "." + target.getName() + ".old-" + UUID.randomUUID());
                if (!fs.rename(target, old)) {
                    throw new IOException("cannot move " + target + " aside to " + old);
                }
                rename(fs, tmp, target);
                fs.delete(old, true);
                return;
            }
            if (fs.rename(tmp, target)) {
                return;
            }
            fs.delete(target, false);
        }
        rename(fs, tmp, target);
    }

    private static void rename(FileSystem fs, Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("cannot rename " + from + " to " + to);
        }
    }
}
