package dev.colorize.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.image.LabImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdaptiveBatchesTest {

  /**
   * A colorizer that runs out of memory above a batch size, can fail on one marked image, and
   * records every batch size it was called with. Its "prediction" puts a = L so tests can check
   * that outcomes stay in input order.
   */
  private static final class FakeColorizer implements Colorizer {
    final List<Integer> calls = new ArrayList<>();
    final int fits;
    final float poisonL;
    final RuntimeException oom;

    FakeColorizer(int fits, float poisonL, RuntimeException oom) {
      this.fits = fits;
      this.poisonL = poisonL;
      this.oom = oom;
    }

    @Override
    public List<LabImage> colorize(List<ColorizationInput> batch) throws ColorizationException {
      calls.add(batch.size());
      boolean poisoned = batch.stream().anyMatch(in -> in.gray().l()[0] == poisonL);
      if (batch.size() > fits || poisoned) {
        if (oom != null) {
          throw oom;
        }
        throw new OutOfMemoryError("Java heap space");
      }
      List<LabImage> out = new ArrayList<>();
      for (ColorizationInput in : batch) {
        LabImage g = in.gray();
        out.add(new LabImage(g.width(), g.height(), g.l(), g.l().clone(), new float[g.l().length]));
      }
      return out;
    }

    @Override
    public int preferredBatchSize() {
      return 8;
    }
  }

  private static List<ColorizationInput> inputs(int n) {
    List<ColorizationInput> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(ColorizationInput.of(
          new LabImage(1, 1, new float[] {i}, new float[1], new float[1])));
    }
    return list;
  }

  private static void assertInOrder(List<AdaptiveBatches.Outcome> outcomes, int n) {
    assertEquals(n, outcomes.size());
    for (int i = 0; i < n; i++) {
      assertTrue(outcomes.get(i).succeeded(), "image " + i + ": " + outcomes.get(i).failure());
      assertEquals(i, outcomes.get(i).image().a()[0], "image " + i);
    }
  }

  @Test
  void batchThatFitsRunsOnce() {
    FakeColorizer fake = new FakeColorizer(8, -1, null);
    AdaptiveBatches batches = new AdaptiveBatches(fake);
    assertInOrder(batches.colorize(inputs(8)), 8);
    assertEquals(List.of(8), fake.calls);
    assertEquals(0, batches.halvings());
  }

  @Test
  void outOfMemoryHalvesUntilItFitsAndRemembersTheSize() {
    FakeColorizer fake = new FakeColorizer(2, -1, null);
    AdaptiveBatches batches = new AdaptiveBatches(fake);
    assertInOrder(batches.colorize(inputs(8)), 8);
    // 8 fails, 4 fails, 2+2 fit, then the second 4 is halved too.
    assertEquals(List.of(8, 4, 2, 2, 4, 2, 2), fake.calls);
    assertEquals(2, batches.limit());
    fake.calls.clear();
    assertInOrder(batches.colorize(inputs(6)), 6);
    assertEquals(List.of(2, 2, 2), fake.calls, "later batches start at the size that fit");
  }

  @Test
  void cudaMessageInACauseCountsAsOutOfMemory() {
    RuntimeException cuda = new RuntimeException("forward failed",
        new IllegalStateException("CUDA out of memory. Tried to allocate 2.00 GiB\n at frame 1"));
    FakeColorizer fake = new FakeColorizer(3, -1, cuda);
    AdaptiveBatches batches = new AdaptiveBatches(fake, 7);
    assertInOrder(batches.colorize(inputs(7)), 7);
    assertEquals(List.of(7, 3, 4, 2, 2), fake.calls);
    FakeColorizer never = new FakeColorizer(0, -1, cuda);
    String failure = new AdaptiveBatches(never, 2).colorize(inputs(2)).get(1).failure();
    assertTrue(failure.endsWith(
        "IllegalStateException: CUDA out of memory. Tried to allocate 2.00 GiB"),
        failure);
  }

  @Test
  void singleImageThatStillFailsGetsAFailureAndTheRestSucceed() {
    FakeColorizer fake = new FakeColorizer(8, 5f, null);
    List<AdaptiveBatches.Outcome> outcomes = new AdaptiveBatches(fake).colorize(inputs(8));
    assertEquals(8, outcomes.size());
    for (int i = 0; i < 8; i++) {
      AdaptiveBatches.Outcome o = outcomes.get(i);
      if (i == 5) {
        assertFalse(o.succeeded());
        assertNull(o.image());
        assertTrue(o.failure().contains("out of memory even for a single image"), o.failure());
        assertTrue(o.failure().contains("Java heap space"), o.failure());
      } else {
        assertTrue(o.succeeded(), "image " + i);
        assertEquals(i, o.image().a()[0]);
      }
    }
  }

  @Test
  void otherFailuresAreNotRetried() {
    List<Integer> calls = new ArrayList<>();
    Colorizer broken = batch -> {
      calls.add(batch.size());
      throw new ColorizationException("output has shape [4, 3], expected [4, 2, 16, 16]");
    };
    List<AdaptiveBatches.Outcome> outcomes = new AdaptiveBatches(broken, 4).colorize(inputs(4));
    assertEquals(List.of(4), calls);
    assertEquals(4, outcomes.size());
    for (AdaptiveBatches.Outcome o : outcomes) {
      assertEquals("output has shape [4, 3], expected [4, 2, 16, 16]", o.failure());
    }
  }

  @Test
  void wrongNumberOfOutputsIsAFailure() {
    Colorizer shortChanged = batch -> List.of(batch.get(0).gray());
    List<AdaptiveBatches.Outcome> outcomes =
        new AdaptiveBatches(shortChanged, 3).colorize(inputs(3));
    assertTrue(outcomes.get(2).failure().contains("returned 1 images for 3 inputs"));
  }

  @Test
  void recognisesEngineOutOfMemoryMessages() {
    assertTrue(AdaptiveBatches.isOutOfMemory(new OutOfMemoryError()));
    assertTrue(AdaptiveBatches.isOutOfMemory(new RuntimeException(
        "[ONNXRuntimeError] : 6 : RUNTIME_EXCEPTION :"
        + " Failed to allocate memory for requested buffer")));
    assertTrue(AdaptiveBatches.isOutOfMemory(new RuntimeException("CUDNN_STATUS_ALLOC_FAILED")));
    assertFalse(AdaptiveBatches.isOutOfMemory(new RuntimeException("shape mismatch")));
    assertFalse(AdaptiveBatches.isOutOfMemory(new RuntimeException((String) null)));
  }

  @Test
  void largerBatchesThanTheLimitAreSplitUpFront() {
    FakeColorizer fake = new FakeColorizer(8, -1, null);
    AdaptiveBatches batches = new AdaptiveBatches(fake, 3);
    assertInOrder(batches.colorize(inputs(7)), 7);
    assertEquals(List.of(3, 3, 1), fake.calls);
    assertEquals(3, batches.limit());
  }
}
