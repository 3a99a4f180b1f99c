package dev.colorize.model.tf;

import dev.colorize.image.LabImage;
import dev.colorize.model.ColorizationInput;
import dev.colorize.model.convention.Convention;
import dev.colorize.model.convention.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A test convention with ChromaGAN's tensor layout but trivial arithmetic, so the engine's
 * plumbing is checked independently of the real conventions: L/100 sampled (nearest) to 224x224
 * and tiled to 3 channels, tensor name {@code gray}; the first output is ab in [0, 1], mapped to
 * a, b = 255 v - 128 and sampled back to the input size; the class output must be [N, 1000].
 */
final class TiledLightnessConvention implements Convention {

  static final String ID = "test-tiled-l";
  static final int SIDE = StandInSavedModel.SIDE;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Tensor> inputs(List<ColorizationInput> batch, Map<String, String> options) {
    float[] data = new float[batch.size() * SIDE * SIDE * 3];
    for (int i = 0; i < batch.size(); i++) {
      LabImage gray = batch.get(i).gray();
      for (int y = 0; y < SIDE; y++) {
        for (int x = 0; x < SIDE; x++) {
          float l = gray.l()[sourceIndex(gray, x, y)] / 100f;
          int at = ((i * SIDE + y) * SIDE + x) * 3;
          data[at] = l;
          data[at + 1] = l;
          data[at + 2] = l;
        }
      }
    }
    return List.of(new Tensor("gray", new long[] {batch.size(), SIDE, SIDE, 3}, data));
  }

  @Override
  public List<LabImage> outputs(List<Tensor> modelOutputs, List<ColorizationInput> batch,
      Map<String, String> options) {
    Tensor ab = modelOutputs.get(0);
    Tensor classes = modelOutputs.get(1);
    if (ab.shape()[3] != 2 || classes.shape()[1] != StandInSavedModel.CLASSES) {
      throw new IllegalArgumentException("outputs in the wrong order");
    }
    List<LabImage> out = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      LabImage gray = batch.get(i).gray();
      int n = gray.width() * gray.height();
      float[] a = new float[n];
      float[] b = new float[n];
      for (int y = 0; y < gray.height(); y++) {
        for (int x = 0; x < gray.width(); x++) {
          int sx = x * SIDE / gray.width();
          int sy = y * SIDE / gray.height();
          int at = ((i * SIDE + sy) * SIDE + sx) * 2;
          a[y * gray.width() + x] = 255 * ab.data()[at] - 128;
          b[y * gray.width() + x] = 255 * ab.data()[at + 1] - 128;
        }
      }
      out.add(new LabImage(gray.width(), gray.height(), gray.l(), a, b));
    }
    return out;
  }

  private static int sourceIndex(LabImage gray, int x, int y) {
    return (y * gray.height() / SIDE) * gray.width() + x * gray.width() / SIDE;
  }
}
