package dev.colorize.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.colorize.image.Box;
import java.util.List;
import org.junit.jupiter.api.Test;

class CropAreaTest {

  @Test
  void fourNumbersAreXywhWhenTheyFit() {
    CropArea c = CropArea.of(10, 20, 100, 50);
    assertEquals(CropArea.Reading.POSITION_AND_SIZE, c.reading(640, 480));
    assertEquals(new Box(10, 20, 100, 50), c.resolve(640, 480));
  }

  @Test
  void twoNumbersAreSizeAtOrigin() {
    CropArea c = CropArea.of(300, 200);
    assertEquals(CropArea.Reading.SIZE_AT_ORIGIN, c.reading(640, 480));
    assertEquals(new Box(0, 0, 300, 200), c.resolve(640, 480));
    // Clipped when larger than the image.
    assertEquals(new Box(0, 0, 640, 480), CropArea.of(1000, 900).resolve(640, 480));
  }

  @Test
  void cornersDetectedWhenXywhLeavesTheImageButCornersFit() {
    // As x,y,w,h this ends at 500+600=1100 > 640; as corners 500..600 fits.
    CropArea c = CropArea.of(500, 100, 600, 400);
    assertEquals(CropArea.Reading.CORNERS, c.reading(640, 480));
    assertEquals(new Box(500, 100, 100, 300), c.resolve(640, 480));
  }

  @Test
  void xywhOverflowThatIsNotValidCornersIsClipped() {
    // x2 < x1 as corners, so stays x,y,w,h and is clipped to the image.
    CropArea c = CropArea.of(600, 10, 100, 50);
    assertEquals(CropArea.Reading.POSITION_AND_SIZE, c.reading(640, 480));
    assertEquals(new Box(600, 10, 40, 50), c.resolve(640, 480));
    // Corners beyond the image: also not corners.
    assertEquals(CropArea.Reading.POSITION_AND_SIZE, CropArea.of(10, 10, 700, 50).reading(640, 480));
  }

  @Test
  void sameNumbersReadDifferentlyForDifferentImageSizes() {
    CropArea c = CropArea.of(100, 100, 300, 300);
    assertEquals(new Box(100, 100, 300, 300), c.resolve(1000, 1000));
    assertEquals(new Box(100, 100, 200, 200), c.resolve(350, 350));
  }

  @Test
  void nothingLeftMeansNoCrop() {
    assertNull(CropArea.of(700, 500, 10, 10).resolve(640, 480));
    assertNull(CropArea.of(10, 10, 0, 50).resolve(640, 480));
    assertNull(CropArea.of(0, 0).resolve(640, 480));
  }

  @Test
  void decimalsRoundToPixels() {
    assertEquals(new Box(10, 20, 31, 40), CropArea.of(10.4, 19.6, 30.7, 40.2).resolve(640, 480));
  }

  @Test
  void invalidInputsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> CropArea.of(1, 2, 3));
    assertThrows(IllegalArgumentException.class, () -> new CropArea(List.of(1.0, Double.NaN)));
    assertThrows(IllegalArgumentException.class, () -> CropArea.of(1, 2).resolve(0, 10));
  }
}
