/**
 * Instance detectors for instance-aware models (InstColor): a TorchScript detector declared as a
 * model's {@code <detector>} ({@link dev.colorize.model.detect.Detector}), the rule that keeps its
 * boxes (score threshold, top-k by score), and how its boxes combine with a dataset's
 * ({@link dev.colorize.model.detect.InstanceSource}). {@link
 * dev.colorize.model.detect.DetectingEngine} wraps any engine so the model receives the boxes.
 */
package dev.colorize.model.detect;
