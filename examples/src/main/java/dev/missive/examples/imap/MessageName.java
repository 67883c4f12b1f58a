package dev.missive.examples.imap;

/**
 * A Maildir message file name, {@code unique[,fields][:2,info]}: the unique name (what identifies the message while
 * it moves between {@code new/} and {@code cur/} and its flags change, POP3's UIDL too), the base before the info,
 * and the info's flag letters (the Maildir format of qmail and Courier's Maildir++: {@code D} draft, {@code F}
 * flagged, {@code P} passed, {@code R} replied, {@code S} seen, {@code T} trashed, lower-case letters for keywords).
 *
 * @param unique the unique name, before the first {@code ,} or {@code :}
 * @param base   the name before {@code :2,}
 * @param info   the flag letters after {@code :2,}, possibly empty
 */
record MessageName(String unique, String base, String info) {

  /**
   * Reads a file name.
   *
   * @param fileName the name in {@code new/} or {@code cur/}
   * @return its parts
   */
  static MessageName parse(String fileName) {
    int colon = fileName.indexOf(':');
    String base = colon < 0 ? fileName : fileName.substring(0, colon);
    String info = colon >= 0 && fileName.startsWith(":2,", colon) ? fileName.substring(colon + 3) : "";
    int comma = base.indexOf(',');
    return new MessageName(comma < 0 ? base : base.substring(0, comma), base, info);
  }

  /**
   * The size the file name records ({@code ,S=}, Maildir++), so listing never reads the file.
   *
   * @return the size in octets, or -1 when the name does not say
   */
  long size() {
    int at = base.indexOf(",S=");
    if (at < 0) {
      return -1;
    }
    int end = at + 3;
    while (end < base.length() && Character.isDigit(base.charAt(end))) {
      end++;
    }
    try {
      return Long.parseLong(base.substring(at + 3, end));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * This message's name in {@code cur/} with other flag letters.
   *
   * @param newInfo the letters, in ASCII order
   * @return the file name
   */
  String withInfo(String newInfo) {
    return base + ":2," + newInfo;
  }
}
