package dev.colorize.model.tf;

import dev.colorize.image.LabImage;
import dev.colorize.model.ColorizationException;
import dev.colorize.model.ColorizationInput;
import dev.colorize.model.Colorizer;
import dev.colorize.model.convention.Convention;
import dev.colorize.model.convention.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.exceptions.TFResourceExhaustedException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * A loaded SavedModel: convention tensors in, the signature's function run, its float outputs
 * back to the convention. Owns the bundle (graph, session, native memory) until closed. TensorFlow
 * sessions run concurrently, so one instance may serve several threads.
 */
final class SavedModelColorizer implements Colorizer {

  private final SavedModelBundle bundle;
  private final SessionFunction function;
  private final ModelSignature signature;
  private final List<String> inputNames;
  private final List<ModelSignature.OutputBinding> outputs;
  private final Convention convention;
  private final Map<String, String> options;
  private final int batchSize;
  private final AtomicBoolean closed = new AtomicBoolean();

  SavedModelColorizer(SavedModelBundle bundle, SessionFunction function, ModelSignature signature,
      List<String> inputNames, List<ModelSignature.OutputBinding> outputs, Convention convention,
      Map<String, String> options, int batchSize) {
    this.bundle = bundle;
    this.function = function;
    this.signature = signature;
    this.inputNames = List.copyOf(inputNames);
    this.outputs = List.copyOf(outputs);
    this.convention = convention;
    this.options = Map.copyOf(options);
    this.batchSize = Math.max(1, Math.min(batchSize, convention.maxBatchSize(options)));
  }

  @Override
  public List<LabImage> colorize(List<ColorizationInput> batch) throws ColorizationException {
    if (closed.get()) {
      throw new IllegalStateException("SavedModel colorizer is closed");
    }
    if (batch.isEmpty()) {
      return List.of();
    }
    // Conventions that express fewer images per call (InstColor: one image and its instances)
    // get the batch in slices.
    int slice = Math.max(1, convention.maxBatchSize(options));
    List<LabImage> colorized = new ArrayList<>(batch.size());
    for (int from = 0; from < batch.size(); from += slice) {
      List<ColorizationInput> part = batch.subList(from, Math.min(batch.size(), from + slice));
      List<Tensor> fed = convention.inputs(part, options);
      List<Tensor> fetched = run(fed, part.size());
      colorized.addAll(convention.outputs(fetched, part, options));
    }
    return colorized;
  }

  private List<Tensor> run(List<Tensor> fed, int images) throws ColorizationException {
    if (fed.size() != inputNames.size()) {
      throw new ColorizationException("convention " + convention.id() + " fed " + fed.size()
          + " tensors, the model is bound to " + inputNames.size() + " inputs " + inputNames);
    }
    Map<String, org.tensorflow.Tensor> feeds = new LinkedHashMap<>();
    try {
      for (int i = 0; i < fed.size(); i++) {
        feeds.put(inputNames.get(i), toTensorFlow(fed.get(i), inputNames.get(i)));
      }
      try (Result result = function.call(feeds)) {
        List<Tensor> fetched = new ArrayList<>(outputs.size());
        for (ModelSignature.OutputBinding binding : outputs) {
          String name = binding.signatureName();
          org.tensorflow.Tensor output = result.get(name).orElseThrow(
              () -> new ColorizationException("signature '" + signature.key()
                  + "' returned no output '" + name + "'; it returned " + result.keySet()));
          fetched.add(fromTensorFlow(binding.tensorName(), output));
        }
        return fetched;
      }
    } catch (RuntimeException e) {
      // TensorFlow Java maps status codes to several exception types (TFInvalidArgumentException
      // is an IllegalArgumentException, TFUnimplementedException an UnsupportedOperationException).
      throw failure(e, images, signature.key());
    } finally {
      feeds.values().forEach(org.tensorflow.Tensor::close);
    }
  }

  /**
   * A TensorFlow error on a batch as a colorization failure. TensorFlow reports running out of
   * memory as RESOURCE_EXHAUSTED ("OOM when allocating tensor ..."); the message then says "out of
   * memory" so {@link dev.colorize.model.AdaptiveBatches} halves the batch and retries.
   */
  static ColorizationException failure(RuntimeException e, int images, String signatureKey) {
    if (e instanceof TFResourceExhaustedException) {
      return new ColorizationException("TensorFlow ran out of memory on a batch of " + images
          + " images: " + e.getMessage(), e);
    }
    return new ColorizationException("TensorFlow failed on a batch of " + images + " images ("
        + "signature '" + signatureKey + "'): " + e.getMessage(), e);
  }

  private TFloat32 toTensorFlow(Tensor tensor, String inputName) throws ColorizationException {
    ModelSignature.TensorSpec spec = signature.inputs().stream()
        .filter(s -> s.name().equals(inputName)).findFirst().orElseThrow();
    long[] shape = tensor.shape();
    if (!spec.accepts(shape)) {
      throw new ColorizationException("convention " + convention.id() + " fed '"
          + tensor.name() + "' with shape " + Arrays.toString(shape) + " but input '" + inputName
          + "' takes " + Arrays.toString(spec.shape()));
    }
    return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(tensor.data(), true, false));
  }

  private static Tensor fromTensorFlow(String name, org.tensorflow.Tensor output)
      throws ColorizationException {
    if (!(output instanceof TFloat32 values)) {
      throw new ColorizationException("output '" + name + "' is " + output.dataType()
          + ", not DT_FLOAT");
    }
    long size = values.shape().size();
    if (size > Integer.MAX_VALUE - 8) {
      throw new ColorizationException("output '" + name + "' has " + size
          + " values, too many for one array; use a smaller batch");
    }
    float[] data = new float[(int) size];
    values.copyTo(DataBuffers.of(data, false, false));
    return new Tensor(name, values.shape().asArray(), data);
  }

  @Override
  public int preferredBatchSize() {
    return batchSize;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      bundle.close();
    }
  }
}
