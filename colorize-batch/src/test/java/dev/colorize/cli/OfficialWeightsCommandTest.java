package dev.colorize.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.colorize.model.official.chromagan.ChromaGanFile;
import dev.colorize.model.official.instcolor.InstColorFolder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code colorize official-weights} writes each family's published layout, or says why not. */
class OfficialWeightsCommandTest {

  @TempDir Path dir;

  @Test
  void writesInstColorsFolderAndChromaGansH5InTheirPublishedLayouts() throws Exception {
    Path folder = dir.resolve("coco_finetuned_mask_256_ffs");
    assertEquals(ExitCodes.OK, ColorizeCli.run("official-weights", "--convention", "instcolor",
        "--seed", "3", "--out", folder.toString()));
    InstColorFolder.probe(folder);
    Path h5 = dir.resolve("MODEL/my_model_colorization.h5");
    assertEquals(ExitCodes.OK, ColorizeCli.run("official-weights", "--convention", "chromagan",
        "--seed", "3", "--out", h5.toString()));
    ChromaGanFile.probe(h5);
  }

  @Test
  void anUnknownFamilyIsRefused() {
    assertEquals(ExitCodes.INVALID_CONFIGURATION, ColorizeCli.run("official-weights",
        "--convention", "lab", "--out", dir.resolve("x").toString()));
  }
}
