package dev.colorize.model.convention;

import dev.colorize.image.Box;
import dev.colorize.image.LabImage;
import dev.colorize.model.ColorizationInput;
import java.util.Arrays;
import java.util.List;

/** Small generated inputs for the convention tests. */
final class Inputs {

  private Inputs() {}

  /** An L ramp 0..100 over a {@code w x h} image, a = b = 0. */
  static ColorizationInput ramp(int w, int h, Box... boxes) {
    float[] l = new float[w * h];
    for (int i = 0; i < l.length; i++) {
      l[i] = 100f * i / Math.max(1, l.length - 1);
    }
    return new ColorizationInput(new LabImage(w, h, l, new float[w * h], new float[w * h]),
        List.of(boxes));
  }

  /** A uniform L image. */
  static ColorizationInput flat(int w, int h, float lightness) {
    float[] l = new float[w * h];
    Arrays.fill(l, lightness);
    return ColorizationInput.of(new LabImage(w, h, l, new float[w * h], new float[w * h]));
  }

  static float[] filled(int n, float value) {
    float[] data = new float[n];
    Arrays.fill(data, value);
    return data;
  }
}
