package org.ucospark.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The {@code train} invocations that made a run ({@code invocations.json} in the run directory):
 * each one's provenance (version, commit, date, …), the epochs it trained and its wall time, kept
 * up to date after every epoch so that a killed invocation still counts. A run's wall time is the
 * sum over its invocations, and summary.json's provenance lists them: a {@code --resume} (of a
 * crashed run, or of a finished one, which trains nothing) adds itself instead of replacing the
 * record of the invocations that did the work.
 */
final class Invocations implements TrainingListener {
  static final String FILE = "invocations.json";
  private final RunDirectory dir;
  private final ArrayNode all;
  private final ObjectNode current;
  private final long startedNanos;

  private Invocations(RunDirectory dir, ArrayNode all, ObjectNode current, long startedNanos) {
    this.dir = dir;
    this.all = all;
    this.current = current;
    this.startedNanos = startedNanos;
  }

  /**
   * Records a new invocation that starts after {@code fromEpoch} epochs; {@code continues}: it
   * resumes the run (earlier invocations kept), else the run starts over.
   */
  static Invocations begin(RunDirectory dir, boolean continues, int fromEpoch, long startedNanos) {
    ArrayNode all = continues ? earlier(dir) : RunDirectory.JSON.createArrayNode();
    ObjectNode current = all.addObject();
    current.setAll(Provenance.json(null));
    current.put("from_epoch", fromEpoch).put("to_epoch", fromEpoch).put("wall_s", 0.0);
    Invocations invocations = new Invocations(dir, all, current, startedNanos);
    invocations.write();
    return invocations;
  }

  private static ArrayNode earlier(RunDirectory dir) {
    if (dir.exists(FILE)) {
      try {
        JsonNode read = RunDirectory.JSON.readTree(dir.read(FILE));
        if (read instanceof ArrayNode array) {
          return array;
        }
      } catch (IOException e) {
        // a damaged record: the run's own checkpoints still hold its result; start a new record
      }
    }
    return RunDirectory.JSON.createArrayNode();
  }

  @Override
  public void epochEnded(EpochEnd end) {
    current.put("to_epoch", end.epoch());
    write();
  }

  /** Ends this invocation's record; returns the run's wall time, the sum over its invocations. */
  double finish() {
    write();
    double total = 0;
    for (JsonNode i : all) {
      total += i.path("wall_s").asDouble();
    }
    return total;
  }

  /**
   * Lists the invocations in summary.json's provenance; its date stays the first invocation's (when
   * the run started).
   */
  void intoProvenance(ObjectNode summary) {
    ObjectNode provenance = (ObjectNode) summary.get("provenance");
    provenance.put("date", all.get(0).path("date").asText());
    provenance.set("invocations", all.deepCopy());
  }

  private void write() {
    current.put("wall_s", (System.nanoTime() - startedNanos) / 1e9);
    dir.write(FILE, all.toString());
  }
}
