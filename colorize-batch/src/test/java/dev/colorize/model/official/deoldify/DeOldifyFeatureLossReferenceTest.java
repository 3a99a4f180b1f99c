package dev.colorize.model.official.deoldify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.colorize.model.official.Float32Error;
import dev.colorize.model.official.GrayPhotos;
import dev.colorize.model.official.PythonTorch;
import dev.colorize.model.official.RawFloats;
import dev.colorize.train.DeOldifyFeatureLoss;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DeOldify's VGG feature loss in colorize ({@link Vgg16BnFeatures}, {@link DeOldifyFeatureLoss})
 * against an independent PyTorch implementation of {@code deoldify/loss.py}'s
 * {@code FeatureLoss} on torchvision's {@code vgg16_bn}
 * ({@code scripts/models/official/deoldify_feature_loss_reference.py}), with seeded, calibrated
 * weights in torchvision's file layout (the whole model's state dict, zip format): the feature
 * terms' sum and its gradient by the generator's output match within float32 error.
 */
class DeOldifyFeatureLossReferenceTest {

  static final int N = 2;
  static final int SIZE = 64;

  @TempDir Path dir;

  @Test
  void featureTermsAndTheirGradientMatchTheReference() throws Exception {
    PythonTorch.require();
    // the generator's output and the target, ImageNet-normalised RGB of two different photos
    float[] output = GrayPhotos.imagenetInput(GrayPhotos.batch(N, SIZE, SIZE, 3));
    float[] target = GrayPhotos.imagenetInput(GrayPhotos.batch(N, SIZE, SIZE, 4));
    Path weights = dir.resolve("vgg16_bn-6c64b313.pth");
    RawFloats.write(dir.resolve("output.f32"), output);
    RawFloats.write(dir.resolve("target.f32"), target);
    PythonTorch.run("deoldify_feature_loss_reference.py", List.of("--seed", "7", "--weights",
        weights.toString(), "--input", dir.resolve("output.f32").toString(), "--target",
        dir.resolve("target.f32").toString(), "--shape", N + ",3," + SIZE + "," + SIZE,
        "--output", dir.resolve("terms.f32").toString(), "--grad",
        dir.resolve("grad.f32").toString()));
    float[] terms = RawFloats.read(dir.resolve("terms.f32"));
    float[] grad32 = RawFloats.read(dir.resolve("grad.f32"));
    float[] grad64 = RawFloats.read(dir.resolve("grad.f64.f32"));
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      DeOldifyFeatureLoss loss = new DeOldifyFeatureLoss(Vgg16BnFeatures.load(weights, manager),
          0, 1);
      Shape shape = new Shape(N, 3, SIZE, SIZE);
      NDArray out = manager.create(output, shape);
      out.setRequiresGradient(true);
      float value;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray total = loss.compute(null, new NDList(out, manager.create(target, shape)));
        value = total.getFloat();
        collector.backward(total);
      }
      float sum64 = terms[7];
      assertTrue(sum64 > 0.1f, "the reference's loss is near zero: " + sum64);
      assertEquals(sum64, value, 1e-5 * sum64 + 4 * Math.abs(terms[3] - sum64));
      float scale = Float32Error.scale(grad64);
      assertTrue(scale > 0, "the reference's gradient is zero");
      Float32Error.assertWithin("gradient", grad32, grad64, out.getGradient().toFloatArray(),
          1e-4f * scale);
    }
  }
}
