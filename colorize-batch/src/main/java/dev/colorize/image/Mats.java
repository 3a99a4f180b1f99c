package dev.colorize.image;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Copies between Java memory and OpenCV mats. Callers own a {@code PointerScope}: every Mat and
 * Pointer made here is attached to it and freed when it closes.
 */
final class Mats {

  private Mats() {}

  /** A 1 x n CV_8UC1 mat over a native copy of {@code bytes}, the input of {@code imdecode}. */
  static Mat ofEncoded(byte[] bytes) {
    return new Mat(1, bytes.length, CV_8UC1, new BytePointer(bytes));
  }

  /** A CV_8UC3 mat holding the image's pixels in R, G, B order. */
  static Mat ofRgb(RgbImage image) {
    Mat mat = new Mat(image.height(), image.width(), CV_8UC3);
    mat.data().put(image.rgb());
    return mat;
  }

  /** A CV_8UC3 mat (B, G, R order when {@code bgr}) copied into an {@link RgbImage}. */
  static RgbImage toRgbImage(Mat mat, boolean bgr) {
    if (mat.type() != CV_8UC3) {
      throw new IllegalStateException("expected a CV_8UC3 mat, got type " + mat.type());
    }
    Mat rgb = mat;
    if (bgr) {
      rgb = new Mat();
      cvtColor(mat, rgb, COLOR_BGR2RGB);
    } else if (!mat.isContinuous()) {
      rgb = mat.clone();
    }
    byte[] data = new byte[rgb.rows() * rgb.cols() * 3];
    rgb.data().get(data);
    return new RgbImage(rgb.cols(), rgb.rows(), data);
  }

  /** The encoded bytes in a BytePointer returned by {@code imencode}. */
  static byte[] bytesOf(BytePointer pointer) {
    byte[] out = new byte[(int) pointer.limit()];
    pointer.get(out);
    return out;
  }
}
