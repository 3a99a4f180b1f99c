package dev.colorize.model.convention;

import dev.colorize.image.CieLab;
import dev.colorize.image.LabImage;
import dev.colorize.model.ColorizationException;
import dev.colorize.model.ColorizationInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DeOldify (Antic; fastai 1.x / PyTorch), as its {@code ColorizerFilter}.
 *
 * <p>Input {@code input} {@code [N, 3, S, S]}, {@code S = renderFactor * 16} (default 35, so
 * 560): the gray image reconstructed from L as 8-bit sRGB ({@code CieLab.labToRgb(L, 0, 0)}),
 * repeated to R, G, B, stretched (aspect ratio not kept) to {@code S x S} with Pillow BILINEAR,
 * divided by 255 and normalised with the ImageNet mean (0.485, 0.456, 0.406) and std (0.229,
 * 0.224, 0.225).
 *
 * <p>Output: the only {@code [N, 3, H, W]} tensor (or one named {@code output}), RGB in the same
 * normalised space. Post: {@code x * std + mean}, clipped to [0, 1], x255, resized to the input's
 * size with Pillow BILINEAR; then OpenCV's BT.601 YUV ({@code COLOR_RGB2YUV}: Y = 0.299 R +
 * 0.587 G + 0.114 B, U = 0.492 (B - Y), V = 0.877 (R - Y), back with {@code COLOR_YUV2RGB}:
 * R = Y + 1.140 V, G = Y - 0.395 U - 0.581 V, B = Y + 2.032 U): Y of the original gray image
 * (which is its gray value), U and V from the model, to 8-bit RGB (rounded, clipped), to Lab
 * with {@link CieLab}. DeOldify rounds to 8 bits after each step; we keep float until the final
 * RGB.
 *
 * <p>With {@code luminance=yuv} (default) the output L is that of the merged RGB, as DeOldify's
 * output image; {@code luminance=input} keeps the input's L exactly and takes only a and b.
 */
public final class DeOldifyConvention implements Convention {

  public static final String ID = "deoldify";
  static final String INPUT = "input";
  static final String OUTPUT = "output";
  static final int RENDER_BASE = 16;
  static final float[] MEAN = {0.485f, 0.456f, 0.406f};
  static final float[] STD = {0.229f, 0.224f, 0.225f};
  private static final Set<String> KNOWN = Set.of("renderFactor", "luminance");

  record Settings(int size, boolean keepInputL) {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public void validate(Map<String, String> options) {
    settings(options);
  }

  Settings settings(Map<String, String> options) {
    Options o = Options.of(ID, options, KNOWN);
    int renderFactor = o.integer("renderFactor", 35, 1, 256);
    boolean keep = "input".equals(o.choice("luminance", "yuv", "yuv", "input"));
    return new Settings(renderFactor * RENDER_BASE, keep);
  }

  /** The 8-bit gray value of each L (a = b = 0), as a float plane. */
  static float[] grayPlane(LabImage image) {
    float[] l = image.l();
    float[] gray = new float[l.length];
    for (int i = 0; i < l.length; i++) {
      gray[i] = GrayLevels.gray(l[i]);
    }
    return gray;
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
      float[] g = Resampling.pilBilinear(grayPlane(gray), gray.width(), gray.height(), size, size);
      for (int c = 0; c < 3; c++) {
        float[] plane = new float[g.length];
        for (int p = 0; p < g.length; p++) {
          plane[p] = (g[p] / 255f - MEAN[c]) / STD[c];
        }
        Layout.NCHW.put(data, plane, i, c, 3, size, size);
      }
    }
    return List.of(new Tensor(INPUT, Layout.NCHW.shape(n, 3, size, size), data));
  }

  @Override
  public List<LabImage> outputs(List<Tensor> modelOutputs, List<ColorizationInput> batch,
      Map<String, String> options) throws ColorizationException {
    Settings s = settings(options);
    Batches.requireNonEmpty(ID, batch);
    int n = batch.size();
    Tensor rgb = Outputs.find(ID, modelOutputs, OUTPUT, t -> Outputs.isImage(t, n, 3, Layout.NCHW),
        "[" + n + ", 3, H, W]");
    int h = (int) rgb.dim(2);
    int w = (int) rgb.dim(3);
    List<LabImage> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      LabImage input = batch.get(i).gray();
      int iw = input.width();
      int ih = input.height();
      float[][] colour = new float[3][];
      for (int c = 0; c < 3; c++) {
        float[] p = Layout.NCHW.plane(rgb.data(), i, c, 3, h, w);
        for (int k = 0; k < p.length; k++) {
          p[k] = Math.min(1f, Math.max(0f, p[k] * STD[c] + MEAN[c])) * 255f;
        }
        colour[c] = Resampling.pilBilinear(p, w, h, iw, ih);
      }
      out.add(merge(input, grayPlane(input), colour, s.keepInputL()));
    }
    return out;
  }

  /** Keeps the original Y, takes U and V from the model's RGB (OpenCV BT.601 YUV), to Lab. */
  private static LabImage merge(LabImage input, float[] y, float[][] colour, boolean keepInputL) {
    int count = y.length;
    float[] l = new float[count];
    float[] a = new float[count];
    float[] b = new float[count];
    double[] lab = new double[3];
    for (int p = 0; p < count; p++) {
      float r = colour[0][p];
      float g = colour[1][p];
      float bl = colour[2][p];
      float luma = r * 0.299f + g * 0.587f + bl * 0.114f;
      float u = (bl - luma) * 0.492f;
      float v = (r - luma) * 0.877f;
      float ry = y[p];
      CieLab.rgbToLab(to8(ry + v * 1.140f), to8(ry + u * -0.395f + v * -0.581f),
          to8(ry + u * 2.032f), lab);
      l[p] = keepInputL ? input.l()[p] : (float) lab[0];
      a[p] = (float) lab[1];
      b[p] = (float) lab[2];
    }
    return new LabImage(input.width(), input.height(), l, a, b);
  }

  private static int to8(float v) {
    return (int) Math.floor(Math.min(255f, Math.max(0f, v)) + 0.5f);
  }
}
