package dev.missive.message.internal;

/** The media types whose body is a whole message: message/rfc822 (RFC 2046 §5.2.1) and message/global (RFC 6532). */
public final class EncapsulatedTypes {

  private EncapsulatedTypes() {
  }

  /**
   * Whether the body of an entity of this type is an encapsulated message.
   *
   * @param type    the media type's type, e.g. {@code message}
   * @param subtype its subtype, e.g. {@code rfc822}
   * @return whether the body is a whole message
   */
  public static boolean isMessage(String type, String subtype) {
    return type.equalsIgnoreCase("message")
        && (subtype.equalsIgnoreCase("rfc822") || subtype.equalsIgnoreCase("global"));
  }
}
