package dev.colorize.job.prepare;

import dev.colorize.dataset.CropAs;
import dev.colorize.dataset.Sample;
import dev.colorize.image.Box;
import dev.colorize.image.ImageHeader;
import dev.colorize.image.ImageProbe;
import dev.colorize.image.ImageRejectedException;
import dev.colorize.image.PrepareOptions;
import dev.colorize.image.PreparedPairCache;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Prepares one sample into the prepared-pair cache, or records why it cannot be used. A food
 * crop box (resolved against the image's oriented size) is the prepared region, or with
 * {@link CropAs#INSTANCE} an instance box in the {@code instances} column.
 */
public final class PrepareProcessor implements ItemProcessor<Sample, PreparedSample> {

  private final String dataset;
  private final PreparedPairCache cache;
  private final PrepareOptions options;
  private final CropAs cropAs;

  public PrepareProcessor(String dataset, PreparedPairCache cache, PrepareOptions options) {
    this(dataset, cache, options, CropAs.REGION);
  }

  /**
   * @param cropAs what a sample's crop box is: the region prepared ({@link CropAs#REGION}), or,
   *     with {@link CropAs#INSTANCE}, an instance box after the sample's own, the whole image
   *     being prepared
   */
  public PrepareProcessor(String dataset, PreparedPairCache cache, PrepareOptions options,
      CropAs cropAs) {
    this.dataset = dataset;
    this.cache = cache;
    this.options = options;
    this.cropAs = cropAs;
  }

  @Override
  public PreparedSample process(Sample sample) {
    String path = sample.path().toString();
    try {
      byte[] bytes = Files.readAllBytes(sample.path());
      Box crop = null;
      if (sample.crop() != null) {
        ImageHeader header = ImageProbe.probe(bytes, path);
        crop = sample.crop().resolve(header.orientedWidth(), header.orientedHeight());
      }
      List<Box> instances = sample.instances();
      if (crop != null && cropAs == CropAs.INSTANCE) {
        instances = new ArrayList<>(instances);
        instances.add(crop);
        crop = null;
      }
      String key = cache.prepare(bytes, path, crop, options);
      return new PreparedSample(dataset, sample.id(), sample.label(), path,
          PreparedSample.formatBoxes(instances), key, null, null);
    } catch (ImageRejectedException e) {
      return rejected(sample, e.reason().name(), e.detail());
    } catch (IOException e) {
      return rejected(sample, "UNREADABLE", "cannot read the file: " + e.getMessage());
    }
  }

  private PreparedSample rejected(Sample sample, String reason, String message) {
    return new PreparedSample(dataset, sample.id(), sample.label(), sample.path().toString(), "",
        null, reason, message);
  }
}
