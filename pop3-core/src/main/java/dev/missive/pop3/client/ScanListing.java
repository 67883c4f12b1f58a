package dev.missive.pop3.client;

/**
 * One scan listing of a LIST response: a message number and its exact size in octets (RFC 1939 §5 and §7, LIST).
 *
 * @param messageNumber the message number, 1 or more
 * @param size          the size in octets, 0 or more
 */
public record ScanListing(int messageNumber, long size) {

  /**
   * Checks the ranges.
   *
   * @param messageNumber the message number, 1 or more
   * @param size          the size in octets, 0 or more
   */
  public ScanListing {
    if (messageNumber < 1 || size < 0) {
      throw new IllegalArgumentException("a scan listing needs a positive message number and a size >= 0");
    }
  }
}
