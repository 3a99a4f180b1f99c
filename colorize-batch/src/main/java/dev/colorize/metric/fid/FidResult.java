package dev.colorize.metric.fid;

/**
 * The FID of one dataset x model, or the reason there is none.
 *
 * @param fid          the Frechet distance, or null when not computed
 * @param reason       why {@code fid} is null; null when it is set
 * @param predictions  predictions whose features were accumulated
 * @param groundTruth  ground-truth images of the dataset whose features were accumulated
 */
public record FidResult(String dataset, String model, Double fid, String reason,
    long predictions, long groundTruth) {

  /** A computed FID. */
  public static FidResult of(String dataset, String model, double fid, long predictions,
      long groundTruth) {
    return new FidResult(dataset, model, fid, null, predictions, groundTruth);
  }

  /** No FID, for {@code reason}. */
  public static FidResult absent(String dataset, String model, String reason, long predictions,
      long groundTruth) {
    return new FidResult(dataset, model, null, reason, predictions, groundTruth);
  }

  /** Whether a value was computed. */
  public boolean computed() {
    return fid != null;
  }
}
