package dev.colorize.model.convention;

import dev.colorize.image.LabImage;
import dev.colorize.model.ColorizationException;
import dev.colorize.model.ColorizationInput;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One network family's exact pre- and post-processing, engine-agnostic (a DJL
 * {@code Translator} in spirit): it never loads or runs a model. An engine calls
 * {@link #inputs}, converts the tensors to its native type, runs the model, converts the outputs
 * back to {@link Tensor}s and calls {@link #outputs}.
 *
 * <p>Options come from the model's {@code <options>} (renderFactor, inputSize, ...); unknown keys
 * and bad values are rejected by {@link #validate}, which engines call from
 * {@code ColorizerEngine.validate} and report as a configuration error naming the option.
 * Implementations are stateless and thread-safe.
 */
public interface Convention {

  /** The id used in {@code <convention>}: chromagan, deoldify, instcolor or lab. */
  String id();

  /**
   * Checks the options without doing any work.
   *
   * @throws InvalidOptionException naming the first unknown or invalid option
   */
  void validate(Map<String, String> options);

  /**
   * Most images per model call this convention can express (InstColor takes one image and its
   * instances per call). Engines split larger batches.
   */
  default int maxBatchSize(Map<String, String> options) {
    return Integer.MAX_VALUE;
  }

  /**
   * The model's input tensors for a batch, in the model's input order; each named after the input
   * it feeds.
   *
   * @throws InvalidOptionException when an option is invalid
   * @throws ColorizationException when the batch cannot be expressed (e.g. too many images)
   */
  List<Tensor> inputs(List<ColorizationInput> batch, Map<String, String> options)
      throws ColorizationException;

  /**
   * Post-processes the model's output tensors into one Lab image per input, at the input's size.
   * Outputs are recognised by name or shape (see each convention), so engines may pass them in
   * the model's order with the model's names.
   *
   * @throws ConventionMismatchException when an output is missing or has an unexpected shape
   * @throws ColorizationException for other failures
   */
  List<LabImage> outputs(List<Tensor> modelOutputs, List<ColorizationInput> batch,
      Map<String, String> options) throws ColorizationException;

  /**
   * The post-processing of {@link #outputs} as a value-by-value map and a resize, when it is one
   * (ChromaGAN, InstColor, {@code lab}); empty otherwise (DeOldify's RGB output).
   *
   * @param options the model's options (valid)
   * @return the map, or empty
   */
  default Optional<AbOutput> abOutput(Map<String, String> options) {
    return Optional.empty();
  }
}
