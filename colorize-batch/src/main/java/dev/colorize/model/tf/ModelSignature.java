package dev.colorize.model.tf;

import dev.colorize.config.ConfigurationException;
import dev.colorize.model.convention.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A SavedModel signature as the engine needs it: named inputs and outputs with their dtype and
 * shape ({@code -1} for a free dimension), and the binding of a convention's tensors to them.
 *
 * <p>Inputs: names listed in the {@code inputNames} option are fed in the convention's tensor
 * order; otherwise a signature with a single input takes the convention's single tensor; otherwise
 * each convention tensor feeds the signature input of its own name. Outputs: see
 * {@link #bindOutputs}.
 *
 * @param key     the signature key, e.g. {@code serving_default}
 * @param inputs  input descriptions, in the order TensorFlow reports them
 * @param outputs output descriptions, in the order TensorFlow reports them
 */
record ModelSignature(String key, List<TensorSpec> inputs, List<TensorSpec> outputs) {

  /** The engine feeds and fetches 32-bit floats only. */
  static final String FLOAT = "DT_FLOAT";

  /**
   * One input or output of a signature.
   *
   * @param name  its key in the signature
   * @param dtype TensorFlow's dtype name, e.g. {@code DT_FLOAT}
   * @param shape dimensions, {@code -1} where free; null when even the rank is unknown
   */
  record TensorSpec(String name, String dtype, long[] shape) {

    /** Whether a tensor of this shape may be fed here. */
    boolean accepts(long[] fed) {
      if (shape == null) {
        return true;
      }
      if (fed.length != shape.length) {
        return false;
      }
      for (int i = 0; i < fed.length; i++) {
        if (shape[i] >= 0 && shape[i] != fed[i]) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String toString() {
      return name + " " + dtype + " " + (shape == null ? "[?]" : Arrays.toString(shape));
    }
  }

  ModelSignature {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  /**
   * The signature input each convention tensor is fed to, in the convention's order.
   *
   * @param fed      the convention's input tensors for one batch
   * @param declared names from the {@code inputNames} option, empty when not set
   * @param element  the model's POM element, for messages
   * @throws ConfigurationException when names do not match, an input is left unfed, or a shape
   *     or dtype does not fit
   */
  List<String> bindInputs(List<Tensor> fed, List<String> declared, String element) {
    List<String> names;
    String setting = element + "<options><inputNames>";
    if (!declared.isEmpty()) {
      if (declared.size() != fed.size()) {
        throw new ConfigurationException(setting, "lists " + declared.size()
            + " names but the convention feeds " + fed.size() + " tensors ("
            + tensorNames(fed) + "); signature '" + key + "' has inputs " + inputs);
      }
      names = declared;
    } else if (fed.size() == 1 && inputs.size() == 1) {
      names = List.of(inputs.get(0).name());
    } else {
      names = fed.stream().map(Tensor::name).toList();
    }
    Set<String> unfed = new HashSet<>(inputs.stream().map(TensorSpec::name).toList());
    for (int i = 0; i < fed.size(); i++) {
      TensorSpec spec = find(inputs, names.get(i));
      if (spec == null) {
        throw new ConfigurationException(setting, (declared.isEmpty() ? "is not set and "
            + "the convention's tensor '" + names.get(i) + "' matches no input by name"
            : "names '" + names.get(i) + "', not an input")
            + " of signature '" + key + "'; its inputs are " + inputs
            + " (list them in the order the convention feeds " + tensorNames(fed) + ")");
      }
      if (!spec.dtype().equals(FLOAT)) {
        throw new ConfigurationException(setting, "binds '" + spec.name() + "', which takes "
            + spec.dtype() + "; the savedmodel engine feeds DT_FLOAT only");
      }
      long[] shape = fed.get(i).shape();
      if (!spec.accepts(shape)) {
        throw new ConfigurationException(element + "<convention>", "feeds '"
            + fed.get(i).name() + "' with shape " + Arrays.toString(shape) + " but input '"
            + spec.name() + "' of signature '" + key + "' takes " + Arrays.toString(spec.shape())
            + "; the model was exported for another convention or input size");
      }
      unfed.remove(spec.name());
    }
    if (!unfed.isEmpty() || new HashSet<>(names).size() != names.size()) {
      throw new ConfigurationException(setting, "binds " + names + " but signature '" + key
          + "' needs each of its inputs exactly once: " + inputs);
    }
    return names;
  }

  /**
   * One signature output handed to the convention.
   *
   * @param signatureName the output's key in the signature
   * @param tensorName    the name the convention sees it under
   */
  record OutputBinding(String signatureName, String tensorName) {}

  /**
   * The signature outputs handed to the convention, in order. Without declared outputs that is
   * every DT_FLOAT output, in the order TensorFlow reports them, under its signature name:
   * conventions recognise their outputs by name, else by shape. Declared entries are
   * {@code name} (passed under its own name) or {@code conventionName=name} (renamed, so the
   * convention finds it by name when shapes alone are ambiguous); only declared outputs are
   * passed.
   *
   * @param declared entries from the {@code outputNames} option, empty when not set
   * @throws ConfigurationException when a name is unknown, repeated or not a float output
   */
  List<OutputBinding> bindOutputs(List<String> declared, String element) {
    String setting = element + "<options><outputNames>";
    if (declared.isEmpty()) {
      if (outputs.isEmpty()) {
        throw new ConfigurationException(element + "<options><signature>",
            "names signature '" + key + "', which has no outputs");
      }
      List<OutputBinding> all = new ArrayList<>();
      for (TensorSpec spec : outputs) {
        if (spec.dtype().equals(FLOAT)) {
          all.add(new OutputBinding(spec.name(), spec.name()));
        }
      }
      if (all.isEmpty()) {
        throw new ConfigurationException(element + "<options><signature>", "names signature '"
            + key + "', which has no DT_FLOAT output: " + outputs);
      }
      return List.copyOf(all);
    }
    List<OutputBinding> bound = new ArrayList<>();
    Set<String> signatureNames = new HashSet<>();
    Set<String> tensorNames = new HashSet<>();
    for (String entry : declared) {
      int equals = entry.indexOf('=');
      String tensorName = equals < 0 ? entry : entry.substring(0, equals).strip();
      String name = equals < 0 ? entry : entry.substring(equals + 1).strip();
      if (tensorName.isEmpty() || name.isEmpty()) {
        throw new ConfigurationException(setting, "has the entry '" + entry
            + "'; write name or conventionName=name");
      }
      TensorSpec spec = find(outputs, name);
      if (spec == null) {
        throw new ConfigurationException(setting, "names '" + name + "', not an output of "
            + "signature '" + key + "'; its outputs are " + outputs);
      }
      if (!spec.dtype().equals(FLOAT)) {
        throw new ConfigurationException(setting, "names '" + name + "', which is "
            + spec.dtype() + "; the savedmodel engine reads DT_FLOAT outputs only");
      }
      if (!signatureNames.add(name) || !tensorNames.add(tensorName)) {
        throw new ConfigurationException(setting, "lists '" + entry + "' twice: " + declared);
      }
      bound.add(new OutputBinding(name, tensorName));
    }
    return List.copyOf(bound);
  }

  /**
   * Splits a comma-separated names option; null or blank gives an empty list.
   *
   * @throws ConfigurationException on an empty name
   */
  static List<String> parseNames(String option, String setting) {
    if (option == null || option.isBlank()) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (String part : option.split(",", -1)) {
      String name = part.strip();
      if (name.isEmpty()) {
        throw new ConfigurationException(setting, "is '" + option
            + "', which has an empty name; write names separated by single commas");
      }
      names.add(name);
    }
    return List.copyOf(names);
  }

  private static TensorSpec find(List<TensorSpec> specs, String name) {
    for (TensorSpec spec : specs) {
      if (spec.name().equals(name)) {
        return spec;
      }
    }
    return null;
  }

  private static String tensorNames(List<Tensor> tensors) {
    return tensors.stream().map(Tensor::name).collect(Collectors.joining(", ", "[", "]"));
  }
}
