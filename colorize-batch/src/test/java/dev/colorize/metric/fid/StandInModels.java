package dev.colorize.metric.fid;

import dev.colorize.config.FeatureModelConfig;
import dev.colorize.image.RgbImage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The committed stand-ins of the Inception feature network and their reference features, made by
 * {@code scripts/models/make_inception_standin.py} (see there for the convention).
 */
public final class StandInModels {

  private StandInModels() {}

  /** The committed stand-in with {@code dimension} (2048 or 64) features. */
  public static Path model(int dimension) {
    return resource("inception-standin-" + dimension + ".pt");
  }

  /** A feature-model configuration of the stand-in, on the CPU. */
  public static FeatureModelConfig config(int dimension) {
    FeatureModelConfig config = new FeatureModelConfig(model(dimension).toString());
    config.device = "cpu";
    config.dimension = dimension;
    return config;
  }

  /** The SHA-256 the script recorded for the stand-in's file. */
  public static String sha256(int dimension) throws IOException {
    String name = "inception-standin-" + dimension + ".pt";
    for (String line : Files.readAllLines(resource("standin.sha256"), StandardCharsets.UTF_8)) {
      String[] parts = line.trim().split("\\s+");
      if (parts.length == 2 && parts[1].equals(name)) {
        return parts[0];
      }
    }
    throw new IllegalStateException("no checksum for " + name);
  }

  /** PyTorch's features of {@link #fixedInput()}: one row per image. */
  public static float[][] expectedFeatures(int dimension) throws IOException {
    List<String> lines = Files.readAllLines(resource("features-" + dimension + ".csv"),
        StandardCharsets.UTF_8);
    float[][] rows = new float[lines.size()][];
    for (int r = 0; r < rows.length; r++) {
      String[] cells = lines.get(r).split(",");
      rows[r] = new float[cells.length];
      for (int j = 0; j < cells.length; j++) {
        rows[r][j] = Float.parseFloat(cells[j]);
      }
    }
    return rows;
  }

  /**
   * The script's fixed input: 2 images of 256 x 256, channel c of pixel (x, y) of image n =
   * (7x + 13y + 85c + 51n + floor(xy / 17)) mod 256.
   */
  public static List<RgbImage> fixedInput() {
    RgbImage[] images = new RgbImage[2];
    for (int n = 0; n < 2; n++) {
      byte[] rgb = new byte[256 * 256 * 3];
      for (int y = 0; y < 256; y++) {
        for (int x = 0; x < 256; x++) {
          for (int c = 0; c < 3; c++) {
            rgb[(y * 256 + x) * 3 + c] = (byte) ((x * 7 + y * 13 + c * 85 + n * 51 + x * y / 17)
                % 256);
          }
        }
      }
      images[n] = new RgbImage(256, 256, rgb);
    }
    return List.of(images);
  }

  private static Path resource(String name) {
    try {
      var url = StandInModels.class.getResource("/models/fid/" + name);
      if (url == null) {
        throw new IllegalStateException("missing test resource models/fid/" + name
            + "; run scripts/models/make_inception_standin.py");
      }
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
