package dev.colorize.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class PreparedGeometryTest {

  private static SourceInfo source(Box region) {
    return new SourceInfo(ImageFormat.JPEG, 1000, 500, 1, region);
  }

  @Test
  void stretchScalesEachAxisFromTheRegion() {
    Box mapped = PreparedGeometry.toPrepared(new Box(500, 250, 100, 50),
        source(new Box(0, 0, 1000, 500)), 256, ResizePolicy.STRETCH);
    assertEquals(new Box(128, 128, 26, 26), mapped);
  }

  @Test
  void centerCropDropsBoxesOutsideTheSquare() {
    SourceInfo whole = source(new Box(0, 0, 1000, 500));
    // The kept square is x 250..750.
    assertNull(PreparedGeometry.toPrepared(new Box(0, 0, 200, 100), whole, 100,
        ResizePolicy.CENTER_CROP));
    assertEquals(new Box(0, 0, 10, 20), PreparedGeometry.toPrepared(new Box(250, 0, 50, 100),
        whole, 100, ResizePolicy.CENTER_CROP));
  }

  @Test
  void padScalesUniformlyAndOffsetsByThePad() {
    // 1000x500 -> 100x50 centred at y 25.
    assertEquals(new Box(0, 25, 100, 50), PreparedGeometry.toPrepared(new Box(0, 0, 1000, 500),
        source(new Box(0, 0, 1000, 500)), 100, ResizePolicy.PAD));
  }

  @Test
  void boxesAreRelativeToTheCropRegionAndClipped() {
    SourceInfo cropped = source(new Box(100, 100, 200, 200));
    assertEquals(new Box(0, 0, 50, 50), PreparedGeometry.toPrepared(new Box(50, 50, 150, 150),
        cropped, 100, ResizePolicy.STRETCH));
    assertNull(PreparedGeometry.toPrepared(new Box(400, 400, 10, 10), cropped, 100,
        ResizePolicy.STRETCH));
  }
}
