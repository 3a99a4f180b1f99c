import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Writes a {@code folder} dataset of colour JPEGs for run-remote-workers.sh: CLASSES folders of
 * PER_CLASS images, 256x192, each a seeded gradient with a few coloured shapes (so every image
 * differs and the scores are not trivial). Usage: java MakeBenchPhotos.java DIR CLASSES PER_CLASS
 */
public class MakeBenchPhotos {
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    int classes = Integer.parseInt(args[1]);
    int perClass = Integer.parseInt(args[2]);
    for (int c = 0; c < classes; c++) {
      Path folder = Files.createDirectories(root.resolve("class" + c));
      for (int i = 0; i < perClass; i++) {
        Random random = new Random(c * 100_003L + i);
        BufferedImage image = new BufferedImage(256, 192, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(random.nextInt(0xffffff)), 256, 192,
            new Color(random.nextInt(0xffffff))));
        g.fillRect(0, 0, 256, 192);
        for (int s = 0; s < 6; s++) {
          g.setColor(new Color(random.nextInt(0xffffff)));
          g.fillOval(random.nextInt(256), random.nextInt(192), 20 + random.nextInt(80),
              20 + random.nextInt(60));
        }
        g.dispose();
        ImageIO.write(image, "jpg", folder.resolve(String.format("img_%04d.jpg", i)).toFile());
      }
    }
  }
}
