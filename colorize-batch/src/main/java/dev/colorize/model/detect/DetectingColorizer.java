package dev.colorize.model.detect;

import dev.colorize.image.Box;
import dev.colorize.image.LabImage;
import dev.colorize.model.ColorizationException;
import dev.colorize.model.ColorizationInput;
import dev.colorize.model.Colorizer;
import java.util.ArrayList;
import java.util.List;

/**
 * A colorizer whose inputs get their instance boxes from a {@link Detector}, combined with the
 * dataset's boxes by an {@link InstanceSource}, before the wrapped colorizer sees them. Closes
 * both.
 */
public final class DetectingColorizer implements Colorizer {

  private final Colorizer colorizer;
  private final Detector detector;
  private final InstanceSource source;

  public DetectingColorizer(Colorizer colorizer, Detector detector, InstanceSource source) {
    this.colorizer = colorizer;
    this.detector = detector;
    this.source = source;
  }

  /** The input with the boxes the model receives (runs the detector when the source needs it). */
  public ColorizationInput withInstances(ColorizationInput input) throws ColorizationException {
    List<Box> dataset = input.instances();
    List<Box> detected = source.needsDetector(dataset) ? detector.boxes(input.gray()) : null;
    return new ColorizationInput(input.gray(), source.combine(dataset, detected));
  }

  @Override
  public List<LabImage> colorize(List<ColorizationInput> batch) throws ColorizationException {
    List<ColorizationInput> withBoxes = new ArrayList<>(batch.size());
    for (ColorizationInput input : batch) {
      withBoxes.add(withInstances(input));
    }
    return colorizer.colorize(withBoxes);
  }

  @Override
  public int preferredBatchSize() {
    return colorizer.preferredBatchSize();
  }

  @Override
  public void close() {
    try {
      colorizer.close();
    } finally {
      detector.close();
    }
  }

  @Override
  public java.util.Optional<String> description() {
    return colorizer.description();
  }
}
