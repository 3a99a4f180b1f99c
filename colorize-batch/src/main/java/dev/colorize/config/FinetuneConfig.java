package dev.colorize.config;

/**
 * The {@code <finetune>} of a run: which declared {@code <model>} (engine {@code builtin}) to train
 * on which declared {@code <dataset>}, and how. Plain fields so Maven can map POM XML onto it and
 * Jackson can write it to the forked CLI; checked by {@code dev.colorize.job.finetune.FinetuneSettings}.
 */
public class FinetuneConfig {
  /** Name of a {@code <model>} with engine builtin: its architecture, size and starting weights. */
  public String model;
  /** Name of a {@code <dataset>} to train on. */
  public String dataset;
  /** The dataset's split to train on: train, val, test or all. */
  public String split = "train";
  /** The split validated on after each epoch: train, val, test, all, or none. */
  public String validationSplit = "val";
  /** Passes over the training split. */
  public int epochs = 10;
  /** Samples per micro-batch. */
  public int batchSize = 8;
  /** Micro-batches whose gradients make one optimiser step (memory control). */
  public int gradientAccumulation = 1;
  /** The generator's Adam learning rate; 0 = the architecture's default (1e-3). */
  public double learningRate;
  /** Seed of initialisation, data order and noise. */
  public long seed = 1;
  /** Optimiser steps per committed chunk; each chunk ends with a training checkpoint. */
  public int checkpointInterval = 20;
  /** Side of the square training images in pixels, a multiple of 8 (memory control). */
  public int imageSize = 64;
  /** Epochs without improvement of {@link #monitor} before training stops; 0 = never stop early. */
  public int patience;
  /** Validation column that decides early stopping and the exported epoch: delta_e2000 (lower is
   * better), psnr or ssim (higher is better), colorfulness_delta (closer to 0 is better). */
  public String monitor = "delta_e2000";
  /** PyTorch intra-op and inter-op threads while training; fixed so results repeat. */
  public int threads = 1;
  /**
   * The schedule as {@code kind:epochs} pairs, e.g. {@code generator:6,critic:2,gan:2} (kinds:
   * generator, critic, gan); empty = the architecture's default (deoldify: NoGAN). The epochs
   * must add up to {@link #epochs}.
   */
  public String phases;
  /**
   * InstColor's training stage for an {@code official} InstColor checkpoint folder: {@code full}
   * (the full-image network, the default), {@code instance} or {@code fusion}, as its authors
   * train them one after the other; ignored by other models.
   */
  public String stage;
  /**
   * For an {@code official} ChromaGAN model: Keras's VGG-16 ImageNet classifier file
   * ({@code vgg16_weights_tf_dim_ordering_tf_kernels.h5}) whose predictions the class head
   * learns (ChromaGAN's {@code 0.003 x kld} term); unset, the class head is not trained.
   */
  public String classTeacher;
  /**
   * For an {@code official} ChromaGAN model trained with {@code critic} or {@code gan}
   * {@code <phases>}: the discriminator's starting weights, a ChromaGAN discriminator
   * {@code .h5} ({@code my_model_discriminatorEpoch<N>.h5}); unset, it starts from
   * {@link #seed}.
   */
  public String discriminator;
  /**
   * For an {@code official} DeOldify generator: the loss on ab, {@code l2} (the default) or
   * {@code l1} (DeOldify's {@code F.l1_loss}).
   */
  public String loss;
  /**
   * For an {@code official} DeOldify generator: torchvision's {@code vgg16_bn} weights file
   * ({@code vgg16_bn-6c64b313.pth}), which adds DeOldify's VGG feature loss (terms 20, 70, 10
   * on the activations before its 3rd, 4th and 5th max pool).
   */
  public String featureLoss;

  public FinetuneConfig() {}

  public FinetuneConfig(String model, String dataset) {
    this.model = model;
    this.dataset = dataset;
  }
}
