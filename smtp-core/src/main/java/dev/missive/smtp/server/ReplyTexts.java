package dev.missive.smtp.server;

import dev.missive.smtp.Reply;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The texts of the replies the server engine composes itself (RFC 5321 §4.2: "the text may be receiver
 * dependent"): immutable, one per {@link ReplyText}, whose code and enhanced status code stay fixed. Held by
 * {@link SmtpServerConfig#texts()}; {@link #DEFAULT} is the engine's own wording.
 *
 * <pre>{@code
 * ReplyTexts texts = ReplyTexts.DEFAULT.with(ReplyText.CLOSING, "Goodbye")
 *     .with(ReplyText.EHLO_GREETING, "{host} says hello");
 * }</pre>
 *
 * <p>Each text is printable US-ASCII (RFC 5321 §4.2 {@code textstring}, without HT), not empty, neither begins nor
 * ends with a space (the separator after the code is the engine's), at most
 * {@link Reply#MAX_LINE_TEXT} characters, and uses only the placeholders {@code {host}} and, in
 * {@link ReplyText#EHLO_GREETING} only, {@code {client}}. {@link SmtpServerConfig} checks that each line still fits
 * 512 octets once the host name (and a client name of 255 octets, RFC 5321 §4.5.3.1.2) is put in.
 *
 * @param texts the text of every reply; those missing get their {@link ReplyText#defaultText()}
 */
public record ReplyTexts(Map<ReplyText, String> texts) {

  /** Placeholder for the server's host name. */
  public static final String HOST = "{host}";
  /** Placeholder for the client's name, in {@link ReplyText#EHLO_GREETING} only. */
  public static final String CLIENT = "{client}";
  /** The longest client name that {@code {client}} may stand for (RFC 5321 §4.5.3.1.2). */
  static final int MAX_CLIENT_NAME = 255;

  /** The engine's own texts. */
  public static final ReplyTexts DEFAULT = new ReplyTexts(Map.of());

  /**
   * Fills in the defaults and validates every text.
   *
   * @param texts the text of every reply; those missing get their {@link ReplyText#defaultText()}
   */
  public ReplyTexts {
    Objects.requireNonNull(texts, "texts");
    EnumMap<ReplyText, String> all = new EnumMap<>(ReplyText.class);
    for (ReplyText t : ReplyText.values()) {
      all.put(t, t.defaultText());
    }
    for (Map.Entry<ReplyText, String> e : texts.entrySet()) {
      all.put(Objects.requireNonNull(e.getKey(), "reply text key"), validate(e.getKey(), e.getValue()));
    }
    texts = Collections.unmodifiableMap(all);
  }

  private static String validate(ReplyText which, String text) {
    if (text == null || text.isEmpty() || text.length() > Reply.MAX_LINE_TEXT) {
      throw new IllegalArgumentException(which + " text must have 1 to " + Reply.MAX_LINE_TEXT + " characters");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        throw new IllegalArgumentException(which + " text must be printable US-ASCII (no CR, LF, NUL or controls)");
      }
    }
    if (text.charAt(0) == ' ' || text.charAt(text.length() - 1) == ' ') {
      throw new IllegalArgumentException(which + " text must not begin or end with a space");
    }
    if (which == ReplyText.EHLO_GREETING && !(text.equals(HOST) || text.startsWith(HOST + " "))) {
      throw new IllegalArgumentException("the EHLO greeting starts with " + HOST + " (RFC 5321 §4.1.1.1)");
    }
    if (which != ReplyText.EHLO_GREETING && text.contains(CLIENT)) {
      throw new IllegalArgumentException(CLIENT + " may appear in the EHLO greeting only");
    }
    return text;
  }

  /**
   * A copy with {@code which} worded as {@code text}.
   *
   * @param which the reply
   * @param text  its new template
   * @return a copy with that text
   */
  public ReplyTexts with(ReplyText which, String text) {
    EnumMap<ReplyText, String> copy = new EnumMap<>(texts);
    copy.put(Objects.requireNonNull(which, "which"), text);
    return new ReplyTexts(copy);
  }

  /**
   * The template of {@code which}, placeholders unexpanded.
   *
   * @param which the reply
   * @return the template
   */
  public String text(ReplyText which) {
    return texts.get(which);
  }

  /**
   * The text of {@code which} with {@code {host}} and {@code {client}} put in.
   *
   * @param which      the reply
   * @param hostname   the server's host name
   * @param clientName the name the client gave
   * @return the expanded text
   */
  public String expand(ReplyText which, String hostname, String clientName) {
    String text = texts.get(which);
    if (text.indexOf('{') < 0) {
      return text;
    }
    String out = text.replace(HOST, hostname);
    return which == ReplyText.EHLO_GREETING ? out.replace(CLIENT, clientName) : out;
  }

  /**
   * The reply for {@code which}: its fixed code and enhanced status, its text with {@code {host}} put in.
   *
   * @param which    the reply
   * @param hostname the server's host name
   * @return the reply
   */
  public Reply reply(ReplyText which, String hostname) {
    return new Reply(which.code(), which.status(), List.of(expand(which, hostname, "")));
  }

  /** The longest line any text makes with {@code hostname}, counting {@code {client}} as 255 characters. */
  int longestLine(String hostname) {
    String client = "x".repeat(MAX_CLIENT_NAME);
    int max = 0;
    for (ReplyText t : ReplyText.values()) {
      max = Math.max(max, expand(t, hostname, client).length());
    }
    return max;
  }
}
