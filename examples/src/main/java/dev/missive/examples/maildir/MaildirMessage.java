package dev.missive.examples.maildir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One message file in a Maildir: its unique name (the part before {@code :} flags and {@code ,} size fields, which
 * POP3 uses as its UIDL, RFC 1939 §7) and its size with CRLF line endings (from the {@code ,W=} field, or counted).
 *
 * @param file       the message file
 * @param uniqueName the Maildir unique name
 * @param crlfSize   the size in octets with CRLF line endings
 */
public record MaildirMessage(Path file, String uniqueName, long crlfSize) {

  static MaildirMessage of(Path file) throws IOException {
    String name = file.getFileName().toString();
    int colon = name.indexOf(':');
    String base = colon < 0 ? name : name.substring(0, colon);
    int comma = base.indexOf(',');
    String unique = comma < 0 ? base : base.substring(0, comma);
    long w = field(base, ",W=");
    return new MaildirMessage(file, unique, w >= 0 ? w : countCrlfSize(file));
  }

  private static long field(String base, String key) {
    int at = base.indexOf(key);
    if (at < 0) {
      return -1;
    }
    int end = at + key.length();
    while (end < base.length() && Character.isDigit(base.charAt(end))) {
      end++;
    }
    try {
      return Long.parseLong(base.substring(at + key.length(), end));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static long countCrlfSize(Path file) throws IOException {
    CrlfSizeCounter counter = new CrlfSizeCounter();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[16384];
      for (int n; (n = in.read(buf)) > 0; ) {
        counter.count(ByteBuffer.wrap(buf, 0, n));
      }
    }
    return counter.crlfSize();
  }
}
