package dev.colorize.model.official.chromagan;

import dev.colorize.model.official.UnrecognisedModelException;
import dev.colorize.model.official.h5.KerasWeightsFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a network's keys to the weights of a Keras file, checking each shape, and names the
 * first thing that does not fit in one sentence: "FILE is not WHAT (PUBLISHED): the file ...".
 * Layers Keras named by its per-kind counters ({@code conv2d_6}) are found by kind in counter
 * order, which is the order the authors' code created them.
 */
final class KerasMapping {

  private static final Pattern NUMBERED = Pattern.compile("(conv2d|batch_normalization|dense)"
      + "(?:_(\\d+))?");

  private final KerasWeightsFile h5;
  private final String what;
  private final Map<String, ChromaGanFile.Source> sources = new LinkedHashMap<>();
  private final List<String> used = new ArrayList<>();

  /**
   * @param what the network and its published file, e.g. {@code ChromaGAN's colorization model
   *     (my_model_colorization.h5)}
   */
  KerasMapping(KerasWeightsFile h5, String what) {
    this.h5 = h5;
    this.what = what;
  }

  /** A conv layer: its HWIO kernel as {@code key.weight} (OIHW), its bias as {@code key.bias}. */
  void conv(String key, String layer, int kernel, int in, int out)
      throws UnrecognisedModelException {
    add(key + ".weight", layer + "/kernel", true, kernel, kernel, in, out);
    add(key + ".bias", layer + "/bias", false, out);
  }

  /** One weight by its short name ({@code layer/kernel}), of the expected stored shape. */
  void add(String key, String name, boolean hwio, long... expected)
      throws UnrecognisedModelException {
    KerasWeightsFile.Weight w = h5.weights().get(name);
    if (w == null) {
      throw unrecognised("has no weight '" + name + "' (expected shape "
          + Arrays.toString(expected) + ", for " + key + ")");
    }
    if (!Arrays.equals(w.shape(), expected)) {
      throw unrecognised("has '" + name + "' of shape " + Arrays.toString(w.shape())
          + " where " + Arrays.toString(expected) + " was expected (" + key + ")");
    }
    sources.put(key, new ChromaGanFile.Source(w, hwio));
    used.add(name);
  }

  /**
   * The layers of a kind holding a weight {@code part}, by their Keras counter ({@code conv2d}
   * counts as 0), which must be {@code expected} many.
   *
   * @param beside what else the network has, for the message (e.g. " beside VGG-16's")
   */
  List<String> numbered(String kind, String part, int expected, String beside)
      throws UnrecognisedModelException {
    List<String> layers = new ArrayList<>();
    for (String name : h5.weights().keySet()) {
      int slash = name.indexOf('/');
      if (slash < 0) {
        continue;
      }
      String layer = name.substring(0, slash);
      Matcher m = NUMBERED.matcher(layer);
      if (m.matches() && m.group(1).equals(kind) && name.substring(slash + 1).equals(part)) {
        layers.add(layer);
      }
    }
    layers.sort(Comparator.comparingInt(KerasMapping::counter));
    if (layers.size() != expected) {
      String network = what.substring(0, what.indexOf(" ("));
      throw unrecognised("has " + layers.size() + " " + kind + " layers"
          + (layers.isEmpty() ? "" : " (" + layers.get(0) + " .. " + layers.get(layers.size() - 1)
          + ")") + beside + " where " + network + " has " + expected);
    }
    return layers;
  }

  private static int counter(String layer) {
    Matcher m = NUMBERED.matcher(layer);
    return m.matches() && m.group(2) != null ? Integer.parseInt(m.group(2)) : 0;
  }

  /**
   * The mapping, once every weight of the file is used.
   *
   * @throws UnrecognisedModelException naming the first weight the network does not have
   */
  Map<String, ChromaGanFile.Source> finish() throws UnrecognisedModelException {
    Map<String, KerasWeightsFile.Weight> byName = h5.weights();
    for (String name : byName.keySet()) {
      if (!used.contains(name)) {
        throw unrecognised("has a weight '" + name + "' (in layer '" + byName.get(name).layer()
            + "', shape " + Arrays.toString(byName.get(name).shape()) + ") that "
            + what.substring(0, what.indexOf(" (")) + " does not have");
      }
    }
    return sources;
  }

  UnrecognisedModelException unrecognised(String why) {
    return new UnrecognisedModelException(h5.path() + " is not " + what + ": the file " + why
        + ".");
  }
}
