package dev.colorize.model.convention;

import dev.colorize.image.Box;
import dev.colorize.image.LabImage;
import dev.colorize.model.ColorizationException;
import dev.colorize.model.ColorizationInput;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * InstColor (Su et al., CVPR 2020; PyTorch), one image and its instances per call.
 *
 * <p>InstColor's own sRGB-to-Lab ({@code util.rgb2lab}: IEC 61966-2-1 matrix, D65 white
 * (0.95047, 1, 1.08883), threshold 0.008856) is the one {@link dev.colorize.image.CieLab}
 * implements, so the input's L is used as is. Normalisation {@code (L - 50) / 100}, ab
 * {@code / 110}.
 *
 * <p>Inputs (stand-in I/O signature of an exported InstColor, NCHW, {@code S = size}, default 256):
 * <ul>
 *   <li>{@code full} {@code [1, 1, S, S]}: the whole L plane resized to S x S (Pillow BILINEAR,
 *       like InstColor's torchvision {@code Resize} on PIL images), normalised;
 *   <li>{@code instances} {@code [k, 1, S, S]}: each instance crop of the L plane, resized to
 *       S x S the same way, normalised; {@code k} may be 0;
 *   <li>{@code boxes} {@code [k, 4]}: each crop as {@code x1/W, y1/H, x2/W, y2/H} (normalised
 *       corners, exclusive end) of the input image; InstColor's {@code box_info} padding for a
 *       fusion level of size s is {@code (floor(x1 s), s - floor(x2 s), floor(y1 s),
 *       s - floor(y2 s))}.
 * </ul>
 * Instances: the input's boxes clipped to the image (boxes outside it dropped), the
 * {@code topK} (default 8, as InstColor's detector setting) largest by clipped area, largest first
 * (ties keep the given order). Dataset boxes carry no score; a detector's score threshold applies
 * where its boxes are made.
 *
 * <p>Output: {@code ab} {@code [1, 2, H, W]} from the fusion network's tanh head; {@code a =
 * 110 * out0}, {@code b = 110 * out1}; resized to the input's size (Pillow BILINEAR) and joined
 * with the input's full-resolution L (InstColor itself outputs 256 x 256 only).
 */
public final class InstColorConvention implements Convention {

  public static final String ID = "instcolor";
  static final String FULL = "full";
  static final String INSTANCES = "instances";
  static final String BOXES = "boxes";
  static final String OUTPUT = "ab";
  static final float L_CENTER = 50f;
  static final float L_NORM = 100f;
  static final float AB_NORM = 110f;
  private static final Set<String> KNOWN = Set.of("size", "topK");

  record Settings(int size, int topK) {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public void validate(Map<String, String> options) {
    settings(options);
  }

  /** {@code a = 110 * out0}, NCHW, Pillow bilinear. */
  @Override
  public Optional<AbOutput> abOutput(Map<String, String> options) {
    settings(options);
    return Optional.of(new AbOutput(OUTPUT, Layout.NCHW, AB_NORM, Float.NEGATIVE_INFINITY,
        Float.POSITIVE_INFINITY, 0f, Resampling.Method.PIL_BILINEAR));
  }

  Settings settings(Map<String, String> options) {
    Options o = Options.of(ID, options, KNOWN);
    return new Settings(o.integer("size", 256, 8, 4096), o.integer("topK", 8, 0, 64));
  }

  /** The side the image and its instance crops are resized to. */
  public int size(Map<String, String> options) {
    return settings(options).size();
  }

  /** InstColor colorizes one image (with its instances) per call. */
  @Override
  public int maxBatchSize(Map<String, String> options) {
    return 1;
  }

  /** The instance boxes InstColor will use for this input, in order. */
  public List<Box> selectInstances(ColorizationInput input, Map<String, String> options) {
    return select(input, settings(options).topK());
  }

  private static List<Box> select(ColorizationInput input, int topK) {
    LabImage gray = input.gray();
    List<Box> clipped = new ArrayList<>();
    for (Box box : input.instances()) {
      Box c = box.clippedTo(gray.width(), gray.height());
      if (c != null) {
        clipped.add(c);
      }
    }
    clipped.sort(Comparator.comparingLong((Box b) -> -(long) b.width() * b.height()));
    return List.copyOf(clipped.subList(0, Math.min(topK, clipped.size())));
  }

  @Override
  public List<Tensor> inputs(List<ColorizationInput> batch, Map<String, String> options)
      throws ColorizationException {
    Settings s = settings(options);
    Batches.requireNonEmpty(ID, batch);
    if (batch.size() > 1) {
      throw new ConventionMismatchException(ID, "batch", "has " + batch.size()
          + " images; InstColor takes one image (and its instances) per call");
    }
    ColorizationInput input = batch.get(0);
    LabImage gray = input.gray();
    int size = s.size();
    int w = gray.width();
    int h = gray.height();
    float[] full = normalise(Resampling.pilBilinear(gray.l(), w, h, size, size));
    List<Box> boxes = select(input, s.topK());
    int k = boxes.size();
    float[] crops = new float[k * size * size];
    float[] corners = new float[k * 4];
    for (int i = 0; i < k; i++) {
      Box box = boxes.get(i);
      float[] crop = new float[box.width() * box.height()];
      for (int y = 0; y < box.height(); y++) {
        System.arraycopy(gray.l(), (box.y() + y) * w + box.x(), crop, y * box.width(),
            box.width());
      }
      float[] resized = normalise(
          Resampling.pilBilinear(crop, box.width(), box.height(), size, size));
      System.arraycopy(resized, 0, crops, i * size * size, size * size);
      corners[4 * i] = (float) box.x() / w;
      corners[4 * i + 1] = (float) box.y() / h;
      corners[4 * i + 2] = (float) (box.x() + box.width()) / w;
      corners[4 * i + 3] = (float) (box.y() + box.height()) / h;
    }
    return List.of(
        new Tensor(FULL, new long[] {1, 1, size, size}, full),
        new Tensor(INSTANCES, new long[] {k, 1, size, size}, crops),
        new Tensor(BOXES, new long[] {k, 4}, corners));
  }

  private static float[] normalise(float[] l) {
    for (int i = 0; i < l.length; i++) {
      l[i] = (l[i] - L_CENTER) / L_NORM;
    }
    return l;
  }

  @Override
  public List<LabImage> outputs(List<Tensor> modelOutputs, List<ColorizationInput> batch,
      Map<String, String> options) throws ColorizationException {
    settings(options);
    Batches.requireNonEmpty(ID, batch);
    int n = batch.size();
    Tensor ab = Outputs.find(ID, modelOutputs, OUTPUT, t -> Outputs.isImage(t, n, 2, Layout.NCHW),
        "[" + n + ", 2, H, W]");
    int h = (int) ab.dim(2);
    int w = (int) ab.dim(3);
    List<LabImage> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      float[] a = Layout.NCHW.plane(ab.data(), i, 0, 2, h, w);
      float[] b = Layout.NCHW.plane(ab.data(), i, 1, 2, h, w);
      for (int p = 0; p < a.length; p++) {
        a[p] *= AB_NORM;
        b[p] *= AB_NORM;
      }
      out.add(Batches.join(batch.get(i).gray(), a, b, w, h, Resampling.Method.PIL_BILINEAR));
    }
    return out;
  }
}
