package dev.colorize.metric.fid;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.JniUtils;
import dev.colorize.config.ConfigurationException;
import dev.colorize.config.FeatureModelConfig;
import dev.colorize.image.RgbImage;
import dev.colorize.model.ColorizationException;
import dev.colorize.model.ModelFiles;
import dev.colorize.model.djl.DeviceSelection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Runs a TorchScript feature network on 8-bit RGB images through DJL's PyTorch engine, in the
 * convention of {@code inception-2015-12-05.pt}, the Inception network that StyleGAN2-ADA's
 * metrics and clean-fid load:
 * <pre>
 * forward(img, return_features: bool = False, ...) -&gt; Tensor
 *   img      [N, 3, H, W] uint8 RGB (0..255), any H x W
 *   returns  [N, 2048] float32 pool3 features when return_features is True
 * </pre>
 * The network converts to float, resizes to 299 x 299 itself (bilinear, {@code grid_sample}) and
 * scales to [-1, 1]; this class passes the images at the scoring size unchanged (256 x 256 by
 * default) as a {@code uint8} tensor, exactly as StyleGAN2-ADA does, and calls {@code forward}
 * with {@code return_features = true}. FID values then match StyleGAN2-ADA's for the same images
 * (clean-fid instead resizes to 299 with PIL bicubic before the network; its numbers differ
 * slightly).
 *
 * <p>The feature length is checked when the model is opened, on a probe image: 2048 for the
 * Inception network; {@link FeatureModelConfig#dimension} may declare another length only for
 * stand-in networks in tests, whose FID says nothing about image quality.
 *
 * <p>Holds native memory: always close. Not thread-safe (calls are serialised).
 */
public final class FeatureExtractor implements AutoCloseable {

  /** Feature length of the Inception network's pool3 layer. */
  public static final int INCEPTION_DIMENSION = 2048;
  /** Largest feature length {@link dev.colorize.metric.FeatureStatistics} accepts. */
  static final int MAX_DIMENSION = 1 << 15;
  private static final String ENGINE = "PyTorch";
  private static final String ELEMENT = "<featureModel>";
  /** Side of the probe image run at open to check the output shape. */
  private static final int PROBE_SIZE = 32;

  private final Path file;
  private final int dimension;
  private final int batchSize;
  private final Device device;
  private final Model model;
  private final PtSymbolBlock block;

  private FeatureExtractor(Path file, int dimension, int batchSize, Device device, Model model,
      PtSymbolBlock block) {
    this.file = file;
    this.dimension = dimension;
    this.batchSize = batchSize;
    this.device = device;
    this.model = model;
    this.block = block;
  }

  /**
   * Checks a {@code <featureModel>} without loading anything heavy: path set and a file, sha256
   * well-formed, device, batch size and dimension in range.
   *
   * @throws ConfigurationException naming the offending element and value
   */
  public static void validate(FeatureModelConfig config) {
    if (config.path == null || config.path.isBlank()) {
      throw new ConfigurationException(ELEMENT + "<path>", "is not set; declare the TorchScript"
          + " file of the Inception feature network (inception-2015-12-05.pt)");
    }
    ModelFiles.requireFile(config.path, ELEMENT);
    ModelFiles.validateSha256Syntax(config.sha256, ELEMENT);
    DeviceSelection.parse(config.device, ELEMENT);
    if (config.batchSize < 1) {
      throw new ConfigurationException(ELEMENT + "<batchSize>", "is " + config.batchSize
          + "; use 1 or more");
    }
    if (config.dimension < 1 || config.dimension > MAX_DIMENSION) {
      throw new ConfigurationException(ELEMENT + "<dimension>", "is " + config.dimension
          + "; the Inception network gives " + INCEPTION_DIMENSION + " features");
    }
  }

  /**
   * Validates the configuration, verifies the file's SHA-256 when one is declared, loads the
   * network on the configured device and checks its output on a probe image.
   *
   * @throws ConfigurationException if the configuration is invalid or the file does not match
   *     its declared SHA-256
   * @throws FeatureModelException if the file cannot be loaded, or does not follow the
   *     convention (input accepted, output {@code [N, dimension]}), or the device is absent
   */
  public static FeatureExtractor open(FeatureModelConfig config) {
    validate(config);
    Path file = Path.of(config.path).toAbsolutePath().normalize();
    ModelFiles.verifySha256(file, config.sha256, ELEMENT);
    return open(file, config.device, config.batchSize, config.dimension);
  }

  /**
   * Loads the network at {@code file} without checksum or configuration checks.
   *
   * @param device auto, cpu, gpu or gpu:N
   * @throws FeatureModelException as {@link #open(FeatureModelConfig)}
   */
  public static FeatureExtractor open(Path file, String device, int batchSize, int dimension) {
    Objects.requireNonNull(file, "file");
    if (batchSize < 1 || dimension < 1) {
      throw new IllegalArgumentException("batch size and dimension must be positive, got "
          + batchSize + " and " + dimension);
    }
    Device target;
    Model model;
    try {
      target = DeviceSelection.parse(device)
          .resolve(Engine.getEngine(ENGINE).getGpuCount(), ENGINE);
      model = Model.newInstance("fid-features", target, ENGINE);
    } catch (IllegalArgumentException | ColorizationException e) {
      throw new FeatureModelException(file, e.getMessage(), e);
    } catch (EngineException e) {
      throw new FeatureModelException(file, "the DJL PyTorch engine cannot start: "
          + oneLine(e.getMessage()), e);
    }
    try {
      model.load(file);
      if (!(model.getBlock() instanceof PtSymbolBlock block)) {
        throw new FeatureModelException(file, "is not a TorchScript module");
      }
      JniUtils.enableInferenceMode(block);
      FeatureExtractor extractor = new FeatureExtractor(file, dimension, batchSize, target, model,
          block);
      extractor.probe();
      return extractor;
    } catch (IOException | MalformedModelException | EngineException e) {
      model.close();
      throw new FeatureModelException(file, "cannot be loaded as TorchScript: "
          + oneLine(e.getMessage()), e);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** Feature length per image. */
  public int dimension() {
    return dimension;
  }

  /** Images per forward call. */
  public int batchSize() {
    return batchSize;
  }

  /** The network file. */
  public Path file() {
    return file;
  }

  /** The device the network runs on. */
  public Device device() {
    return device;
  }

  /**
   * Features of each image, in order: {@code [images.size()][dimension()]}. Runs the network on
   * batches of up to {@link #batchSize()} consecutive images of equal size.
   *
   * @throws FeatureModelException if the forward pass fails or returns another shape or a
   *     non-finite value
   */
  public synchronized float[][] features(List<RgbImage> images) {
    float[][] out = new float[images.size()][];
    int from = 0;
    while (from < images.size()) {
      RgbImage first = images.get(from);
      int to = from + 1;
      while (to < images.size() && to - from < batchSize && images.get(to).sameSize(first)) {
        to++;
      }
      float[][] batch = forward(images.subList(from, to));
      System.arraycopy(batch, 0, out, from, batch.length);
      from = to;
    }
    return out;
  }

  @Override
  public synchronized void close() {
    model.close();
  }

  private void probe() {
    RgbImage gray = new RgbImage(PROBE_SIZE, PROBE_SIZE, filled(PROBE_SIZE * PROBE_SIZE * 3));
    forward(List.of(gray));
  }

  private static byte[] filled(int length) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) 128);
    return bytes;
  }

  /** One forward call on images of one size. */
  private float[][] forward(List<RgbImage> images) {
    int n = images.size();
    int width = images.get(0).width();
    int height = images.get(0).height();
    int plane = width * height;
    ByteBuffer data = ByteBuffer.allocateDirect(n * 3 * plane).order(ByteOrder.nativeOrder());
    for (RgbImage image : images) {
      byte[] rgb = image.rgb();
      // Interleaved RGB rows to planar channels: NCHW.
      for (int c = 0; c < 3; c++) {
        for (int p = 0, i = c; p < plane; p++, i += 3) {
          data.put(rgb[i]);
        }
      }
    }
    data.rewind();
    try (NDManager manager = model.getNDManager().newSubManager(device)) {
      NDArray input = manager.create(data, new Shape(n, 3, height, width), DataType.UINT8);
      long[] shape;
      float[] values;
      try (IValue in = IValue.from((PtNDArray) input);
          IValue returnFeatures = IValue.from(true);
          IValue result = block.forward(in, returnFeatures)) {
        if (!result.isTensor()) {
          throw new FeatureModelException(file, "forward(img, return_features=True) returned "
              + result.getType() + ", expected a [N, " + dimension + "] tensor");
        }
        NDArray output = result.toTensor((PtNDManager) manager);
        shape = output.getShape().getShape();
        if (shape.length != 2 || shape[0] != n || shape[1] != dimension) {
          throw new FeatureModelException(file, "returned features of shape "
              + Arrays.toString(shape) + " for " + n + " images, expected [" + n + ", "
              + dimension + "]" + (dimension == INCEPTION_DIMENSION
              ? " (the Inception pool3 convention)" : " (<featureModel><dimension>)"));
        }
        values = output.toType(DataType.FLOAT32, false).toFloatArray();
      }
      float[][] features = new float[n][dimension];
      for (int k = 0; k < n; k++) {
        System.arraycopy(values, k * dimension, features[k], 0, dimension);
        for (int j = 0; j < dimension; j++) {
          if (!Float.isFinite(features[k][j])) {
            throw new FeatureModelException(file, "returned the non-finite feature "
                + features[k][j] + " at index " + j + " of batch row " + k);
          }
        }
      }
      return features;
    } catch (EngineException e) {
      throw new FeatureModelException(file, "forward pass on " + n + " images of " + width + "x"
          + height + " failed: " + oneLine(e.getMessage()), e);
    }
  }

  private static String oneLine(String message) {
    if (message == null) {
      return "no message";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
