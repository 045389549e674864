package org.ucospark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ucospark.io.HadoopFs;
import org.ucospark.testing.CapturedLog;

/** A run's log: progress lines for people, diagnostics copied into a trial's train.log. */
class RunLogTest {
  private static final Logger LOG = LoggerFactory.getLogger(RunLogTest.class);
  @TempDir Path tmp;

  @Test
  void aLogFileGetsProgressLinesAndDiagnosticsAndEveryAttemptAppendsToIt() throws Exception {
    Path file = tmp.resolve("runs/t1/train.log");
    HadoopFs fs = new HadoopFs();
    RunLog first = RunLog.file(fs, HadoopFs.path(file.toString()));
    try (CapturedLog slf4j = CapturedLog.of(RunLogTest.class)) {
      first.progress("epoch   1/2  train loss 1.0");
      first.info(LOG, "resuming");
      assertEquals(
          "",
          slf4j.text(),
          "the trial's log is the diagnostics' home; slf4j has them at debug only");
    }
    // flushed line by line: what a crash would leave is there before the log is closed
    assertTrue(Files.readString(file).contains("epoch   1/2"), Files.readString(file));
    first.close();
    try (RunLog second = RunLog.file(fs, HadoopFs.path(file.toString()))) {
      second.error(LOG, "trial t1 failed", new IllegalStateException("boom"));
    }
    List<String> lines = Files.readAllLines(file);
    assertEquals("epoch   1/2  train loss 1.0", lines.get(0));
    assertTrue(
        lines.get(1).matches("\\d\\d:\\d\\d:\\d\\d INFO RunLogTest: resuming"), lines.get(1));
    assertTrue(lines.get(2).endsWith(" ERROR RunLogTest: trial t1 failed"), lines.get(2));
    assertEquals("java.lang.IllegalStateException: boom", lines.get(3));
    assertTrue(lines.get(4).strip().startsWith("at org.ucospark.train.RunLogTest"), lines.get(4));
  }

  @Test
  void onTheCommandLineProgressLinesGoToTheStreamAndDiagnosticsToSlf4jAlone() {
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    RunLog log = RunLog.to(new PrintStream(said, true, StandardCharsets.UTF_8));
    try (CapturedLog slf4j = CapturedLog.of(RunLogTest.class)) {
      log.progress("epoch   1/2");
      log.info(LOG, "resuming");
      log.error(LOG, "trial t1 failed", new IllegalStateException("boom\nsecond line"));
      assertEquals(
          "INFO resuming\nERROR trial t1 failed: IllegalStateException: boom\n", slf4j.text());
    }
    assertEquals("epoch   1/2\n", said.toString(StandardCharsets.UTF_8));
  }
}
