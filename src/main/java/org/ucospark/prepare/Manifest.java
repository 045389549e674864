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
 * {@code _manifest.json} of a prepared data set: what it is (name, shape, counts per class and part), how it
 * was made (recipe, every source file with its SHA-256, tool version) and when, and its Parquet part files
 * with their sizes in bytes ({@code files}; absent in manifests of earlier releases), against which
 * {@link PreparedDataset#verify} checks the folder before it is inspected or trained on.
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
    @JsonProperty("files") SortedMap<String, Long> files) {

  public static final String FILE_NAME = "_manifest.json";

  static final ObjectMapper JSON = new ObjectMapper()
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
