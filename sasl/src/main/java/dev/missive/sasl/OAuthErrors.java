package dev.missive.sasl;

/**
 * The JSON error challenges of the OAuth mechanisms: OAUTHBEARER's {@code server-error} (RFC 7628 §3.2.2) and
 * XOAUTH2's (Google's form, whose status is an HTTP status code, RFC 6750 §3.1).
 */
final class OAuthErrors {

  private OAuthErrors() {}

  /** {@code {"status":…,"scope":…,"openid-configuration":…}}, omitting empty members. */
  public static String oauthBearer(BearerTokenVerdict.Invalid invalid) {
    StringBuilder json = new StringBuilder("{");
    member(json, "status", invalid.status());
    member(json, "scope", invalid.scope());
    member(json, "openid-configuration", invalid.openIdConfiguration());
    return json.append('}').toString();
  }

  /** {@code {"status":"401","schemes":"Bearer","scope":…}}, the status mapped from RFC 6750 §3.1's error code. */
  public static String xoauth2(BearerTokenVerdict.Invalid invalid) {
    String status;
    switch (invalid.status()) {
      case "invalid_request":
        status = "400";
        break;
      case "insufficient_scope":
        status = "403";
        break;
      default:
        status = "401";
        break;
    }
    StringBuilder json = new StringBuilder("{");
    member(json, "status", status);
    member(json, "schemes", "Bearer");
    member(json, "scope", invalid.scope());
    return json.append('}').toString();
  }

  private static void member(StringBuilder json, String name, String value) {
    if (value.isEmpty()) {
      return;
    }
    if (json.length() > 1) {
      json.append(',');
    }
    json.append('"').append(name).append("\":\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        json.append('\\');
      }
      json.append(c);
    }
    json.append('"');
  }
}
