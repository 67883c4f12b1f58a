package dev.missive.sasl.internal;

/**
 * The {@code saslname} encoding of RFC 5802 §5.1 (also RFC 5801 §4 and RFC 7628 §3.1): {@code ,} is sent as
 * {@code =2C} and {@code =} as {@code =3D}.
 */
public final class SaslName {

  private SaslName() {}

  /** Encodes a name. */
  public static String encode(String name) {
    return name.replace("=", "=3D").replace(",", "=2C");
  }

  /**
   * Decodes a name.
   *
   * @return the name, or {@code null} if it holds a {@code ,} or an {@code =} not followed by {@code 2C} or {@code 3D}
   */
  public static String decode(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ',') {
        return null;
      }
      if (c == '=') {
        if (value.startsWith("2C", i + 1)) {
          out.append(',');
        } else if (value.startsWith("3D", i + 1)) {
          out.append('=');
        } else {
          return null;
        }
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
