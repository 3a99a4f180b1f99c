package dev.colorize.model.convention;

import dev.colorize.image.LabImage;
import dev.colorize.model.ColorizationException;
import dev.colorize.model.ColorizationInput;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The generic {@code lab} convention for users' own networks: one L channel in, two ab channels
 * out, with declared ranges.
 *
 * <p>Input {@code input}: {@code L * lScale + lOffset}, shape {@code [N, 1, S, S]} (or NHWC), the L
 * plane resized to {@code size} when given, else fed at the input's own size (a batch must then
 * share one size). Output: the tensor named {@code ab}, or the only rank-4 output with two
 * channels, at any size; {@code a = out0 * abScale + abOffset}, likewise b; resized to the input's
 * size and joined with the input's L.
 *
 * <p>Options: {@code size} (1..8192, default: the input's size), {@code lScale} (default 1),
 * {@code lOffset} (0), {@code abScale} (1), {@code abOffset} (0), {@code layout} nchw|nhwc
 * (nchw), {@code resize} opencv|pil (opencv bilinear, see {@link Resampling}).
 */
public final class LabConvention implements Convention {

  public static final String ID = "lab";
  static final String INPUT = "input";
  static final String OUTPUT = "ab";
  private static final Set<String> KNOWN =
      Set.of("size", "lScale", "lOffset", "abScale", "abOffset", "layout", "resize");

  /** Parsed options. */
  record Settings(int size, double lScale, double lOffset, double abScale, double abOffset,
      Layout layout, Resampling.Method resize) {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public void validate(Map<String, String> options) {
    settings(options);
  }

  /** {@code a = out0 * abScale + abOffset}, no clamp, the declared layout and resize. */
  @Override
  public Optional<AbOutput> abOutput(Map<String, String> options) {
    Settings s = settings(options);
    return Optional.of(new AbOutput(OUTPUT, s.layout(), (float) s.abScale(),
        Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, (float) s.abOffset(), s.resize()));
  }

  Settings settings(Map<String, String> options) {
    Options o = Options.of(ID, options, KNOWN);
    return new Settings(o.integer("size", 0, 1, 8192), o.nonZeroNumber("lScale", 1),
        o.number("lOffset", 0), o.nonZeroNumber("abScale", 1), o.number("abOffset", 0),
        Layout.from(o, Layout.NCHW),
        "pil".equals(o.choice("resize", "opencv", "opencv", "pil"))
            ? Resampling.Method.PIL_BILINEAR : Resampling.Method.OPENCV_BILINEAR);
  }

  @Override
  public List<Tensor> inputs(List<ColorizationInput> batch, Map<String, String> options)
      throws ColorizationException {
    Settings s = settings(options);
    Batches.requireNonEmpty(ID, batch);
    int w;
    int h;
    if (s.size() > 0) {
      w = s.size();
      h = s.size();
    } else {
      LabImage first = batch.get(0).gray();
      w = first.width();
      h = first.height();
      for (ColorizationInput input : batch) {
        if (input.gray().width() != w || input.gray().height() != h) {
          throw new ConventionMismatchException(ID, "batch", "images of " + w + "x" + h + " and "
              + input.gray().width() + "x" + input.gray().height()
              + " cannot share a batch without the 'size' option");
        }
      }
    }
    int n = batch.size();
    float[] data = new float[n * h * w];
    for (int i = 0; i < n; i++) {
      LabImage gray = batch.get(i).gray();
      float[] l = Resampling.resize(s.resize(), gray.l(), gray.width(), gray.height(), w, h);
      for (int p = 0; p < l.length; p++) {
        l[p] = (float) (l[p] * s.lScale() + s.lOffset());
      }
      s.layout().put(data, l, i, 0, 1, h, w);
    }
    return List.of(new Tensor(INPUT, s.layout().shape(n, 1, h, w), data));
  }

  @Override
  public List<LabImage> outputs(List<Tensor> modelOutputs, List<ColorizationInput> batch,
      Map<String, String> options) throws ColorizationException {
    Settings s = settings(options);
    Batches.requireNonEmpty(ID, batch);
    int n = batch.size();
    Layout layout = s.layout();
    Tensor ab = Outputs.find(ID, modelOutputs, OUTPUT, t -> Outputs.isImage(t, n, 2, layout),
        "[" + n + ", 2, H, W] (" + layout.option() + ")");
    return Batches.joinAb(ab, layout, batch, v -> (float) (v * s.abScale() + s.abOffset()),
        s.resize());
  }
}
