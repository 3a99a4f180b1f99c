package dev.colorize.model.convention;

/**
 * How a convention turns its model's ab output into CIE a and b when that is a value-by-value
 * map followed by a resize: {@code a = clamp(out0 * scale, low, high) + offset} (likewise b with
 * out1), then the planes are resized to the input's size with {@code resize}. ChromaGAN, InstColor
 * and {@code lab} are of this kind; DeOldify (RGB output, YUV merge) is not. Fine-tuning uses it
 * to express the same post-processing with differentiable tensor operations.
 *
 * @param name the output's name ({@code ab}); unnamed outputs are recognised by shape
 * @param layout axis order of the output
 * @param scale factor applied first
 * @param low lower clamp bound after scaling ({@code -infinity}: none)
 * @param high upper clamp bound after scaling ({@code +infinity}: none)
 * @param offset added after clamping
 * @param resize resampler to the input's size
 */
public record AbOutput(String name, Layout layout, float scale, float low, float high,
    float offset, Resampling.Method resize) {

  /** @return whether a clamp applies */
  public boolean clamped() {
    return low != Float.NEGATIVE_INFINITY || high != Float.POSITIVE_INFINITY;
  }
}
