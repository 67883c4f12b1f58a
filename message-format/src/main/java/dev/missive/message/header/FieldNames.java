package dev.missive.message.header;

import java.nio.charset.StandardCharsets;

/**
 * The field names nearly every message carries, spelled as their specifications spell them, so that parsing a
 * field with one of these names reuses one {@code String} instead of making a new one per field: RFC 5322 §3.6
 * (origination, destination, identification, informational and trace fields), RFC 2045 §3 and RFC 2183 (MIME),
 * RFC 6376 (DKIM-Signature), RFC 8617 (ARC), RFC 8601 (Authentication-Results), RFC 2369 and RFC 2919 (List-*),
 * and a few widespread others. Only an exact, case-sensitive match is reused: a name written in another case keeps
 * its own spelling, as {@link HeaderField#name()} promises.
 */
final class FieldNames {

  private static final String[] KNOWN = {"Received", "Return-Path", "From", "To", "Cc", "Bcc", "Sender",
      "Reply-To", "Subject", "Date", "Message-ID", "In-Reply-To", "References", "Comments", "Keywords",
      "Resent-Date", "Resent-From", "Resent-Sender", "Resent-To", "Resent-Cc", "Resent-Message-ID",
      "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "Content-Disposition", "Content-ID",
      "Content-Description", "Content-Language", "DKIM-Signature", "ARC-Seal", "ARC-Message-Signature",
      "ARC-Authentication-Results", "Authentication-Results", "Received-SPF", "List-Id", "List-Unsubscribe",
      "List-Unsubscribe-Post", "List-Post", "List-Help", "List-Subscribe", "List-Archive", "List-Owner",
      "Precedence", "Delivered-To", "X-Mailer", "User-Agent", "Thread-Topic", "Thread-Index", "Importance",
      "X-Priority", "Organization", "Auto-Submitted", "Feedback-ID", "X-Original-To", "Errors-To"};
  /** Open addressing over {@link #hash}: a power of two at least four times the names, so probes stay short. */
  private static final int SLOTS = 256;
  private static final String[] NAMES = new String[SLOTS];
  private static final byte[][] BYTES = new byte[SLOTS][];

  static {
    for (String name : KNOWN) {
      byte[] b = name.getBytes(StandardCharsets.US_ASCII);
      int i = hash(b, 0, b.length);
      while (NAMES[i] != null) {
        i = (i + 1) & (SLOTS - 1);
      }
      NAMES[i] = name;
      BYTES[i] = b;
    }
  }

  private FieldNames() {
  }

  /**
   * The name in {@code raw[from, from + len)}: a shared string when it is a known name spelled exactly so, else a
   * new one (ISO-8859-1, one char per octet).
   */
  static String of(byte[] raw, int from, int len) {
    if (len > 0) {
      for (int i = hash(raw, from, len); NAMES[i] != null; i = (i + 1) & (SLOTS - 1)) {
        if (equal(BYTES[i], raw, from, len)) {
          return NAMES[i];
        }
      }
    }
    return new String(raw, from, len, StandardCharsets.ISO_8859_1);
  }

  /** Length, first, middle and last octet: enough to spread these names, and constant time whatever the length. */
  private static int hash(byte[] b, int from, int len) {
    int h = len * 31 + b[from];
    h = h * 31 + b[from + len / 2];
    h = h * 31 + b[from + len - 1];
    return (h ^ h >>> 7) & (SLOTS - 1);
  }

  private static boolean equal(byte[] known, byte[] raw, int from, int len) {
    if (known.length != len) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (known[i] != raw[from + i]) {
        return false;
      }
    }
    return true;
  }
}
