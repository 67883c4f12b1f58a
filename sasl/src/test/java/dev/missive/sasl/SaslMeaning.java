package dev.missive.sasl;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a SASL message means, read from each mechanism's grammar independently of the module's code, so a fuzz
 * target can tell a neutral change (the same meaning in other octets: SASLprep-equivalent names, another base64
 * spelling of the same proof, a LOGIN prompt nobody reads) from one that must make the exchange fail.
 */
final class SaslMeaning {

  private static final Pattern XOAUTH2 = Pattern.compile("user=([^\u0001]*)\u0001auth=Bearer ([^\u0001]+)\u0001\u0001");
  /**
   * OAUTHBEARER's GS2 header (RFC 7628 §3.1, grammar of RFC 5801 §4). The mechanism never binds channels, so the
   * flags {@code n} (the client cannot bind) and {@code y} (it could, but the server offered no binding) mean the
   * same to the server; {@code p} asks for a binding and must fail.
   */
  private static final Pattern OAUTHBEARER_HEADER = Pattern.compile("[ny],(?:a=([^,]*))?,");

  private SaslMeaning() {}

  /**
   * Whether changing {@code original} into {@code replaced} keeps its meaning.
   *
   * @param mechanism  the mechanism name
   * @param fromClient whether the message went from client to server
   */
  static boolean same(String mechanism, boolean fromClient, byte[] original, byte[] replaced) {
    if (!fromClient && !mechanism.equals("CRAM-MD5") && !mechanism.equals("SCRAM-SHA-256")) {
      // PLAIN's empty challenge, LOGIN's prompts, the bearer mechanisms' empty challenge: the client reads none
      return true;
    }
    Optional<List<String>> a = meaning(mechanism, original);
    return a.isPresent() && a.equals(meaning(mechanism, replaced));
  }

  static Optional<List<String>> meaning(String mechanism, byte[] message) {
    Optional<String> text = utf8(message);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String s = text.get();
    switch (mechanism) {
      case "PLAIN": {
        String[] parts = s.split("\u0000", -1);
        if (parts.length != 3) {
          return Optional.empty();
        }
        Optional<String> user = SaslPrep.query(parts[1]);
        Optional<String> password = SaslPrep.query(parts[2]);
        if (user.isEmpty() || password.isEmpty()) {
          return Optional.empty();
        }
        return Optional.of(List.of(parts[0].isEmpty() ? user.get() : parts[0], user.get(), password.get()));
      }
      case "LOGIN":
        return SaslPrep.query(s).map(List::of);
      case "CRAM-MD5": {
        int space = s.lastIndexOf(' ');
        return space < 0 ? Optional.empty()
            : Optional.of(List.of(s.substring(0, space), s.substring(space + 1).toLowerCase(Locale.ROOT)));
      }
      case "XOAUTH2": {
        Matcher m = XOAUTH2.matcher(s);
        return m.matches() ? Optional.of(List.of(m.group(1), m.group(2))) : Optional.empty();
      }
      case "OAUTHBEARER": {
        int first = s.indexOf('\u0001');
        if (first < 0 || first + 1 > s.length() - 2 || !s.endsWith("\u0001\u0001")) {
          // no ^A, or the header's ^A is also the first of the closing ^A^A (RFC 7628 §3.1: kvsep
          // key=value kvsep ... kvsep): no key/value part, so no token
          return Optional.empty();
        }
        Matcher header = OAUTHBEARER_HEADER.matcher(s.substring(0, first));
        if (!header.matches()) {
          return Optional.empty();
        }
        String token = null;
        for (String pair : s.substring(first + 1, s.length() - 2).split("\u0001", -1)) {
          if (pair.startsWith("auth=Bearer ")) {
            token = pair.substring("auth=Bearer ".length());
          }
        }
        String user = header.group(1) == null ? "" : header.group(1).replace("=2C", ",").replace("=3D", "=");
        return token == null ? Optional.empty() : Optional.of(List.of(user, token));
      }
      default: {
        // SCRAM (RFC 5802 §7): attributes in order, base64 values compared as the octets they stand for
        List<String> out = new ArrayList<>();
        for (String attribute : s.split(",", -1)) {
          if (attribute.length() > 2 && attribute.charAt(1) == '='
              && "cpsv".indexOf(attribute.charAt(0)) >= 0) {
            try {
              out.add(attribute.charAt(0) + "=" + java.util.HexFormat.of()
                  .formatHex(Base64.getDecoder().decode(attribute.substring(2))));
              continue;
            } catch (IllegalArgumentException e) {
              // not base64: compared as written
            }
          }
          out.add(attribute);
        }
        return Optional.of(out);
      }
    }
  }

  private static Optional<String> utf8(byte[] message) {
    try {
      return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(message)).toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
