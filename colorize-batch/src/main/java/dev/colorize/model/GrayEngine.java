package dev.colorize.model;

import dev.colorize.config.ModelConfig;
import dev.colorize.image.LabImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code gray} baseline: predicts no chroma, so its output is the input's lightness as a gray
 * image. Every colorizer must beat it; it also makes the pipeline testable without weights.
 */
public final class GrayEngine implements ColorizerEngine {

  public static final String ID = "gray";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public void validate(ModelConfig config, String element) {
    // No settings: nothing to load.
  }

  @Override
  public Colorizer open(ModelConfig config) {
    return batch -> {
      List<LabImage> out = new ArrayList<>(batch.size());
      for (ColorizationInput input : batch) {
        out.add(input.gray().withoutChroma());
      }
      return out;
    };
  }
}
