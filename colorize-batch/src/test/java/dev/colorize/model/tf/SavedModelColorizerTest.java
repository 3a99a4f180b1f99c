package dev.colorize.model.tf;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.model.AdaptiveBatches;
import dev.colorize.model.ColorizationException;
import org.junit.jupiter.api.Test;
import org.tensorflow.exceptions.TFInvalidArgumentException;
import org.tensorflow.exceptions.TFResourceExhaustedException;

class SavedModelColorizerTest {

  @Test
  void tensorFlowOutOfMemoryIsRecognisedByAdaptiveBatches() {
    ColorizationException oom = SavedModelColorizer.failure(new TFResourceExhaustedException(
        "OOM when allocating tensor with shape[8,224,224,64] and type float"), 8, "s");
    assertTrue(AdaptiveBatches.isOutOfMemory(oom), oom.getMessage());
    assertTrue(oom.getMessage().contains("batch of 8") && oom.getMessage().contains("shape[8"),
        oom.getMessage());
  }

  @Test
  void otherTensorFlowErrorsAreNotRetriedAsOutOfMemory() {
    ColorizationException bad = SavedModelColorizer.failure(
        new TFInvalidArgumentException("Incompatible shapes: [2,224,224,2] vs. [3]"), 2, "s");
    assertFalse(AdaptiveBatches.isOutOfMemory(bad), bad.getMessage());
    assertTrue(bad.getMessage().contains("signature 's'") && bad.getMessage().contains("[3]"),
        bad.getMessage());
  }
}
