package dev.colorize.job.evaluate;

import dev.colorize.config.DatasetConfig;
import dev.colorize.config.JdbcConfig;
import dev.colorize.config.ModelConfig;
import dev.colorize.config.RunConfiguration;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/** Generated datasets and configurations for the job tests: no committed images. */
final class EvaluateFixtures {

  private EvaluateFixtures() {}

  /** A colourful JPEG with random shapes, deterministic for a seed. */
  static void writeJpeg(Path file, int width, int height, long seed) throws IOException {
    Files.createDirectories(file.getParent());
    Random random = new Random(seed);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.getHSBColor(random.nextFloat(), 0.6f, 0.8f));
    g.fillRect(0, 0, width, height);
    for (int i = 0; i < 12; i++) {
      g.setColor(Color.getHSBColor(random.nextFloat(), 0.5f + random.nextFloat() / 2,
          0.3f + random.nextFloat() * 0.7f));
      g.fillOval(random.nextInt(width), random.nextInt(height), 10 + random.nextInt(width / 2),
          10 + random.nextInt(height / 2));
    }
    g.dispose();
    if (!ImageIO.write(image, "jpg", file.toFile())) {
      throw new IOException("no JPEG writer");
    }
  }

  /**
   * A {@code folder} dataset of {@code classes x perClass} colour JPEGs (class = folder, with a
   * Hangul class name) and, when {@code withBadInputs}, one file of each kind the decoder must
   * refuse, in class folder {@code bad}.
   */
  static Path folderDataset(Path root, int classes, int perClass, boolean withBadInputs)
      throws IOException {
    String[] names = {"김치", "비빔밥", "만두", "궁궐", "석탑", "떡"};
    for (int c = 0; c < classes; c++) {
      for (int i = 0; i < perClass; i++) {
        writeJpeg(root.resolve(names[c % names.length] + c).resolve(String.format("img_%03d.jpg", i)),
            160 + (i % 3) * 40, 120 + (i % 2) * 40, c * 1000L + i);
      }
    }
    if (withBadInputs) {
      Path bad = root.resolve("bad");
      Files.createDirectories(bad);
      Path good = root.resolve("bad").resolve("good.jpg");
      writeJpeg(good, 200, 150, 99);
      byte[] jpeg = Files.readAllBytes(good);
      Files.write(bad.resolve("truncated.jpg"), java.util.Arrays.copyOf(jpeg, jpeg.length / 2));
      Files.write(bad.resolve("empty.jpg"), new byte[0]);
      Files.writeString(bad.resolve("text.jpg"), "this is not a picture", StandardCharsets.UTF_8);
      BufferedImage gray = new BufferedImage(64, 48, BufferedImage.TYPE_BYTE_GRAY);
      ImageIO.write(gray, "jpg", bad.resolve("gray.jpg").toFile());
      Files.write(bad.resolve("bomb.png"), bombPng(40_000, 40_000));
    }
    return root;
  }

  /** A PNG whose header claims {@code w x h} pixels; no valid pixel data follows. */
  static byte[] bombPng(int w, int h) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + 25 + 12);
    b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    b.putInt(13).put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(w).putInt(h)
        .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(b.array(), 12, 17);
    b.putInt((int) crc.getValue());
    b.putInt(0).put("IEND".getBytes(StandardCharsets.US_ASCII));
    crc.reset();
    crc.update("IEND".getBytes(StandardCharsets.US_ASCII));
    b.putInt((int) crc.getValue());
    return b.array();
  }

  /** An evaluate configuration over one folder dataset with the gray model. */
  static RunConfiguration configuration(Path work, Path dataset, int chunkSize) {
    RunConfiguration config = new RunConfiguration();
    config.workDirectory = work.toString();
    config.chunkSize = chunkSize;
    config.datasets = new ArrayList<>(List.of(new DatasetConfig("photos", "folder",
        dataset.toString())));
    config.models = new ArrayList<>(List.of(new ModelConfig("gray", "gray")));
    return config;
  }

  /** The same configuration with its job repository on a JDBC server. */
  static RunConfiguration onServer(RunConfiguration config, String url, String user,
      String password) {
    config.jdbc = new JdbcConfig();
    config.jdbc.url = url;
    config.jdbc.user = user;
    config.jdbc.password = password;
    return config;
  }
}
