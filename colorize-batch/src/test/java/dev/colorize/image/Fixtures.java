package dev.colorize.image;

import static org.bytedeco.opencv.global.opencv_core.CV_16UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_RGB2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacpp.ShortPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/** Test images made in memory: OpenCV and javax.imageio encoders, hand-written EXIF and markers. */
final class Fixtures {

  private Fixtures() {}

  /**
   * A smooth, colourful, photo-like image: colour ramps plus soft blobs and mild noise, so
   * resampling comparisons behave like on photos.
   */
  static RgbImage photo(int width, int height, long seed) {
    Random random = new Random(seed);
    double[][] blobs = new double[12][6];
    for (double[] blob : blobs) {
      blob[0] = random.nextDouble() * width;
      blob[1] = random.nextDouble() * height;
      blob[2] = (0.05 + 0.15 * random.nextDouble()) * Math.min(width, height);
      blob[3] = random.nextDouble() * 255;
      blob[4] = random.nextDouble() * 255;
      blob[5] = random.nextDouble() * 255;
    }
    byte[] rgb = new byte[width * height * 3];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double r = 255.0 * x / width;
        double g = 255.0 * y / height;
        double b = 128 + 100 * Math.sin(0.01 * (x + y));
        for (double[] blob : blobs) {
          double dx = x - blob[0];
          double dy = y - blob[1];
          double w = Math.exp(-(dx * dx + dy * dy) / (2 * blob[2] * blob[2]));
          r = r * (1 - w) + blob[3] * w;
          g = g * (1 - w) + blob[4] * w;
          b = b * (1 - w) + blob[5] * w;
        }
        int i = (y * width + x) * 3;
        rgb[i] = clip(r + random.nextGaussian() * 2);
        rgb[i + 1] = clip(g + random.nextGaussian() * 2);
        rgb[i + 2] = clip(b + random.nextGaussian() * 2);
      }
    }
    return new RgbImage(width, height, rgb);
  }

  /** An image filled with one colour. */
  static RgbImage solid(int width, int height, int r, int g, int b) {
    byte[] rgb = new byte[width * height * 3];
    for (int i = 0; i < rgb.length; i += 3) {
      rgb[i] = (byte) r;
      rgb[i + 1] = (byte) g;
      rgb[i + 2] = (byte) b;
    }
    return new RgbImage(width, height, rgb);
  }

  /** Sets pixel (x, y). */
  static void set(RgbImage image, int x, int y, int r, int g, int b) {
    int i = (y * image.width() + x) * 3;
    image.rgb()[i] = (byte) r;
    image.rgb()[i + 1] = (byte) g;
    image.rgb()[i + 2] = (byte) b;
  }

  /** Fills a rectangle. */
  static void fill(RgbImage image, int x0, int y0, int w, int h, int r, int g, int b) {
    for (int y = y0; y < y0 + h; y++) {
      for (int x = x0; x < x0 + w; x++) {
        set(image, x, y, r, g, b);
      }
    }
  }

  /** Encodes with OpenCV; {@code extension} like ".jpg", params as imencode pairs. */
  static byte[] encode(RgbImage image, String extension, int... params) {
    try (PointerScope scope = new PointerScope()) {
      Mat bgr = new Mat();
      cvtColor(Mats.ofRgb(image), bgr, COLOR_RGB2BGR);
      return encodeMat(bgr, extension, params);
    }
  }

  /** Encodes a BGR/BGRA/gray mat with OpenCV. */
  static byte[] encodeMat(Mat mat, String extension, int... params) {
    try (PointerScope scope = new PointerScope()) {
      BytePointer out = new BytePointer();
      if (!imencode(extension, mat, out, new IntPointer(params))) {
        throw new IllegalStateException("imencode " + extension + " failed");
      }
      return Mats.bytesOf(out);
    }
  }

  /** A 16-bit 3-channel PNG/TIFF whose every pixel is (r, g, b) in 16-bit units (RGB order). */
  static byte[] encode16(int width, int height, int r, int g, int b, String extension) {
    try (PointerScope scope = new PointerScope()) {
      Mat mat = new Mat(height, width, CV_16UC3);
      short[] data = new short[width * height * 3];
      for (int i = 0; i < data.length; i += 3) {
        data[i] = (short) b;
        data[i + 1] = (short) g;
        data[i + 2] = (short) r;
      }
      new ShortPointer(mat.data()).put(data);
      return encodeMat(mat, extension);
    }
  }

  /** A BGR mat of the given RGB image, in the caller's scope. */
  static Mat bgr(RgbImage image) {
    Mat bgr = new Mat(image.height(), image.width(), CV_8UC3);
    cvtColor(Mats.ofRgb(image), bgr, COLOR_RGB2BGR);
    return bgr;
  }

  /** A JPEG with an EXIF APP1 segment carrying only the orientation tag, inserted after SOI. */
  static byte[] withExifOrientation(byte[] jpeg, int orientation, boolean littleEndian) {
    byte[] tiff = littleEndian
        ? new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0,
          (byte) orientation, 0, 0, 0, 0, 0, 0, 0}
        : new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1,
          0, (byte) orientation, 0, 0, 0, 0, 0, 0};
    byte[] payload = concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), tiff);
    return insertSegment(jpeg, 0xE1, payload);
  }

  /** Inserts a marker segment right after SOI. */
  static byte[] insertSegment(byte[] jpeg, int marker, byte[] payload) {
    int length = payload.length + 2;
    byte[] segment = concat(new byte[] {(byte) 0xFF, (byte) marker, (byte) (length >> 8),
        (byte) length}, payload);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    out.writeBytes(segment);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  /**
   * An Adobe-style 4-component JPEG of the image: CMYK (transform 0) or YCCK (transform 2), with
   * inverted values as Photoshop writes them. javax.imageio writes the raw 4-band raster; the
   * colour transform and APP14 marker are done here.
   */
  static byte[] adobeJpeg(RgbImage image, int transform) {
    WritableRaster raster = Raster.createInterleavedRaster(
        DataBuffer.TYPE_BYTE, image.width(), image.height(), 4, null);
    int[] stored = new int[4];
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        int r = image.get(x, y, 0);
        int g = image.get(x, y, 1);
        int b = image.get(x, y, 2);
        // Naive RGB -> CMYK, then Adobe inversion (stored = 255 - ink).
        int k = 255 - Math.max(r, Math.max(g, b));
        int c = k == 255 ? 0 : (255 - r - k) * 255 / (255 - k);
        int m = k == 255 ? 0 : (255 - g - k) * 255 / (255 - k);
        int ye = k == 255 ? 0 : (255 - b - k) * 255 / (255 - k);
        stored[0] = 255 - c;
        stored[1] = 255 - m;
        stored[2] = 255 - ye;
        stored[3] = 255 - k;
        if (transform == 2) { // YCCK: YCbCr of (255 - stored C, M, Y), K unchanged
          double rr = 255 - stored[0];
          double gg = 255 - stored[1];
          double bb = 255 - stored[2];
          stored[0] = (int) Math.round(0.299 * rr + 0.587 * gg + 0.114 * bb);
          stored[1] = (int) Math.round(clipD(-0.168736 * rr - 0.331264 * gg + 0.5 * bb + 128));
          stored[2] = (int) Math.round(clipD(0.5 * rr - 0.418688 * gg - 0.081312 * bb + 128));
        }
        raster.setPixel(x, y, stored);
      }
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      var param = writer.getDefaultWriteParam();
      param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(0.95f);
      writer.write(null, new IIOImage(raster, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    byte[] adobe = {'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, (byte) transform};
    return insertSegment(bytes.toByteArray(), 0xEE, adobe);
  }

  /**
   * A two-frame GIF (javax.imageio): frame 1 is {@code first} at (left, top) on a screen of
   * {@code screenWidth x screenHeight}, frame 2 is solid blue.
   */
  static byte[] gif(RgbImage first, int screenWidth, int screenHeight, int left, int top) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      IIOMetadata stream = writer.getDefaultStreamMetadata(null);
      String streamFormat = stream.getNativeMetadataFormatName();
      IIOMetadataNode streamRoot = (IIOMetadataNode) stream.getAsTree(streamFormat);
      IIOMetadataNode screen = child(streamRoot, "LogicalScreenDescriptor");
      screen.setAttribute("logicalScreenWidth", Integer.toString(screenWidth));
      screen.setAttribute("logicalScreenHeight", Integer.toString(screenHeight));
      screen.setAttribute("colorResolution", "8");
      screen.setAttribute("pixelAspectRatio", "0");
      stream.setFromTree(streamFormat, streamRoot);
      writer.prepareWriteSequence(stream);
      writeGifFrame(writer, toIndexed(first), left, top, screenWidth, screenHeight);
      writeGifFrame(writer, toIndexed(solid(first.width(), first.height(), 0, 0, 255)), 0, 0,
          screenWidth, screenHeight);
      writer.endWriteSequence();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  private static void writeGifFrame(ImageWriter writer, BufferedImage frame, int left, int top,
      int screenWidth, int screenHeight) throws IOException {
    ImageTypeSpecifier type = ImageTypeSpecifier.createFromRenderedImage(frame);
    IIOMetadata metadata = writer.getDefaultImageMetadata(type, null);
    String format = metadata.getNativeMetadataFormatName();
    IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
    IIOMetadataNode descriptor = child(root, "ImageDescriptor");
    descriptor.setAttribute("imageLeftPosition", Integer.toString(left));
    descriptor.setAttribute("imageTopPosition", Integer.toString(top));
    metadata.setFromTree(format, root);
    writer.writeToSequence(new IIOImage(frame, null, metadata), null);
  }

  private static IIOMetadataNode child(IIOMetadataNode root, String name) {
    for (int i = 0; i < root.getLength(); i++) {
      if (root.item(i).getNodeName().equals(name)) {
        return (IIOMetadataNode) root.item(i);
      }
    }
    IIOMetadataNode node = new IIOMetadataNode(name);
    root.appendChild(node);
    return node;
  }

  /** The image as a 6x6x6 colour-cube indexed image (exact for cube colours). */
  private static BufferedImage toIndexed(RgbImage image) {
    byte[] r = new byte[216];
    byte[] g = new byte[216];
    byte[] b = new byte[216];
    for (int i = 0; i < 216; i++) {
      r[i] = (byte) (i / 36 * 51);
      g[i] = (byte) (i / 6 % 6 * 51);
      b[i] = (byte) (i % 6 * 51);
    }
    IndexColorModel palette = new IndexColorModel(8, 216, r, g, b);
    BufferedImage out = new BufferedImage(image.width(), image.height(),
        BufferedImage.TYPE_BYTE_INDEXED, palette);
    WritableRaster raster = out.getRaster();
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        int index = Math.round(image.get(x, y, 0) / 51f) * 36
            + Math.round(image.get(x, y, 1) / 51f) * 6 + Math.round(image.get(x, y, 2) / 51f);
        raster.setSample(x, y, 0, index);
      }
    }
    return out;
  }

  /** A BMP written by javax.imageio (24-bit). */
  static byte[] bmp(RgbImage image) {
    BufferedImage buffered =
        new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        buffered.setRGB(x, y,
            image.get(x, y, 0) << 16 | image.get(x, y, 1) << 8 | image.get(x, y, 2));
      }
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ImageIO.write(buffered, "bmp", bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * A hand-made 8-bit PNG: {@code samples} holds the rows without filter bytes (filter 0 is
   * added), {@code palette} (PLTE) and {@code transparency} (tRNS) may be null.
   */
  static byte[] png(int width, int height, int colorType, byte[] samples, byte[] palette,
      byte[] transparency) {
    int rowBytes = samples.length / height;
    byte[] raw = new byte[(rowBytes + 1) * height];
    for (int y = 0; y < height; y++) {
      System.arraycopy(samples, y * rowBytes, raw, y * (rowBytes + 1) + 1, rowBytes);
    }
    java.util.zip.Deflater deflater = new java.util.zip.Deflater();
    deflater.setInput(raw);
    deflater.finish();
    byte[] buffer = new byte[raw.length + 1024];
    int compressed = deflater.deflate(buffer);
    deflater.end();
    byte[] ihdr = new byte[13];
    ihdr[0] = (byte) (width >>> 24);
    ihdr[1] = (byte) (width >>> 16);
    ihdr[2] = (byte) (width >>> 8);
    ihdr[3] = (byte) width;
    ihdr[4] = (byte) (height >>> 24);
    ihdr[5] = (byte) (height >>> 16);
    ihdr[6] = (byte) (height >>> 8);
    ihdr[7] = (byte) height;
    ihdr[8] = 8;
    ihdr[9] = (byte) colorType;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    out.writeBytes(ImageProbeTest.chunk("IHDR", ihdr));
    if (palette != null) {
      out.writeBytes(ImageProbeTest.chunk("PLTE", palette));
    }
    if (transparency != null) {
      out.writeBytes(ImageProbeTest.chunk("tRNS", transparency));
    }
    out.writeBytes(ImageProbeTest.chunk("IDAT", java.util.Arrays.copyOf(buffer, compressed)));
    out.writeBytes(ImageProbeTest.chunk("IEND", new byte[0]));
    return out.toByteArray();
  }

  /** PSNR in dB over all RGB samples (data range 255). */
  static double psnr(RgbImage a, RgbImage b) {
    if (!a.sameSize(b)) {
      throw new IllegalArgumentException("sizes differ");
    }
    double sum = 0;
    for (int i = 0; i < a.rgb().length; i++) {
      double d = (a.rgb()[i] & 0xFF) - (b.rgb()[i] & 0xFF);
      sum += d * d;
    }
    double mse = sum / a.rgb().length;
    return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
  }

  /** Largest absolute channel difference between two same-size images. */
  static int maxDifference(RgbImage a, RgbImage b) {
    int max = 0;
    for (int i = 0; i < a.rgb().length; i++) {
      max = Math.max(max, Math.abs((a.rgb()[i] & 0xFF) - (b.rgb()[i] & 0xFF)));
    }
    return max;
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte clip(double v) {
    return (byte) Math.max(0, Math.min(255, Math.round(v)));
  }

  private static double clipD(double v) {
    return Math.max(0, Math.min(255, v));
  }
}
