package dev.colorize.job.colorize;

import dev.colorize.image.CieLab;
import dev.colorize.image.LabImage;
import java.awt.image.BufferedImage;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Times the full-resolution stages on one generated photo (not a test). Run after
 * {@code mvn -o -pl colorize-batch test-compile}:
 * <pre>
 * java -cp colorize-batch/target/classes:colorize-batch/target/test-classes:$(cat cp.txt) \
 *     dev.colorize.job.colorize.FullResolutionBenchmark 4000 3000
 * </pre>
 * with {@code cp.txt} from {@code mvn -o -pl colorize-batch dependency:build-classpath
 * -Dmdep.outputFile=cp.txt}.
 */
public final class FullResolutionBenchmark {

  private FullResolutionBenchmark() {}

  public static void main(String[] args) throws Exception {
    int width = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
    int height = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
    int size = 256;
    BufferedImage photo = PhotoFixtures.oldPhoto(width, height, 1);
    byte[] jpeg = PhotoFixtures.jpeg(photo);
    System.out.printf("%dx%d (%.1f MP) gray JPEG, %d KB%n", width, height,
        width * (double) height / 1e6, jpeg.length / 1024);
    for (int round = 0; round < 4; round++) {
      long t0 = System.nanoTime();
      try (FullResolution.Lightness l = FullResolution.lightness(jpeg, "b.jpg", size,
          Long.MAX_VALUE, List.of())) {
        long t1 = System.nanoTime();
        LabImage gray = l.input().gray();
        float[] a = new float[size * size];
        float[] b = new float[size * size];
        java.util.Arrays.fill(a, 20f);
        java.util.Arrays.fill(b, 30f);
        LabImage prediction = new LabImage(size, size, gray.l(), a, b);
        long t2 = System.nanoTime();
        byte[] encoded;
        try (Mat bgr = FullResolution.render(l, prediction)) {
          long t3 = System.nanoTime();
          encoded = PhotoFiles.encode(bgr, "jpg");
          long t4 = System.nanoTime();
          // The alternative: the join per pixel in Java with CieLab (a full-res Lab in memory).
          float[] fullL = l.copyPlane();
          int n = fullL.length;
          float[] fa = new float[n];
          float[] fb = new float[n];
          java.util.Arrays.fill(fa, 20f);
          java.util.Arrays.fill(fb, 30f);
          long t5 = System.nanoTime();
          CieLab.toRgb(new LabImage(l.width(), l.height(), fullL, fa, fb));
          long t6 = System.nanoTime();
          System.out.printf("round %d: decode+L+resize %d ms, OpenCV upsample+join %d ms,"
              + " JPEG q95 encode %d ms (%d KB); Java CieLab join alone %d ms%n", round,
              ms(t1 - t0), ms(t3 - t2), ms(t4 - t3), encoded.length / 1024, ms(t6 - t5));
        }
      }
    }
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }
}
