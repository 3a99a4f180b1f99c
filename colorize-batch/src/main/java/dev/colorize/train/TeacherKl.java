package dev.colorize.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.function.UnaryOperator;

/**
 * ChromaGAN's class-distribution term as its authors train it: Keras's {@code kld} from a
 * teacher's class distribution (VGG-16's ImageNet predictions on the same input) to the
 * generator's, {@code sum_k t log(t / p)} with both clipped to {@code [1e-7, 1]} (Keras's
 * epsilon), averaged over the batch, times the weight (ChromaGAN: 0.003). The generator returns
 * its distribution at output {@code student} and its input at output {@code input}; the teacher
 * runs here, on that input, without gradient, so passes that compute no loss (critic steps,
 * validation) never run it.
 */
public final class TeacherKl implements LossTerm {

  /** Keras's {@code K.epsilon()}. */
  static final float EPSILON = 1e-7f;

  private final int student;
  private final int input;
  private final UnaryOperator<NDArray> teacher;
  private final float weight;

  /**
   * @param teacher the teacher's class distribution of a generator input
   */
  public TeacherKl(int student, int input, UnaryOperator<NDArray> teacher, float weight) {
    this.student = student;
    this.input = input;
    this.teacher = teacher;
    this.weight = weight;
  }

  @Override
  public String name() {
    return "class_kl";
  }

  @Override
  public NDArray compute(Batch batch, NDList generatorOutputs) {
    NDArray p = generatorOutputs.get(student).clip(EPSILON, 1f);
    NDArray t = teacher.apply(generatorOutputs.get(input).stopGradient()).stopGradient()
        .clip(EPSILON, 1f);
    NDArray perSample = t.mul(t.log().sub(p.log())).sum(new int[] {1});
    return perSample.mean().mul(perSample.getManager().full(new ai.djl.ndarray.types.Shape(),
        weight));
  }
}
