package dev.colorize.bench.model;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import dev.colorize.config.ModelConfig;
import dev.colorize.image.LabImage;
import dev.colorize.model.AdaptiveBatches;
import dev.colorize.model.ColorizationInput;
import dev.colorize.model.Colorizer;
import dev.colorize.model.djl.TorchScriptEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Model throughput (issue 4): colorize's inference path with a TorchScript model — the
 * {@code lab} convention's pre/post-processing, the {@code torchscript} engine and
 * {@link AdaptiveBatches}, i.e. exactly what a score step runs between loading prepared pairs and
 * scoring — against a raw DJL predictor loop (NoopTranslator, input NDArrays built once, outputs
 * copied back to Java) on the same images, side by side, alternating, per batch size. Prints
 * median images/s and the ratio (target: pipeline at least 90% of raw).
 *
 * <p>Run: {@code scripts/bench/run-model-throughput.sh} (makes the model with
 * {@code scripts/bench/make_bench_model.py}). Not a test: nothing here runs in {@code mvn verify}.
 *
 * <p>Args: MODEL.pt [images=32] [batchSizes=1,4,8,16] [rounds=3].
 */
public final class ModelThroughputBenchmark {

  private static final int SIZE = 256;

  private ModelThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path model = Path.of(args[0]);
    int images = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    int[] batchSizes = Arrays.stream((args.length > 2 ? args[2] : "1,4,8,16").split(","))
        .mapToInt(Integer::parseInt).toArray();
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    List<ColorizationInput> inputs = grayImages(images);

    System.out.printf(Locale.ROOT, "model %s, %d images %dx%d, %d rounds, cores %d%n", model,
        images, SIZE, SIZE, rounds, Runtime.getRuntime().availableProcessors());
    System.out.println("| batch | colorize pipeline images/s (median) | raw DJL predictor images/s"
        + " (median) | pipeline / raw |");
    System.out.println("|---:|---:|---:|---:|");
    try (ZooModel<NDList, NDList> raw = Criteria.builder().setTypes(NDList.class, NDList.class)
            .optModelPath(model).optEngine("PyTorch").optTranslator(new NoopTranslator())
            .build().loadModel();
        Predictor<NDList, NDList> predictor = raw.newPredictor()) {
      for (int batch : batchSizes) {
        ModelConfig config = new ModelConfig("bench", "torchscript");
        config.convention = "lab";
        config.path = model.toString();
        config.device = "cpu";
        config.batchSize = batch;
        try (Colorizer colorizer = new TorchScriptEngine().open(config);
            NDManager manager = raw.getNDManager().newSubManager()) {
          AdaptiveBatches pipeline = new AdaptiveBatches(colorizer, batch);
          List<NDList> rawBatches = rawBatches(manager, inputs, batch);
          // Warm-up: JIT, allocator and first-call costs are not throughput.
          pipeline.colorize(inputs);
          runRaw(predictor, rawBatches);
          double[] p = new double[rounds];
          double[] r = new double[rounds];
          for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            pipeline.colorize(inputs).forEach(o -> {
              if (!o.succeeded()) {
                throw new IllegalStateException(o.failure());
              }
            });
            p[i] = images / ((System.nanoTime() - t0) / 1e9);
            long t1 = System.nanoTime();
            runRaw(predictor, rawBatches);
            r[i] = images / ((System.nanoTime() - t1) / 1e9);
          }
          double pm = median(p);
          double rm = median(r);
          System.out.printf(Locale.ROOT, "| %d | %.2f | %.2f | %.3f |%n", batch, pm, rm, pm / rm);
        }
      }
    }
  }

  /** The same L planes as the pipeline's input tensors (lab convention: L/100, NCHW). */
  private static List<NDList> rawBatches(NDManager manager, List<ColorizationInput> inputs,
      int batch) {
    List<NDList> batches = new ArrayList<>();
    for (int from = 0; from < inputs.size(); from += batch) {
      int to = Math.min(inputs.size(), from + batch);
      float[] data = new float[(to - from) * SIZE * SIZE];
      for (int i = from; i < to; i++) {
        float[] l = inputs.get(i).gray().l();
        for (int k = 0; k < l.length; k++) {
          data[(i - from) * SIZE * SIZE + k] = l[k] / 100f;
        }
      }
      NDArray array = manager.create(data, new Shape(to - from, 1, SIZE, SIZE));
      batches.add(new NDList(array));
    }
    return batches;
  }

  private static void runRaw(Predictor<NDList, NDList> predictor, List<NDList> batches)
      throws Exception {
    for (NDList batch : batches) {
      NDList out = predictor.predict(batch);
      out.get(0).toFloatArray(); // results reach Java, as the pipeline's do
      out.close();
    }
  }

  private static List<ColorizationInput> grayImages(int count) {
    List<ColorizationInput> inputs = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      float[] l = new float[SIZE * SIZE];
      for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
          l[y * SIZE + x] = (float) (50 + 40 * Math.sin((x + 3 * n) / 17.0) * Math.cos(y / 23.0));
        }
      }
      inputs.add(ColorizationInput.of(new LabImage(SIZE, SIZE, l, new float[SIZE * SIZE],
          new float[SIZE * SIZE])));
    }
    return inputs;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
