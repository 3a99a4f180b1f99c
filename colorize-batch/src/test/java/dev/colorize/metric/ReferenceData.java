package dev.colorize.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.colorize.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Loads the committed reference fixtures made by scripts/reference/metrics_reference.py
 * (scikit-image / scipy / numpy values) from the test classpath.
 */
final class ReferenceData {

  static final String ROOT = "/reference/metrics/";

  /** One test pair and the values scikit-image computed for it. */
  record Pair(String name, RgbImage truth, RgbImage pred, Map<String, String> expected) {

    double expected(String column) {
      String value = expected.get(column);
      assertNotNull(value, "no column " + column + " in metrics.csv");
      return Double.parseDouble(value);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private ReferenceData() {}

  /** Every pair of metrics.csv with its decoded images. */
  static List<Pair> pairs() {
    List<Pair> pairs = new ArrayList<>();
    for (Map<String, String> row : csv("metrics.csv")) {
      String name = row.get("pair");
      RgbImage truth = image(name + "_truth.png");
      RgbImage pred = image(name + "_pred.png");
      assertEquals(Integer.parseInt(row.get("width")), truth.width(), name);
      assertEquals(Integer.parseInt(row.get("height")), truth.height(), name);
      pairs.add(new Pair(name, truth, pred, row));
    }
    return pairs;
  }

  /** Decodes a committed PNG with javax.imageio into interleaved 8-bit RGB. */
  static RgbImage image(String file) {
    try (InputStream in = open("images/" + file)) {
      BufferedImage img = ImageIO.read(in);
      assertNotNull(img, "not decodable: " + file);
      int w = img.getWidth();
      int h = img.getHeight();
      byte[] rgb = new byte[w * h * 3];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int argb = img.getRGB(x, y);
          int i = (y * w + x) * 3;
          rgb[i] = (byte) (argb >> 16);
          rgb[i + 1] = (byte) (argb >> 8);
          rgb[i + 2] = (byte) argb;
        }
      }
      return new RgbImage(w, h, rgb);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A CSV with a header row, as maps from column name to text (no quoting in these files). */
  static List<Map<String, String>> csv(String resource) {
    List<Map<String, String>> rows = new ArrayList<>();
    List<String[]> lines = lines(resource);
    String[] header = lines.get(0);
    for (String[] fields : lines.subList(1, lines.size())) {
      assertEquals(header.length, fields.length, resource + ": ragged row");
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.length; i++) {
        row.put(header[i], fields[i]);
      }
      rows.add(row);
    }
    return rows;
  }

  /** A headerless numeric CSV, one row per line. */
  static double[][] matrix(String resource) {
    List<String[]> lines = lines(resource);
    double[][] m = new double[lines.size()][];
    for (int r = 0; r < m.length; r++) {
      String[] fields = lines.get(r);
      m[r] = new double[fields.length];
      for (int c = 0; c < fields.length; c++) {
        m[r][c] = Double.parseDouble(fields[c]);
      }
    }
    return m;
  }

  private static List<String[]> lines(String resource) {
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(open(resource), StandardCharsets.UTF_8))) {
      List<String[]> lines = new ArrayList<>();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank()) {
          lines.add(line.split(",", -1));
        }
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream open(String resource) {
    InputStream in = ReferenceData.class.getResourceAsStream(ROOT + resource);
    assertNotNull(in, "missing test resource " + ROOT + resource
        + " (run scripts/reference/metrics_reference.py)");
    return in;
  }

  /** A w x h image filled by a function of (x, y, channel). */
  static RgbImage synthetic(int w, int h, PixelFunction f) {
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          rgb[(y * w + x) * 3 + c] = (byte) f.value(x, y, c);
        }
      }
    }
    return new RgbImage(w, h, rgb);
  }

  @FunctionalInterface
  interface PixelFunction {
    int value(int x, int y, int c);
  }
}
