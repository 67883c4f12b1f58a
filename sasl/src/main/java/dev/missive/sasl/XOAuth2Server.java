package dev.missive.sasl;

import dev.missive.sasl.internal.OAuthFields;
import java.util.Map;

/**
 * The server side of XOAUTH2 in Google's documented form ({@code user=<user>^Aauth=Bearer <token>^A^A}); a
 * rejected token gets a JSON error challenge, which the client answers with an empty response. The user is
 * required: an empty one is a malformed response (it does not mean "whoever the token belongs to").
 */
final class XOAuth2Server extends BearerServerBase {

  /** Creates the mechanism for one exchange. */
  public XOAuth2Server(BearerTokenValidator validator, AuthorizationPolicy authorization, int maxResponseLength) {
    super("XOAUTH2", validator, new byte[0], authorization, maxResponseLength);
  }

  @Override
  BearerTokenRequest parse(String response) {
    Map<String, String> fields = OAuthFields.parse(response);
    String token = fields == null ? null : OAuthFields.bearerToken(fields.get("auth"));
    String user = fields == null ? null : fields.get("user");
    if (token == null || user == null || user.isEmpty()) { // the form names the account: "user=" {User}
      return null;
    }
    return new BearerTokenRequest(name(), user, "", -1, token);
  }

  @Override
  String errorChallenge(BearerTokenVerdict.Invalid invalid) {
    return OAuthErrors.xoauth2(invalid);
  }
}
