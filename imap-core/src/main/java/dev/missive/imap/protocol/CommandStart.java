package dev.missive.imap.protocol;

import dev.missive.imap.internal.text.CharClasses;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What {@link CommandDecoder} reads from the start of a command it is still buffering, before the command is
 * parsed: its tag, to answer a command refused part-way with the right tag, and whether it is an APPEND, whose
 * message literals are streamed rather than buffered.
 */
final class CommandStart {

  private CommandStart() {
  }

  /**
   * The tag at the start of a command, if it reads as one followed by a space (RFC 9051 §9 {@code tag}).
   *
   * @param buf the buffered octets of the command
   * @param len how many of them are buffered
   * @return the tag, or empty
   */
  static Optional<String> tag(byte[] buf, int len) {
    int i = 0;
    while (i < len && CharClasses.isTagChar(buf[i])) {
      i++;
    }
    if (i == 0 || i >= len || buf[i] != ' ') {
      return Optional.empty();
    }
    return Optional.of(new String(buf, 0, i, StandardCharsets.US_ASCII));
  }

  /**
   * Whether the command's name, after the tag, is APPEND in any case (RFC 9051 §6.3.12).
   *
   * @param buf the buffered octets of the command
   * @param len how many of them are buffered
   * @return whether it is an APPEND command
   */
  static boolean isAppend(byte[] buf, int len) {
    int i = 0;
    while (i < len && buf[i] != ' ') {
      i++;
    }
    i++;
    if (i + 6 > len) {
      return false;
    }
    for (int k = 0; k < 6; k++) {
      if ((buf[i + k] & 0xDF) != "APPEND".charAt(k)) {
        return false;
      }
    }
    return i + 6 == len || buf[i + 6] == ' ' || buf[i + 6] == '\r' || buf[i + 6] == '\n';
  }
}
