package dev.missive.sasl;

import dev.missive.sasl.internal.Gs2Header;
import dev.missive.sasl.internal.OAuthFields;
import java.util.Map;

/**
 * The server side of OAUTHBEARER (RFC 7628 §3): {@code gs2-header %x01 *(key=value %x01) %x01} with an
 * {@code auth=Bearer <token>} field; a rejected token gets the JSON error challenge of §3.2.2 and the client ends the
 * exchange with a single {@code %x01} (§3.2.3).
 */
final class OAuthBearerServer extends BearerServerBase {

  private static final int MAX_PORT = 65535;

  /** Creates the mechanism for one exchange. */
  public OAuthBearerServer(BearerTokenValidator validator, AuthorizationPolicy authorization,
      int maxResponseLength) {
    super("OAUTHBEARER", validator, new byte[] {OAuthFields.SEP}, authorization, maxResponseLength);
  }

  @Override
  BearerTokenRequest parse(String response) {
    Gs2Header header = Gs2Header.parse(response);
    if (header == null || response.length() == header.text().length()
        || response.charAt(header.text().length()) != OAuthFields.SEP) {
      return null;
    }
    Map<String, String> fields = OAuthFields.parse(response.substring(header.text().length() + 1));
    String auth = fields == null ? null : fields.get("auth");
    // an empty auth value is how a client asks which scope it needs (RFC 7628 §4.3): validated as an empty token
    String token = auth == null || auth.isEmpty() ? auth : OAuthFields.bearerToken(auth);
    if (token == null) {
      return null;
    }
    int port = -1;
    String portText = fields.get("port");
    if (portText != null) {
      if (portText.isEmpty() || portText.length() > 5 || !portText.chars().allMatch(c -> c >= '0' && c <= '9')
          || Integer.parseInt(portText) > MAX_PORT) {
        return null;
      }
      port = Integer.parseInt(portText);
    }
    return new BearerTokenRequest(name(), header.authorizationId(), fields.getOrDefault("host", ""), port, token);
  }

  @Override
  String errorChallenge(BearerTokenVerdict.Invalid invalid) {
    return OAuthErrors.oauthBearer(invalid);
  }
}
