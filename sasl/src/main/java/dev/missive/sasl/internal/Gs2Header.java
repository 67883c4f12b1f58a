package dev.missive.sasl.internal;

/**
 * The GS2 header that starts SCRAM's client-first-message (RFC 5802 §7) and OAUTHBEARER's client response
 * (RFC 7628 §3.1): {@code gs2-cbind-flag "," [ "a=" saslname ] ","}. Channel binding ({@code p=}) is not
 * supported, so only the flags {@code n} and {@code y} parse.
 *
 * @param text            the header as sent, both commas included
 * @param authorizationId the decoded authzid, empty for none
 */
public record Gs2Header(String text, String authorizationId) {

  /**
   * Parses the header at the start of a message.
   *
   * @return the header, or {@code null} if the message does not start with a valid {@code n} or {@code y} header
   */
  public static Gs2Header parse(String message) {
    if (message.length() < 3 || (message.charAt(0) != 'n' && message.charAt(0) != 'y') || message.charAt(1) != ',') {
      return null;
    }
    int end = message.indexOf(',', 2);
    if (end < 0) {
      return null;
    }
    String authzid = "";
    if (end > 2) {
      if (!message.startsWith("a=", 2)) {
        return null;
      }
      authzid = SaslName.decode(message.substring(4, end));
      if (authzid == null || authzid.isEmpty()) {
        return null;
      }
    }
    return new Gs2Header(message.substring(0, end + 1), authzid);
  }

  /** Formats a header with the flag {@code n} (the client does not support channel binding). */
  public static String format(String authorizationId) {
    return authorizationId.isEmpty() ? "n,," : "n,a=" + SaslName.encode(authorizationId) + ",";
  }
}
