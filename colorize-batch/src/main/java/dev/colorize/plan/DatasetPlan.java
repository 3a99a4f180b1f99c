package dev.colorize.plan;

import dev.colorize.dataset.CropAs;
import dev.colorize.dataset.DatasetSpec;
import java.util.Objects;

/**
 * One {@code <dataset>} of a run, resolved: what its reader reads, and what its crop boxes are.
 *
 * @param spec the reader's spec (absolute root, parsed split, fractions and limits)
 * @param cropAs what an aihub-food crop box is ({@link CropAs#REGION} for other formats)
 */
public record DatasetPlan(DatasetSpec spec, CropAs cropAs) {

  public DatasetPlan {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(cropAs, "cropAs");
  }

  /** The dataset's name, as in every output row. */
  public String name() {
    return spec.name();
  }
}
