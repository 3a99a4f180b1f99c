package dev.colorize.image;

/**
 * A source image that cannot be used, with the reason and the source's name. Unchecked so that
 * batch readers and skip policies can handle it in one place; it never signals a programming error.
 */
public final class ImageRejectedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final RejectReason reason;
  private final String source;
  private final String detail;

  /**
   * @param reason the category
   * @param source the file name or path, for messages
   * @param detail what exactly is wrong, with the offending value
   */
  public ImageRejectedException(RejectReason reason, String source, String detail) {
    super(reason + ": " + source + ": " + detail);
    this.reason = reason;
    this.source = source;
    this.detail = detail;
  }

  public RejectReason reason() {
    return reason;
  }

  /** The name or path of the rejected source. */
  public String source() {
    return source;
  }

  /** The specific problem, without the reason and source prefix. */
  public String detail() {
    return detail;
  }
}
