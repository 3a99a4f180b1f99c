package dev.colorize.model.builtin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.colorize.image.LabImage;
import dev.colorize.model.ColorizationException;
import dev.colorize.model.ColorizationInput;
import dev.colorize.model.Colorizer;
import dev.colorize.model.convention.Resampling;
import java.util.ArrayList;
import java.util.List;

/**
 * A built-in generator behind the {@link Colorizer} API. Each L plane is resized (bilinear) to
 * S x S and divided by 100; the network's tanh ab output times {@link ChromaGanNetwork#AB_SCALE}
 * is CIE a/b, resized back to the input's size (bilinear) and joined with the input's own L.
 * An {@link InstColorNetwork} runs one image per call, with up to {@link #MAX_INSTANCES} of the
 * input's boxes (clipped to the image, in the order given): each box's L is cropped from the
 * full-resolution plane and resized to S x S, and the box is passed in S x S coordinates.
 * Calls are serialised (DJL blocks are not thread-safe); each call's arrays live in a sub-manager
 * closed at its end.
 */
final class BuiltinColorizer implements Colorizer {

  /** Instances per image given to InstColor (the original keeps the 8 best detections). */
  static final int MAX_INSTANCES = InstanceCrops.MAX_INSTANCES;

  private final String name;
  private final Block network;
  private final NDManager manager;
  private final int side;
  private final int batchSize;

  BuiltinColorizer(String name, Block network, NDManager manager, int side, int batchSize) {
    this.name = name;
    this.network = network;
    this.manager = manager;
    this.side = side;
    this.batchSize = batchSize;
  }

  @Override
  public int preferredBatchSize() {
    return batchSize;
  }

  @Override
  public synchronized List<LabImage> colorize(List<ColorizationInput> batch)
      throws ColorizationException {
    if (batch.isEmpty()) {
      return List.of();
    }
    if (network instanceof InstColorNetwork) {
      List<LabImage> result = new ArrayList<>(batch.size());
      for (ColorizationInput input : batch) {
        result.add(colorizeWithInstances(input));
      }
      return result;
    }
    int n = batch.size();
    int plane = side * side;
    float[] input = new float[n * plane];
    for (int i = 0; i < n; i++) {
      LabImage gray = batch.get(i).gray();
      float[] l = resize(gray.l(), gray.width(), gray.height(), side, side);
      for (int p = 0; p < plane; p++) {
        input[i * plane + p] = l[p] / 100f;
      }
    }
    float[] ab;
    try (NDManager call = manager.newSubManager()) {
      NDArray x = call.create(input, new Shape(n, 1, side, side));
      NDList out = network.forward(new ParameterStore(call, false), new NDList(x), false);
      ab = out.get(0).toFloatArray();
    } catch (RuntimeException e) {
      throw new ColorizationException("model '" + name + "' failed on a batch of " + n + " at "
          + side + "x" + side + ": " + e.getMessage(), e);
    }
    List<LabImage> result = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      LabImage gray = batch.get(i).gray();
      float[] a = new float[plane];
      float[] b = new float[plane];
      for (int p = 0; p < plane; p++) {
        a[p] = ab[(2 * i) * plane + p] * ChromaGanNetwork.AB_SCALE;
        b[p] = ab[(2 * i + 1) * plane + p] * ChromaGanNetwork.AB_SCALE;
      }
      int w = gray.width();
      int h = gray.height();
      result.add(new LabImage(w, h, gray.l().clone(), resize(a, side, side, w, h),
          resize(b, side, side, w, h)));
    }
    return result;
  }

  private LabImage colorizeWithInstances(ColorizationInput input) throws ColorizationException {
    LabImage gray = input.gray();
    int w = gray.width();
    int h = gray.height();
    int plane = side * side;
    InstanceCrops instances = InstanceCrops.of(gray.l(), w, h, input.instances(), side);
    float[] ab;
    try (NDManager call = manager.newSubManager()) {
      NDList in = new NDList(call.create(scaled(resize(gray.l(), w, h, side, side)),
          new Shape(1, 1, side, side)));
      int k = instances.count();
      if (k > 0) {
        in.add(call.create(instances.crops(), new Shape(k, 1, side, side)));
        in.add(call.create(instances.boxes(), new Shape(k, 4)));
      }
      ab = network.forward(new ParameterStore(call, false), in, false).get(0).toFloatArray();
    } catch (RuntimeException e) {
      throw new ColorizationException("model '" + name + "' failed on an image with "
          + instances.count() + " instance(s) at " + side + "x" + side + ": " + e.getMessage(), e);
    }
    float[] a = new float[plane];
    float[] b = new float[plane];
    for (int p = 0; p < plane; p++) {
      a[p] = ab[p] * ChromaGanNetwork.AB_SCALE;
      b[p] = ab[plane + p] * ChromaGanNetwork.AB_SCALE;
    }
    return new LabImage(w, h, gray.l().clone(), resize(a, side, side, w, h),
        resize(b, side, side, w, h));
  }

  /** L values divided by 100, in place. */
  private static float[] scaled(float[] l) {
    for (int i = 0; i < l.length; i++) {
      l[i] /= 100f;
    }
    return l;
  }

  private static float[] resize(float[] src, int sw, int sh, int dw, int dh) {
    return sw == dw && sh == dh ? src.clone() : Resampling.bilinear(src, sw, sh, dw, dh);
  }

  @Override
  public synchronized void close() {
    manager.close();
  }
}
