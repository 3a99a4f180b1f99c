package dev.colorize.model.official.instcolor;

import dev.colorize.image.Box;
import dev.colorize.image.LabImage;
import dev.colorize.model.ColorizationException;
import dev.colorize.model.ColorizationInput;
import dev.colorize.model.convention.AbOutput;
import dev.colorize.model.convention.Convention;
import dev.colorize.model.convention.InstColorConvention;
import dev.colorize.model.convention.InvalidOptionException;
import dev.colorize.model.convention.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where an instance goes in each fusion level: InstColor's {@code get_box_info}
 * ({@code image_util.py}) for a box of an image {@code W x H} and a level of side {@code s}:
 * {@code x1' = int(x1 / W * s)} (and so for y1, x2, y2, in double precision as Python computes
 * it), a box at least one pixel wide and high (grown right or down, or left or up at the edge),
 * and the six numbers {@code (left pad, right pad, top pad, bottom pad, width, height)}.
 * (InstColor names the width {@code rh} and the height {@code rw}; the order is its own.)
 */
public final class InstColorBoxes {

  /** Fusion levels: S, S/2, S/4, S/8. */
  public static final int LEVELS = 4;
  /** Numbers per box and level. */
  public static final int FIELDS = 6;

  private InstColorBoxes() {}

  /** The six numbers of a box of an image {@code width x height} at a level of side {@code s}. */
  public static int[] of(Box box, int width, int height, int s) {
    int startX = (int) ((double) box.x() / width * s);
    int startY = (int) ((double) box.y() / height * s);
    int endX = (int) ((double) (box.x() + box.width()) / width * s);
    int endY = (int) ((double) (box.y() + box.height()) / height * s);
    int boxWidth = endX - startX;
    int boxHeight = endY - startY;
    if (boxWidth < 1) {
      if (s - endX > 1) {
        endX++;
      } else {
        startX--;
      }
      boxWidth = 1;
    }
    if (boxHeight < 1) {
      if (s - endY > 1) {
        endY++;
      } else {
        startY--;
      }
      boxHeight = 1;
    }
    return new int[] {startX, s - endX, startY, s - endY, boxWidth, boxHeight};
  }

  /** Every box at every level, as the {@code [k, 4, 6]} tensor {@link InstColorNetworks} reads. */
  public static Tensor tensor(List<Box> boxes, int width, int height, int size) {
    float[] values = new float[boxes.size() * LEVELS * FIELDS];
    for (int i = 0; i < boxes.size(); i++) {
      for (int level = 0; level < LEVELS; level++) {
        int[] info = of(boxes.get(i), width, height, size >> level);
        for (int j = 0; j < FIELDS; j++) {
          values[(i * LEVELS + level) * FIELDS + j] = info[j];
        }
      }
    }
    return new Tensor("boxInfo", new long[] {boxes.size(), LEVELS, FIELDS}, values);
  }

  /**
   * The {@code instcolor} convention as {@link InstColorNetworks} takes it: the same tensors,
   * but the instances' normalised corners replaced by their exact box info from the pixel
   * boxes (float corners would move {@code int(x1 / W * s)} by one where it is an integer).
   */
  public static Convention convention(InstColorConvention instcolor) {
    return new Convention() {
      @Override
      public String id() {
        return instcolor.id();
      }

      @Override
      public void validate(Map<String, String> options) {
        instcolor.validate(options);
        int size = instcolor.size(options);
        if (size % InstColorNetworks.SIZE_MULTIPLE != 0) {
          throw new InvalidOptionException(instcolor.id(),
              "size", options.get("size"), "a multiple of "
              + InstColorNetworks.SIZE_MULTIPLE + " (InstColor's network subsamples three times)");
        }
      }

      @Override
      public int maxBatchSize(Map<String, String> options) {
        return instcolor.maxBatchSize(options);
      }

      @Override
      public Optional<AbOutput> abOutput(Map<String, String> options) {
        return instcolor.abOutput(options);
      }

      @Override
      public List<Tensor> inputs(List<ColorizationInput> batch, Map<String, String> options)
          throws ColorizationException {
        List<Tensor> tensors = new ArrayList<>(instcolor.inputs(batch, options));
        ColorizationInput input = batch.get(0);
        tensors.set(2, tensor(instcolor.selectInstances(input, options), input.gray().width(),
            input.gray().height(), instcolor.size(options)));
        return tensors;
      }

      @Override
      public List<LabImage> outputs(List<Tensor> modelOutputs,
          List<ColorizationInput> batch, Map<String, String> options)
          throws ColorizationException {
        return instcolor.outputs(modelOutputs, batch, options);
      }
    };
  }
}
