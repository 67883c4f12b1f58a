package dev.missive.message.internal;

import dev.missive.message.header.ContentType;

/** The media types whose body is a whole message: message/rfc822 (RFC 2046 §5.2.1) and message/global (RFC 6532). */
public final class EncapsulatedTypes {

  private EncapsulatedTypes() {
  }

  /** Whether the body of an entity of this type is an encapsulated message. */
  public static boolean isMessage(ContentType type) {
    return type.type().equalsIgnoreCase("message")
        && (type.subtype().equalsIgnoreCase("rfc822") || type.subtype().equalsIgnoreCase("global"));
  }
}
