package org.ucospark.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** {@link RawFiles} on a local folder ({@link java.nio.file.Path}). */
public final class LocalRawFiles implements RawFiles {
  private final Path root;

  public LocalRawFiles(Path root) {
    this.root = Objects.requireNonNull(root, "root");
  }

  /** The folder this instance reads. */
  public Path root() {
    return root;
  }

  /** The local path of {@code name}. */
  public Path resolve(String name) {
    return root.resolve(name);
  }

  @Override
  public boolean exists(String name) {
    return Files.isRegularFile(root.resolve(name));
  }

  @Override
  public InputStream open(String name) throws IOException {
    return new BufferedInputStream(Files.newInputStream(root.resolve(name)), 1 << 16);
  }

  @Override
  public String describe(String name) {
    return root.resolve(name).toString();
  }

  @Override
  public List<String> list() throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/"))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  @Override
  public String toString() {
    return "LocalRawFiles[" + root + "]";
  }
}
