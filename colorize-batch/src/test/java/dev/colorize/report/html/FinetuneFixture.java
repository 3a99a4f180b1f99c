package dev.colorize.report.html;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.colorize.image.PngImages;
import dev.colorize.image.RgbImage;
import dev.colorize.train.ValidationImages;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A finetune output folder as a finished run leaves it, written by hand for the page tests. */
final class FinetuneFixture {

  static final String CRAFTED = "<img src=x onerror=alert(1)>";

  private FinetuneFixture() {}

  /**
   * A finished run of {@code epochs} epochs of {@code stepsPerEpoch} steps, best at
   * {@code bestEpoch}, with two validation images kept after each epoch.
   */
  static Path write(Path dir, int epochs, int stepsPerEpoch, int bestEpoch, boolean stoppedEarly,
      int plannedEpochs) throws IOException {
    Path out = dir.resolve("finetune/model");
    Path images = dir.resolve("train/validation-images");
    Files.createDirectories(out);
    try (BufferedWriter w = Files.newBufferedWriter(out.resolve("loss.csv"))) {
      w.write("step,epoch,phase,loss,l2,critic\n");
      for (int s = 1; s <= epochs * stepsPerEpoch; s++) {
        String phase = s <= stepsPerEpoch ? "critic" : "gan";
        w.write(String.format(Locale.ROOT, "%d,%d,%s,%.4f,%s,%s%n", s, (s - 1) / stepsPerEpoch,
            phase, 1.0 / s, phase.equals("critic") ? "nan" : "0.5", phase.equals("critic")
                ? "0.7" : "nan"));
      }
    }
    List<String> validation = new ArrayList<>(List.of(
        "step,epoch,psnr,ssim,colorfulness_delta,delta_e2000"));
    for (int e = 1; e <= epochs; e++) {
      double delta = e == bestEpoch ? 5.0 : 10.0 + e;
      validation.add(String.format(Locale.ROOT, "%d,%d,20.0,0.8,-3.0,%.1f", e * stepsPerEpoch,
          e, delta));
      for (int i = 0; i < 2; i++) {
        PngImages.write(solid(e * 20, i), ValidationImages.prediction(images, i, e * stepsPerEpoch));
        PngImages.write(solid(0, i), ValidationImages.gray(images, i));
        PngImages.write(solid(200, i), ValidationImages.truth(images, i));
      }
    }
    Files.write(out.resolve("validation.csv"), validation);
    Files.writeString(out.resolve("skipped.csv"), "dataset,sample_id,path,stage,reason\n"
        + "kfood[train]," + CRAFTED + ".jpg,/data/" + CRAFTED + ".jpg,prepare,NOT_AN_IMAGE x\n",
        StandardCharsets.UTF_8);
    ObjectMapper json = new ObjectMapper();
    ObjectNode finetune = json.createObjectNode();
    finetune.put("model", "김치-" + CRAFTED);
    finetune.put("engine", "builtin");
    finetune.put("file", "model.builtin");
    finetune.put("weights", "best validation");
    finetune.put("monitor", "delta_e2000");
    finetune.put("bestStep", bestEpoch * stepsPerEpoch);
    finetune.put("bestValue", 5.0);
    finetune.put("patience", 2);
    finetune.put("stoppedEarly", stoppedEarly);
    finetune.put("validationImages", images.toString());
    ObjectNode settings = finetune.putObject("finetune");
    settings.put("epochs", plannedEpochs);
    settings.put("dataset", CRAFTED);
    json.writeValue(out.resolve("finetune.json").toFile(), finetune);
    return out;
  }

  private static RgbImage solid(int value, int index) {
    byte[] pixels = new byte[16 * 16 * 3];
    for (int p = 0; p < pixels.length; p++) {
      pixels[p] = (byte) (p % 3 == index ? value : 40);
    }
    return new RgbImage(16, 16, pixels);
  }

}
