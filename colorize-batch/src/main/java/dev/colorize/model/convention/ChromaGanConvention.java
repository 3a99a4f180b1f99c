package dev.colorize.model.convention;

import dev.colorize.image.LabImage;
import dev.colorize.model.ColorizationException;
import dev.colorize.model.ColorizationInput;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * ChromaGAN (Vitoria et al., WACV 2020; Keras/TensorFlow).
 *
 * <p>Input {@code input}: the L plane resized to {@code inputSize} (default 224) with OpenCV
 * INTER_LINEAR, expressed in OpenCV's 8-bit Lab scale ({@code L8 = L * 255 / 100}) and divided by
 * 255 (no mean subtraction) &mdash; numerically {@code L / 100} &mdash; tiled to 3 identical
 * channels; NHWC {@code [N, S, S, 3]} as the Keras model takes it, or NCHW with
 * {@code layout=nchw} for converted models. The original quantises L8 to 8 bits; we keep float.
 *
 * <p>Outputs: {@code ab} {@code [N, S, S, 2]} (NCHW {@code [N, 2, S, S]}) from a sigmoid, and a
 * 1000-way class distribution {@code [N, 1000]} (recognised by name {@code class} or rank 2; not
 * used for colorization, see {@link #classDistribution}). Post-processing as ChromaGAN's
 * {@code deprocess}: {@code v * 255} clipped to [0, 255] is OpenCV 8-bit a/b, so CIE
 * {@code a = v - 128}; resized to the input's size with OpenCV INTER_LINEAR and joined with the
 * input's full-resolution L. (ChromaGAN truncates to uint8 before resizing; we keep float.)
 */
public final class ChromaGanConvention implements Convention {

  public static final String ID = "chromagan";
  static final String INPUT = "input";
  static final String AB = "ab";
  static final String CLASS = "class";
  private static final Set<String> KNOWN = Set.of("inputSize", "layout");

  record Settings(int size, Layout layout) {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public void validate(Map<String, String> options) {
    settings(options);
  }

  /** {@code a = clip(255 * out0, 0, 255) - 128}, OpenCV bilinear, in the declared layout. */
  @Override
  public Optional<AbOutput> abOutput(Map<String, String> options) {
    return Optional.of(new AbOutput(AB, settings(options).layout(), 255f, 0f, 255f, -128f,
        Resampling.Method.OPENCV_BILINEAR));
  }

  Settings settings(Map<String, String> options) {
    Options o = Options.of(ID, options, KNOWN);
    return new Settings(o.integer("inputSize", 224, 8, 4096), Layout.from(o, Layout.NHWC));
  }

  @Override
  public List<Tensor> inputs(List<ColorizationInput> batch, Map<String, String> options)
      throws ColorizationException {
    Settings s = settings(options);
    Batches.requireNonEmpty(ID, batch);
    int n = batch.size();
    int size = s.size();
    float[] data = new float[n * 3 * size * size];
    for (int i = 0; i < n; i++) {
      LabImage gray = batch.get(i).gray();
      float[] l = Resampling.bilinear(gray.l(), gray.width(), gray.height(), size, size);
      for (int p = 0; p < l.length; p++) {
        l[p] = (l[p] * 255f / 100f) / 255f; // OpenCV 8-bit L scale, then /255
      }
      for (int c = 0; c < 3; c++) {
        s.layout().put(data, l, i, c, 3, size, size);
      }
    }
    return List.of(new Tensor(INPUT, s.layout().shape(n, 3, size, size), data));
  }

  @Override
  public List<LabImage> outputs(List<Tensor> modelOutputs, List<ColorizationInput> batch,
      Map<String, String> options) throws ColorizationException {
    Settings s = settings(options);
    Batches.requireNonEmpty(ID, batch);
    int n = batch.size();
    Layout layout = s.layout();
    Tensor ab = Outputs.find(ID, modelOutputs, AB, t -> Outputs.isImage(t, n, 2, layout),
        "[" + n + ", H, W, 2] (" + layout.option() + ")");
    // Deprocess: x255 and clip to 8 bits, then remove OpenCV's 8-bit a/b offset.
    return Batches.joinAb(ab, layout, batch, v -> Math.min(255f, Math.max(0f, v * 255f)) - 128f,
        Resampling.Method.OPENCV_BILINEAR);
  }

  /**
   * The class distribution output ({@code [N, K]}, K = 1000 for the ImageNet head), one row per
   * image; ChromaGAN trains it with a KL loss against VGG16 predictions and does not use it to
   * colorize.
   *
   * @throws ConventionMismatchException when no output is a rank-2 {@code [N, K]} tensor
   */
  public static float[][] classDistribution(List<Tensor> modelOutputs, int n)
      throws ConventionMismatchException {
    Tensor t = Outputs.find(ID, modelOutputs, CLASS,
        x -> x.rank() == 2 && x.dim(0) == n && x.dim(1) > 0, "[" + n + ", K]");
    int k = (int) t.dim(1);
    float[][] rows = new float[n][k];
    for (int i = 0; i < n; i++) {
      System.arraycopy(t.data(), i * k, rows[i], 0, k);
    }
    return rows;
  }
}
