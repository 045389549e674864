package org.ucospark.prepare;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import java.util.SortedMap;
import org.ucospark.UcoException;
import org.ucospark.data.SourceFile;

/**
 * {@code _manifest.json} of a prepared data set: what it is (name, shape, counts per class and
 * part), how it was made (recipe, every source file with its SHA-256, tool version) and when, and
 * its Parquet part files with their sizes in bytes ({@code files}; absent in manifests of earlier
 * releases), against which {@link PreparedDataset#verify} checks the folder before it is inspected
 * or trained on. A data set of the user's own also records its input {@code format}, whether it has
 * labels ({@code labeled}: false means every label is null and {@code num_classes} is the K given
 * by {@code --clusters}) and the {@code label_names} (the class folders, or the original label
 * values, of labels 0..K−1). The built-in sets leave these three out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(
    @JsonProperty("name") String name,
    @JsonProperty("shape") List<Integer> shape,
    @JsonProperty("count") long count,
    @JsonProperty("num_classes") int numClasses,
    @JsonProperty("class_counts") SortedMap<Integer, Long> classCounts,
    @JsonProperty("part_counts") SortedMap<String, Long> partCounts,
    @JsonProperty("recipe") String recipe,
    @JsonProperty("sources") List<SourceFile> sources,
    @JsonProperty("tool_version") String toolVersion,
    @JsonProperty("created") String created,
    @JsonProperty("format") String format,
    @JsonProperty("labeled") Boolean labeled,
    @JsonProperty("label_names") List<String> labelNames,
    @JsonProperty("files") SortedMap<String, Long> files) {

  public static final String FILE_NAME = "_manifest.json";

  /** This manifest with {@code files} as its part-file list (null: none recorded). */
  public Manifest withFiles(SortedMap<String, Long> files) {
    return new Manifest(
        name,
        shape,
        count,
        numClasses,
        classCounts,
        partCounts,
        recipe,
        sources,
        toolVersion,
        created,
        format,
        labeled,
        labelNames,
        files);
  }

  /** A built-in data set's manifest (labeled; no format or label names). */
  public Manifest(
      String name,
      List<Integer> shape,
      long count,
      int numClasses,
      SortedMap<Integer, Long> classCounts,
      SortedMap<String, Long> partCounts,
      String recipe,
      List<SourceFile> sources,
      String toolVersion,
      String created) {
    this(
        name,
        shape,
        count,
        numClasses,
        classCounts,
        partCounts,
        recipe,
        sources,
        toolVersion,
        created,
        null,
        null,
        null,
        null);
  }

  /**
   * False when the data set has no labels (its label column is null); manifests without the field
   * have them.
   */
  public boolean hasLabels() {
    return labeled == null || labeled;
  }

  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Manifest parse(String json, String where) {
    try {
      return JSON.readValue(json, Manifest.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UcoException(where + ": not a valid manifest: " + e.getOriginalMessage());
    }
  }

  /** Channels × height × width of one image. */
  public int pixelCount() {
    return shape.stream().reduce(1, (a, b) -> a * b);
  }
}
