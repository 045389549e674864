package org.ucospark.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.ucospark.UcoException;

/** What a run checks about its inputs before training. */
class RunInputsTest extends UspsRunFixture {
  @Test
  void dataDatasetMustNameTheDataSetItsManifestHolds() {
    UcoException e =
        assertThrows(
            UcoException.class,
            () -> train(localDdc480("wrong", "epochs=1", "data.dataset=mnist"), false));
    assertTrue(
        e.getMessage().contains("holds the data set 'usps'")
            && e.getMessage().contains("data.dataset is 'mnist'"),
        e.getMessage());
    assertFalse(Files.exists(tmp.resolve("wrong/checkpoints")), "nothing trained");
  }
}
