package dev.colorize.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * ChromaGAN's class-distribution term: KL divergence from the dataset's one-hot class label to
 * the softmax of the generator's class logits, which for a one-hot target is the cross entropy
 * {@code -log softmax(logits)[label]}. Averaged over the samples with a label; samples with
 * label -1 contribute nothing (0 if none has one).
 */
public final class ClassDistributionKl implements LossTerm {
  private final int outputIndex;
  private final int classes;
  private final float weight;

  /**
   * @param outputIndex index of the logits, shape (B, classes), in the generator's outputs
   * @param classes number of classes
   * @param weight factor of the term (ChromaGAN: 0.003)
   */
  public ClassDistributionKl(int outputIndex, int classes, float weight) {
    if (outputIndex < 1 || classes < 2 || !(weight >= 0)) {
      throw new TrainingException("class KL needs an output index >= 1 (0 is ab), >= 2 classes "
          + "and a non-negative weight: " + outputIndex + ", " + classes + ", " + weight);
    }
    this.outputIndex = outputIndex;
    this.classes = classes;
    this.weight = weight;
  }

  @Override
  public String name() {
    return "class_kl";
  }

  @Override
  public NDArray compute(Batch batch, NDList generatorOutputs) {
    if (generatorOutputs.size() <= outputIndex) {
      throw new TrainingException("class KL expects class logits at generator output "
          + outputIndex + ", the generator returned " + generatorOutputs.size() + " arrays");
    }
    NDArray logits = generatorOutputs.get(outputIndex);
    Shape expected = new Shape(batch.l().getShape().get(0), classes);
    if (!logits.getShape().equals(expected)) {
      throw new TrainingException("class logits have shape " + logits.getShape() + ", expected "
          + expected);
    }
    // Unlabelled samples (-1) get an all-zero target row: they drop out of sum and count.
    NDArray labels = batch.classLabels();
    NDArray labelled = labels.gte(0f).toType(DataType.FLOAT32, false)
        .reshape(expected.get(0), 1);
    NDArray target = labels.maximum(0f).toType(DataType.INT64, false).oneHot(classes)
        .toType(DataType.FLOAT32, false).mul(labelled);
    NDArray crossEntropy = target.mul(logits.logSoftmax(1)).sum().neg();
    NDArray count = target.sum().maximum(1f);
    return crossEntropy.div(count).mul(logits.getManager().full(new Shape(), weight));
  }
}
