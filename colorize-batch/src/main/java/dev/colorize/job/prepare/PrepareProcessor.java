package dev.colorize.job.prepare;

import dev.colorize.dataset.Sample;
import dev.colorize.image.Box;
import dev.colorize.image.ImageHeader;
import dev.colorize.image.ImageProbe;
import dev.colorize.image.ImageRejectedException;
import dev.colorize.image.PrepareOptions;
import dev.colorize.image.PreparedPairCache;
import java.io.IOException;
import java.nio.file.Files;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/** Prepares one sample into the prepared-pair cache, or records why it cannot be used. */
public final class PrepareProcessor implements ItemProcessor<Sample, PreparedSample> {

  private final String dataset;
  private final PreparedPairCache cache;
  private final PrepareOptions options;

  public PrepareProcessor(String dataset, PreparedPairCache cache, PrepareOptions options) {
    this.dataset = dataset;
    this.cache = cache;
    this.options = options;
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
      String key = cache.prepare(bytes, path, crop, options);
      return new PreparedSample(dataset, sample.id(), sample.label(), path,
          PreparedSample.formatBoxes(sample.instances()), key, null, null);
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
