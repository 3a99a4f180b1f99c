package dev.colorize.model.tf;

import java.nio.file.Path;

/**
 * Writes the ChromaGAN-signature stand-in SavedModel to a folder: how
 * {@code example-project/models/chromagan-savedmodel} was made. Run with the test classpath:
 * {@code java -cp <test classpath> dev.colorize.model.tf.ExportStandInSavedModel DIR}.
 */
public final class ExportStandInSavedModel {

  private ExportStandInSavedModel() {}

  public static void main(String[] args) throws Exception {
    System.out.println(StandInSavedModel.export(Path.of(args[0]), 3));
  }
}
