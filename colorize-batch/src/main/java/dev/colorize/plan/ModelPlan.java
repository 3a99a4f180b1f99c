package dev.colorize.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.colorize.config.ModelConfig;
import dev.colorize.model.ColorizerEngine;
import dev.colorize.model.ModelRegistry;
import java.util.Objects;

/**
 * One {@code <model>} of a run, resolved: its declaration, already checked by its engine when the
 * plan was made, and the digest of its weights file.
 *
 * @param declaration the {@code <model>} as its engine reads it; the plan keeps its own copy
 * @param weightsDigest SHA-256 of the weights file: the declared {@code <sha256>}, else the file's
 *     content hash; null when the model has no weights file (gray) or its path is a folder
 */
public record ModelPlan(ModelConfig declaration, String weightsDigest) {

  /** The element engines name in messages raised while a step runs. */
  private static final String ELEMENT = "<models><model>";

  @JsonCreator
  public ModelPlan(@JsonProperty("declaration") ModelConfig declaration,
      @JsonProperty("weightsDigest") String weightsDigest) {
    this.declaration = PlanJson.copy(Objects.requireNonNull(declaration, "declaration"),
        ModelConfig.class);
    this.weightsDigest = weightsDigest;
  }

  /** @return a copy of the declaration: engines may be handed it, the plan stays as made */
  @Override
  public ModelConfig declaration() {
    return PlanJson.copy(declaration, ModelConfig.class);
  }

  /** The model's name, as in every output row. */
  public String name() {
    return declaration.name;
  }

  /** The {@code <engine>} id. */
  public String engineId() {
    return declaration.engine;
  }

  /**
   * The engine that runs this model (wrapped with its detector when it has one). The id was
   * checked when the plan was made, so this is a look-up.
   */
  public ColorizerEngine engine(ModelRegistry registry) {
    return registry.engineFor(declaration, ELEMENT);
  }
}
