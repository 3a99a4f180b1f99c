/**
 * Image-quality metrics for colorization, as small pure functions over 8-bit sRGB
 * {@link dev.colorize.image.RgbImage}s, each matching a named scikit-image / scipy / numpy call
 * (reference values and the script that makes them: {@code scripts/reference/metrics_reference.py}).
 *
 * <p>Papers disagree on conventions; these are the ones used here, to be stated in reports.
 * Images are scored at the resolution given (the project default is 256x256), ground truth
 * through the same Lab round trip as the model input. "Lab" is {@link dev.colorize.image.CieLab}
 * (D65, as {@code skimage.color.rgb2lab}).
 *
 * <table>
 *   <caption>Metric conventions</caption>
 *   <tr><th>Class</th><th>Definition</th><th>Matches</th></tr>
 *   <tr><td>{@link dev.colorize.metric.Mse}</td>
 *       <td>mean of squared differences over all R, G, B values, 0..255 scale</td>
 *       <td>{@code skimage.metrics.mean_squared_error(truth, pred)}</td></tr>
 *   <tr><td>{@link dev.colorize.metric.Psnr}</td>
 *       <td>{@code 20 log10(255 / sqrt(MSE))} dB over all RGB values; identical images give
 *       +Infinity</td>
 *       <td>{@code peak_signal_noise_ratio(truth, pred, data_range=255)}</td></tr>
 *   <tr><td>{@link dev.colorize.metric.Ssim}</td>
 *       <td>Wang et al. 2004: Gaussian 11x11 window, sigma 1.5, K1 0.01, K2 0.03, range 255,
 *       population covariance, per channel, mean over R, G, B; 5-pixel border excluded</td>
 *       <td>{@code structural_similarity(truth, pred, channel_axis=2, gaussian_weights=True,
 *       sigma=1.5, use_sample_covariance=False, data_range=255)}</td></tr>
 *   <tr><td>{@link dev.colorize.metric.Colorfulness}</td>
 *       <td>Hasler and Suesstrunk 2003 on uint8 RGB: rg = |R-G|, yb = |(R+G)/2-B|,
 *       sqrt(sd_rg^2 + sd_yb^2) + 0.3 sqrt(mean_rg^2 + mean_yb^2), population sd</td>
 *       <td>DDColor's {@code colorfulness.py} (numpy)</td></tr>
 *   <tr><td>{@link dev.colorize.metric.Sharpness}</td>
 *       <td>variance of the 4-neighbour Laplacian of L* (0..100), reflect border</td>
 *       <td>{@code scipy.ndimage.laplace(L, mode='reflect').var()}</td></tr>
 *   <tr><td>{@link dev.colorize.metric.Contrast}</td>
 *       <td>RMS contrast: population standard deviation of L*</td>
 *       <td>{@code L.std()}</td></tr>
 *   <tr><td>{@link dev.colorize.metric.DeltaE2000}</td>
 *       <td>mean CIEDE2000 (Sharma et al. 2005), kL = kC = kH = 1, truth as reference</td>
 *       <td>{@code deltaE_ciede2000(rgb2lab(truth), rgb2lab(pred)).mean()}</td></tr>
 *   <tr><td>{@link dev.colorize.metric.FeatureStatistics}</td>
 *       <td>streamed count, sum and outer-product sum; unbiased covariance</td>
 *       <td>{@code x.mean(axis=0)}, {@code numpy.cov(x, rowvar=False)}</td></tr>
 *   <tr><td>{@link dev.colorize.metric.FrechetDistance}</td>
 *       <td>{@code ||mu1-mu2||^2 + Tr S1 + Tr S2 - 2 Tr sqrtm(S1 S2)}; 1e-6 I offset if the root
 *       fails; real part</td>
 *       <td>pytorch-fid {@code calculate_frechet_distance}, clean-fid
 *       {@code frechet_distance}</td></tr>
 * </table>
 *
 * <p>{@link dev.colorize.metric.ImageScorer} computes every per-image score in one call into an
 * {@link dev.colorize.metric.ImageScores} row. Invalid input raises
 * {@link dev.colorize.metric.MetricInputException} naming the metric and the bad values.
 */
package dev.colorize.metric;
