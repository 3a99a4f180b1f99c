package dev.colorize.model.detect;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.colorize.config.ConfigurationException;
import dev.colorize.config.DetectorConfig;
import dev.colorize.image.Box;
import dev.colorize.image.CieLab;
import dev.colorize.image.LabImage;
import dev.colorize.model.ColorizationException;
import dev.colorize.model.ModelFiles;
import dev.colorize.model.convention.Tensor;
import dev.colorize.model.djl.DeviceSelection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A TorchScript instance detector run by DJL's PyTorch engine, in colorize's detector convention
 * (torchvision detection models wrapped to return tensors):
 * <pre>
 * forward(image) -&gt; (boxes, scores, ...)
 *   image   [1, 3, H, W] float32 RGB, 0..1: the gray image, R = G = B = the 8-bit sRGB gray of L
 *           ({@code CieLab.labToRgb(L, 0, 0)}) / 255, at the size the colorizer sees
 *   boxes   [K, 4] x0, y0, x1, y1 in the image's pixels (exclusive end); K may be 0
 *   scores  [K] confidence; further outputs (torchvision's labels) are ignored
 * </pre>
 * Kept ({@link #select}): each box clipped to the image and truncated to whole pixels
 * ({@link Detection#toBox}), boxes with a score of at least {@code scoreThreshold} that are not
 * empty, best score first (equal scores keep the model's order), at most {@code topK}.
 *
 * <p>The output convention is checked when the detector opens, on a probe image, so a detector
 * outside it fails the run at once with a clear error instead of failing every image. Holds
 * native memory: always close. Calls are serialised.
 */
public final class Detector implements AutoCloseable {

  private static final String ENGINE = "PyTorch";
  /** Side of the mid-gray probe image run at open. */
  private static final int PROBE_SIZE = 32;
  private static final int MAX_TOP_K = 64;

  private final Path file;
  private final Model model;
  private final double scoreThreshold;
  private final int topK;

  private Detector(Path file, Model model, double scoreThreshold, int topK) {
    this.file = file;
    this.model = model;
    this.scoreThreshold = scoreThreshold;
    this.topK = topK;
  }

  /**
   * Checks a {@code <detector>} without loading anything: file, sha256 syntax, device, score
   * threshold, top-k and instance source.
   *
   * @param element the POM element of the detector, e.g. {@code <models><model>[2] 'x' <detector>}
   * @throws ConfigurationException naming the offending element and value
   */
  public static void validate(DetectorConfig config, String element) {
    ModelFiles.requireFile(config.path, element);
    ModelFiles.validateSha256Syntax(config.sha256, element);
    if (config.device != null && !config.device.isBlank()) {
      DeviceSelection.parse(config.device, element);
    }
    if (!(config.scoreThreshold >= 0 && config.scoreThreshold <= 1)) {
      throw new ConfigurationException(element + "<scoreThreshold>", "is "
          + config.scoreThreshold + "; use a score between 0 and 1 (InstColor uses 0.7)");
    }
    if (config.topK < 1 || config.topK > MAX_TOP_K) {
      throw new ConfigurationException(element + "<topK>", "is " + config.topK
          + "; use 1 to " + MAX_TOP_K + " boxes per image (InstColor uses 8)");
    }
    try {
      InstanceSource.fromId(config.instances);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(element + "<instances>", "is '" + config.instances
          + "'; use " + String.join(", ", InstanceSource.IDS)
          + " (auto: the dataset's boxes when an image has any, else the detector's)");
    }
  }

  /**
   * Validates the configuration, verifies the file's SHA-256 when one is declared, loads the
   * detector and checks its outputs on a probe image.
   *
   * @param modelDevice the device of the model it serves, used when the detector declares none
   * @param element     the POM element of the detector, for messages
   * @throws ColorizationException on an invalid configuration or a SHA-256 mismatch (the message
   *     names the element), a file that does not load, or outputs outside the convention
   */
  public static Detector open(DetectorConfig config, String modelDevice, String element)
      throws ColorizationException {
    Path file;
    DeviceSelection selection;
    try {
      validate(config, element);
      file = Path.of(config.path).toAbsolutePath().normalize();
      ModelFiles.verifySha256(file, config.sha256, element);
      String device = config.device == null || config.device.isBlank() ? modelDevice
          : config.device;
      selection = DeviceSelection.parse(device, element);
    } catch (ConfigurationException e) {
      throw new ColorizationException(e.getMessage(), e);
    }
    Engine engine;
    try {
      engine = Engine.getEngine(ENGINE);
    } catch (RuntimeException e) {
      throw new DetectorException(file, "needs the DJL PyTorch engine, which did not start: "
          + firstLine(e.getMessage()), e);
    }
    Device device = selection.resolve(engine.getGpuCount(), ENGINE);
    Model model = Model.newInstance("detector", device, ENGINE);
    try {
      model.load(file, null, Map.of("mapLocation", "true"));
      Detector detector = new Detector(file, model, config.scoreThreshold, config.topK);
      detector.detect(probe());
      return detector;
    } catch (MalformedModelException | IOException | EngineException e) {
      model.close();
      throw new DetectorException(file, "cannot be loaded as TorchScript on " + device + ": "
          + firstLine(e.getMessage()), e);
    } catch (ColorizationException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** The detector file. */
  public Path file() {
    return file;
  }

  /** The boxes kept for this image ({@link #select}), best score first. */
  public List<Box> boxes(LabImage gray) throws ColorizationException {
    return select(detect(gray), scoreThreshold, topK, gray.width(), gray.height());
  }

  /**
   * Everything the detector returns for this image, in its order, before any selection.
   *
   * @throws DetectorException when the forward pass fails or its outputs are outside the
   *     convention
   */
  public synchronized List<Detection> detect(LabImage gray) throws ColorizationException {
    int w = gray.width();
    int h = gray.height();
    List<Tensor> outputs = new ArrayList<>();
    try (NDManager manager = model.getNDManager().newSubManager()) {
      NDList in = new NDList(manager.create(input(gray), new Shape(1, 3, h, w)));
      NDList out = model.getBlock().forward(new ParameterStore(manager, false), in, false);
      out.attach(manager);
      for (int i = 0; i < out.size(); i++) {
        NDArray array = out.get(i);
        float[] data = array.getDataType() == DataType.FLOAT32 ? array.toFloatArray()
            : array.toType(DataType.FLOAT32, false).toFloatArray();
        outputs.add(new Tensor("output" + i, array.getShape().getShape(), data));
      }
    } catch (RuntimeException e) {
      throw new DetectorException(file, "failed on a " + w + "x" + h + " image: "
          + firstLine(e.getMessage()), e);
    }
    return parse(outputs, file);
  }

  /**
   * The detector input of a lightness plane: {@code [1, 3, H, W]} row-major, each channel the
   * 8-bit sRGB gray of L divided by 255.
   */
  public static float[] input(LabImage gray) {
    float[] l = gray.l();
    int plane = l.length;
    float[] rgb = new float[3 * plane];
    int[] pixel = new int[3];
    for (int p = 0; p < plane; p++) {
      CieLab.labToRgb(l[p], 0, 0, pixel);
      float v = pixel[1] / 255f;
      rgb[p] = v;
      rgb[plane + p] = v;
      rgb[2 * plane + p] = v;
    }
    return rgb;
  }

  /**
   * Reads a detector's outputs: the first is boxes {@code [K, 4]}, the second scores {@code [K]};
   * further outputs are ignored.
   *
   * @throws DetectorException naming the shapes when the outputs are outside the convention, or
   *     the value and position of a non-finite number
   */
  public static List<Detection> parse(List<Tensor> outputs, Path file) throws DetectorException {
    if (outputs.size() < 2) {
      throw new DetectorException(file, "returned " + outputs.size() + " output(s) "
          + shapes(outputs) + "; a detector returns (boxes [K, 4], scores [K], ...)");
    }
    Tensor boxes = outputs.get(0);
    Tensor scores = outputs.get(1);
    if (boxes.rank() != 2 || boxes.dim(1) != 4 || scores.rank() != 1
        || scores.dim(0) != boxes.dim(0)) {
      throw new DetectorException(file, "returned boxes " + boxes.shapeString() + " and scores "
          + scores.shapeString() + "; expected boxes [K, 4] (x0, y0, x1, y1) and scores [K]");
    }
    int k = (int) boxes.dim(0);
    float[] b = boxes.data();
    float[] s = scores.data();
    List<Detection> detections = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < 4; j++) {
        if (!Float.isFinite(b[4 * i + j])) {
          throw new DetectorException(file, "returned the non-finite box coordinate "
              + b[4 * i + j] + " at [" + i + ", " + j + "]");
        }
      }
      if (!Float.isFinite(s[i])) {
        throw new DetectorException(file, "returned the non-finite score " + s[i] + " at [" + i
            + "]");
      }
      detections.add(new Detection(b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3], s[i]));
    }
    return detections;
  }

  /**
   * The boxes kept of a detector's output for a {@code width x height} image: each clipped and
   * truncated to whole pixels, those with {@code score >= scoreThreshold} and not empty, sorted
   * by score (best first; equal scores keep their order), the first {@code topK}.
   */
  public static List<Box> select(List<Detection> detections, double scoreThreshold, int topK,
      int width, int height) {
    record Kept(Box box, float score) {}
    List<Kept> kept = new ArrayList<>();
    for (Detection d : detections) {
      Box box = d.toBox(width, height);
      if (box != null && d.score() >= scoreThreshold) {
        kept.add(new Kept(box, d.score()));
      }
    }
    kept.sort(Comparator.comparingDouble((Kept k) -> k.score()).reversed()); // stable
    List<Box> boxes = new ArrayList<>();
    for (int i = 0; i < Math.min(topK, kept.size()); i++) {
      boxes.add(kept.get(i).box());
    }
    return List.copyOf(boxes);
  }

  private static LabImage probe() {
    int n = PROBE_SIZE * PROBE_SIZE;
    float[] l = new float[n];
    Arrays.fill(l, 50f);
    return new LabImage(PROBE_SIZE, PROBE_SIZE, l, new float[n], new float[n]);
  }

  private static String shapes(List<Tensor> tensors) {
    List<String> s = new ArrayList<>();
    for (Tensor t : tensors) {
      s.add(t.shapeString());
    }
    return s.toString();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no message";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline).strip();
  }

  @Override
  public synchronized void close() {
    model.close();
  }
}
