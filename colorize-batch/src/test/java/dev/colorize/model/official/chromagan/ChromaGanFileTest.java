package dev.colorize.model.official.chromagan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.colorize.model.official.UnrecognisedModelException;
import dev.colorize.model.official.h5.KerasFormatException;
import dev.colorize.model.official.h5.KerasWeightsFile;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recognition of ChromaGAN's {@code .h5} on small crafted files (written with jHDF in Keras's
 * layout): what is no HDF5 file, no Keras file, or another Keras model is refused in one sentence
 * naming the file and the first layer or shape that did not fit. The full network is checked
 * against PyTorch in {@link ChromaGanReferenceTest}.
 */
class ChromaGanFileTest {

  @TempDir Path dir;

  /** A Keras layer: its name and weights (name to zero-filled array of that shape). */
  record Layer(String name, Map<String, int[]> weights) {}

  /** Writes a {@code model.save}-style file holding the given layers. */
  static Path keras(Path file, boolean modelSave, List<Layer> layers) throws IOException {
    try (WritableHdfFile f = HdfFile.write(file)) {
      WritableGroup root = f;
      if (modelSave) {
        f.putAttribute("model_config", "{\"class_name\": \"Model\"}");
        root = f.putGroup("model_weights");
      }
      root.putAttribute("layer_names", layers.stream().map(Layer::name).toArray(String[]::new));
      for (Layer layer : layers) {
        WritableGroup g = root.putGroup(layer.name());
        List<String> names = new ArrayList<>();
        WritableGroup inner = g.putGroup(layer.name());
        for (Map.Entry<String, int[]> w : layer.weights().entrySet()) {
          names.add(layer.name() + "/" + w.getKey() + ":0");
          inner.putDataset(w.getKey() + ":0", zeros(w.getValue()));
        }
        g.putAttribute("weight_names", names.toArray(String[]::new));
      }
    }
    return file;
  }

  static Object zeros(int[] shape) {
    return java.lang.reflect.Array.newInstance(float.class, shape);
  }

  static Layer conv(String name, int k, int in, int out) {
    Map<String, int[]> weights = new java.util.LinkedHashMap<>();
    weights.put("kernel", new int[] {k, k, in, out});
    weights.put("bias", new int[] {out});
    return new Layer(name, weights);
  }

  static List<Layer> vgg(int inputChannels) {
    List<Layer> layers = new ArrayList<>();
    for (ChromaGanGenerator.Conv c : ChromaGanGenerator.VGG) {
      int in = c.key().equals("vgg.block1_conv1") ? inputChannels : c.in();
      layers.add(conv(c.key().substring(4), 3, in, c.out()));
    }
    return layers;
  }

  @Test
  void aFileThatIsNoHdf5IsRefusedNamingIt() throws IOException {
    Path file = Files.writeString(dir.resolve("my_model_colorization.h5"), "not hdf5");
    KerasFormatException e = assertThrows(KerasFormatException.class,
        () -> ChromaGanFile.probe(file));
    assertEquals(file + " is not an HDF5 file (a Keras .h5 starts with the HDF5 signature)",
        e.getMessage());
  }

  @Test
  void anHdf5FileWithoutKerasLayersIsRefused() throws IOException {
    Path file = dir.resolve("data.h5");
    try (WritableHdfFile f = HdfFile.write(file)) {
      f.putDataset("images", new float[] {1, 2, 3});
    }
    KerasFormatException e = assertThrows(KerasFormatException.class,
        () -> ChromaGanFile.probe(file));
    assertTrue(e.getMessage().startsWith(file + " is not a Keras weights file"), e.getMessage());
  }

  /** ChromaGAN's discriminator file: five 4x4 convs, no VGG trunk. */
  @Test
  void theDiscriminatorIsRefusedAtTheFirstMissingLayer() throws IOException {
    List<Layer> layers = new ArrayList<>();
    int[] widths = {3, 64, 128, 256, 512, 1};
    for (int i = 1; i <= 5; i++) {
      layers.add(conv("conv2d_" + i, 4, widths[i - 1], widths[i]));
    }
    Path file = keras(dir.resolve("my_model_discriminatorEpoch4.h5"), true, layers);
    UnrecognisedModelException e = assertThrows(UnrecognisedModelException.class,
        () -> ChromaGanFile.probe(file));
    assertEquals(file + " is not ChromaGAN's colorization model (my_model_colorization.h5): the"
        + " file has no weight 'block1_conv1/kernel' (expected shape [3, 3, 3, 64], for"
        + " vgg.block1_conv1.weight).", e.getMessage());
  }

  @Test
  void aTrunkOfAnotherShapeIsRefusedNamingTheShape() throws IOException {
    Path file = keras(dir.resolve("one_channel.h5"), false, vgg(1));
    UnrecognisedModelException e = assertThrows(UnrecognisedModelException.class,
        () -> ChromaGanFile.probe(file));
    assertTrue(e.getMessage().endsWith("the file has 'block1_conv1/kernel' of shape"
        + " [3, 3, 1, 64] where [3, 3, 3, 64] was expected (vgg.block1_conv1.weight)."),
        e.getMessage());
  }

  @Test
  void aTrunkWithoutTheGeneratorIsRefusedCountingItsLayers() throws IOException {
    List<Layer> layers = vgg(3);
    layers.add(conv("conv2d_1", 3, 512, 512));
    Path file = keras(dir.resolve("trunk.h5"), false, layers);
    UnrecognisedModelException e = assertThrows(UnrecognisedModelException.class,
        () -> ChromaGanFile.probe(file));
    assertTrue(e.getMessage().endsWith("the file has 1 conv2d layers (conv2d_1 .. conv2d_1)"
        + " beside VGG-16's where ChromaGAN's colorization model has 12."), e.getMessage());
  }

  @Test
  void bothLayoutsAreListedWithTheirWeightsByShortName() throws IOException {
    for (boolean modelSave : new boolean[] {true, false}) {
      Path file = keras(dir.resolve("layout-" + modelSave + ".h5"), modelSave,
          List.of(conv("conv2d_6", 3, 2, 4)));
      try (KerasWeightsFile h5 = KerasWeightsFile.open(file)) {
        assertEquals(modelSave ? "model.save" : "save_weights", h5.layout());
        assertEquals(List.of("conv2d_6/kernel", "conv2d_6/bias"),
            List.copyOf(h5.weights().keySet()));
        assertEquals("conv2d_6", h5.weights().get("conv2d_6/kernel").layer());
      }
    }
  }
}
