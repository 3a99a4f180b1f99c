package dev.colorize.model.tf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A stand-in with ChromaGAN's signature, built and exported by TensorFlow Java itself (no
 * Python): input {@code [N, 224, 224, C]} (NHWC, Keras layout; C = 3 for ChromaGAN's tiled L,
 * 1 for the {@code lab} convention); outputs ab {@code [N, 224, 224, 2]}
 * (a fixed per-pixel channel mix, then a sigmoid) and a class distribution {@code [N, 1000]}
 * (softmax of a fixed mix of the channel means). The weights are variables, so loading exercises
 * the restore of {@code variables/} like a real Keras export. {@link #ab} and {@link #classes}
 * compute the same in plain Java.
 */
final class StandInSavedModel {

  static final int SIDE = 224;
  static final int CLASSES = 1000;
  static final String INPUT = "input_1";
  static final String AB = "ab_out";
  static final String CLASS = "class_out";

  /** Input channel c to ab channel k (the first C rows are used). */
  static final float[][] MIX = {{1.5f, -0.75f}, {0.4f, 0.9f}, {-1.1f, 0.6f}};
  static final float[] BIAS = {-0.2f, 0.1f};

  private StandInSavedModel() {}

  /** Exports the stand-in to {@code directory} under signature {@code serving_default}. */
  static Path export(Path directory, int channels) throws IOException {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> input = tf.withName("gray_rgb").placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, SIDE, SIDE, channels)));
      Variable<TFloat32> mix = tf.withName("mix").variable(tf.constant(
          Arrays.copyOf(MIX, channels)));
      Variable<TFloat32> bias = tf.withName("bias").variable(tf.constant(BIAS));
      var pixels = tf.reshape(input, tf.constant(new long[] {-1, channels}));
      var ab = tf.withName("ab").reshape(
          tf.math.sigmoid(tf.math.add(tf.linalg.matMul(pixels, mix), bias)),
          tf.constant(new long[] {-1, SIDE, SIDE, 2}));
      var means = tf.math.mean(input, tf.constant(new int[] {1, 2}));
      Variable<TFloat32> classMix = tf.withName("class_mix").variable(
          tf.constant(Arrays.copyOf(classMix(), channels)));
      var classes = tf.withName("classes").nn.softmax(tf.linalg.matMul(means, classMix));
      try (Session session = new Session(graph)) {
        session.initialize();
        Signature signature = Signature.builder().key(SavedModelEngine.DEFAULT_SIGNATURE)
            .input(INPUT, input).output(AB, ab).output(CLASS, classes).build();
        SavedModelBundle.exporter(directory.toString()).withSession(session)
            .withSignature(signature).export();
      }
    }
    return directory;
  }

  static float[][] classMix() {
    float[][] mix = new float[3][CLASSES];
    for (int c = 0; c < 3; c++) {
      for (int k = 0; k < CLASSES; k++) {
        mix[c][k] = (float) Math.sin(0.37 * (c * CLASSES + k));
      }
    }
    return mix;
  }

  /** The ab output for an NHWC input of {@code n} images, computed in plain Java. */
  static float[] ab(float[] input, int n, int channels) {
    int pixels = n * SIDE * SIDE;
    float[] out = new float[pixels * 2];
    for (int p = 0; p < pixels; p++) {
      for (int k = 0; k < 2; k++) {
        double sum = BIAS[k];
        for (int c = 0; c < channels; c++) {
          sum += input[p * channels + c] * MIX[c][k];
        }
        out[p * 2 + k] = (float) (1 / (1 + Math.exp(-sum)));
      }
    }
    return out;
  }

  /** The class output for an NHWC input of {@code n} images, computed in plain Java. */
  static float[] classes(float[] input, int n, int channels) {
    float[][] mix = classMix();
    float[] out = new float[n * CLASSES];
    int area = SIDE * SIDE;
    for (int i = 0; i < n; i++) {
      double[] mean = new double[channels];
      for (int p = 0; p < area; p++) {
        for (int c = 0; c < channels; c++) {
          mean[c] += input[(i * area + p) * channels + c];
        }
      }
      double[] logits = new double[CLASSES];
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < CLASSES; k++) {
        for (int c = 0; c < channels; c++) {
          logits[k] += mean[c] / area * mix[c][k];
        }
        max = Math.max(max, logits[k]);
      }
      double total = 0;
      for (int k = 0; k < CLASSES; k++) {
        logits[k] = Math.exp(logits[k] - max);
        total += logits[k];
      }
      for (int k = 0; k < CLASSES; k++) {
        out[i * CLASSES + k] = (float) (logits[k] / total);
      }
    }
    return out;
  }
}
