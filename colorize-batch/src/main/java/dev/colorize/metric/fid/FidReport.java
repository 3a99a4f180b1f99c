package dev.colorize.metric.fid;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.colorize.config.FeatureModelConfig;
import dev.colorize.metric.FrechetDistance;
import dev.colorize.metric.MetricInputException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report step's FID: per dataset x model, the Frechet distance between the committed
 * statistics of the model's predictions and of the dataset's ground truth ({@link FidAccumulator}
 * checkpoints), or the reason there is none. Writes each outcome to the log and all of them to
 * {@code fid.json}, which {@code run.json} embeds as its {@code fid} section.
 *
 * <p>Without a feature model no number is computed or invented: every result carries
 * {@link #NOT_CONFIGURED}.
 */
public final class FidReport {

  /** Reason of a run without {@code <featureModel>}. */
  public static final String NOT_CONFIGURED = "no <featureModel> configured (FID needs the"
      + " Inception feature network; declare its TorchScript file)";
  /** The file {@link #write} creates in the output directory. */
  public static final String FILE_NAME = "fid.json";
  /** The convention the feature network is called with, for the reports. */
  public static final String CONVENTION = "inception-2015-12-05 (StyleGAN2-ADA / clean-fid"
      + " TorchScript): uint8 RGB [N,3,H,W] at the scoring size in, resized to 299x299 inside the"
      + " network, return_features=True, pool3 features out; Frechet distance of the"
      + " predictions' features vs the dataset's ground truth's";

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  /** One dataset x model score step: indexes (for the checkpoints) and names. */
  public record Part(int datasetIndex, int modelIndex, String dataset, String model) {}

  private final FeatureModelConfig featureModel;
  private final Path checkpoints;
  private final List<Part> parts;
  private final PrintStream log;

  private FidReport(FeatureModelConfig featureModel, Path checkpoints, List<Part> parts,
      PrintStream log) {
    this.featureModel = featureModel;
    this.checkpoints = checkpoints;
    this.parts = List.copyOf(parts);
    this.log = log;
  }

  /** The report of a run without a feature model: no numbers, the reason for each part. */
  public static FidReport notConfigured(List<Part> parts, PrintStream log) {
    return new FidReport(null, null, parts, log);
  }

  /**
   * The report of a run with a feature model whose score steps checkpointed into
   * {@code checkpoints}. The ground truth of dataset d is the one accumulated by its first
   * model's step (model index 0).
   */
  public static FidReport of(FeatureModelConfig featureModel, Path checkpoints, List<Part> parts,
      PrintStream log) {
    return new FidReport(featureModel, checkpoints, parts, log);
  }

  /** Whether a feature model is configured. */
  public boolean configured() {
    return featureModel != null;
  }

  /**
   * Computes every part's FID (or its reason) from the committed checkpoints, logging each.
   * A part that cannot be computed gets a reason; nothing here fails the run.
   */
  public List<FidResult> compute() {
    List<FidResult> results = new ArrayList<>();
    if (featureModel == null) {
      log.println("FID not computed: " + NOT_CONFIGURED);
      for (Part part : parts) {
        results.add(FidResult.absent(part.dataset(), part.model(), NOT_CONFIGURED, 0, 0));
      }
      return results;
    }
    Map<Integer, Reference> truthByDataset = new HashMap<>();
    for (Part part : parts) {
      FidResult result = compute(part, truthByDataset);
      if (result.computed()) {
        log.println(String.format(Locale.ROOT, "FID %s x %s: %.6f (%d predictions vs %d"
            + " ground-truth images)", part.dataset(), part.model(), result.fid(),
            result.predictions(), result.groundTruth()));
      } else {
        log.println("FID not computed for " + part.dataset() + " x " + part.model() + ": "
            + result.reason());
      }
      results.add(result);
    }
    return results;
  }

  /** A dataset's ground-truth checkpoint, or why there is none. */
  private record Reference(FidAccumulator.Checkpoint checkpoint, String reason) {}

  private FidResult compute(Part part, Map<Integer, Reference> truthByDataset) {
    String dataset = part.dataset();
    String model = part.model();
    FidAccumulator.Checkpoint predictions;
    try {
      predictions = FidAccumulator.committed(checkpoints, part.datasetIndex(), part.modelIndex());
    } catch (IOException e) {
      return FidResult.absent(dataset, model, e.getMessage(), 0, 0);
    }
    // The dataset's reference statistics, read once per dataset (or the reason they are absent).
    Reference truth = truthByDataset.computeIfAbsent(part.datasetIndex(), d -> {
      try {
        FidAccumulator.Checkpoint reference = FidAccumulator.committed(checkpoints, d, 0);
        if (reference == null || reference.truths() == null) {
          return new Reference(null,
              "no ground-truth feature statistics were committed for this dataset");
        }
        return new Reference(reference, null);
      } catch (IOException e) {
        return new Reference(null, e.getMessage());
      }
    });
    if (predictions == null) {
      return FidResult.absent(dataset, model, "no feature statistics were committed for this"
          + " dataset x model", 0, 0);
    }
    long predicted = predictions.predictions().count();
    if (truth.checkpoint() == null) {
      return FidResult.absent(dataset, model, truth.reason(), predicted, 0);
    }
    FidAccumulator.Checkpoint reference = truth.checkpoint();
    long truths = reference.truths().count();
    if (predicted < 2 || truths < 2) {
      return FidResult.absent(dataset, model, "FID needs at least 2 predictions and 2"
          + " ground-truth images, have " + predicted + " and " + truths, predicted, truths);
    }
    try {
      double fid = FrechetDistance.of(predictions.predictions(), reference.truths());
      return FidResult.of(dataset, model, fid, predicted, truths);
    } catch (ArithmeticException | MetricInputException e) {
      return FidResult.absent(dataset, model, "Frechet distance failed: " + e.getMessage(),
          predicted, truths);
    }
  }

  /**
   * Writes {@code results} to {@code <outputDirectory>/fid.json} (temporary file, then moved):
   * {@code computed}, the {@code reason} when no feature model is configured, the
   * {@code featureModel} (path, sha256, dimension, convention, and a note when its features are
   * not the Inception network's 2048) and one entry per dataset x model with {@code fid} or
   * {@code reason}, and the feature counts.
   */
  public void write(Path outputDirectory, List<FidResult> results) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("computed", results.stream().anyMatch(FidResult::computed));
    if (featureModel == null) {
      root.put("reason", NOT_CONFIGURED);
    } else {
      ObjectNode model = root.putObject("featureModel");
      model.put("path", featureModel.path);
      model.put("sha256", featureModel.sha256);
      model.put("dimension", featureModel.dimension);
      model.put("convention", CONVENTION);
      if (featureModel.dimension != FeatureExtractor.INCEPTION_DIMENSION) {
        model.put("note", "not the Inception network's " + FeatureExtractor.INCEPTION_DIMENSION
            + " features: a stand-in; its FID checks the plumbing and says nothing about image"
            + " quality");
      }
    }
    ArrayNode entries = root.putArray("results");
    for (FidResult result : results) {
      ObjectNode entry = entries.addObject();
      entry.put("dataset", result.dataset());
      entry.put("model", result.model());
      if (result.computed()) {
        entry.put("fid", result.fid());
      } else {
        entry.putNull("fid");
        entry.put("reason", result.reason());
      }
      entry.put("predictions", result.predictions());
      entry.put("groundTruth", result.groundTruth());
    }
    Files.createDirectories(outputDirectory);
    Path target = outputDirectory.resolve(FILE_NAME);
    Path temp = outputDirectory.resolve(FILE_NAME + ".tmp");
    Files.writeString(temp, JSON.writeValueAsString(root), StandardCharsets.UTF_8);
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
