package dev.colorize.train;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A published network ({@code official} engine) being fine-tuned: it exports its weights in the
 * authors' own format, and holds its source files open until the loop has read them.
 */
public interface OfficialTrainable extends TrainableModel, AutoCloseable {

  /** Writes the current weights in the authors' format (a file or a checkpoint folder). */
  void export(Path target) throws IOException;

  /** Releases the source files (after training). */
  @Override
  void close();
}
