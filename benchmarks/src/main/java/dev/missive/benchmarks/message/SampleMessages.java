package dev.missive.benchmarks.message;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates the {@link Sample} messages (RFC 5322 §3, RFC 2045/2046 bodies) from a fixed seed, so every run and
 * every machine measures the same bytes; written with its own tiny quoted-printable and base64 framing so the
 * inputs do not depend on the code being measured.
 */
final class SampleMessages {

  private static final long SEED = 0x6D69737369766531L;
  private static final String[] WORDS = {"the", "relay", "message", "envelope", "header", "body", "parser",
      "quoted", "printable", "boundary", "newsletter", "offer", "friends", "weekly", "digest", "garçon", "naïve",
      "Grüße", "déjà", "vu", "and", "of", "to", "a", "in", "is", "for", "on", "with", "mail"};
  private static final Map<Sample, byte[]> CACHE = new EnumMap<>(Sample.class);

  private SampleMessages() {}

  static synchronized byte[] of(Sample sample) {
    return CACHE.computeIfAbsent(sample, s -> generate(s).getBytes(StandardCharsets.UTF_8));
  }

  private static String generate(Sample sample) {
    SplittableRandom rnd = new SplittableRandom(SEED + sample.ordinal());
    switch (sample) {
      case PLAIN:
        return plain(rnd);
      case NEWSLETTER:
        return newsletter(rnd);
      case ATTACHMENT:
        return attachment(rnd);
      case FORWARD:
        return forward(rnd);
      case HEADERS:
        return headers(rnd);
      default:
        throw new IllegalArgumentException(sample.name());
    }
  }

  private static String plain(SplittableRandom rnd) {
    return basicHeader("A short note", 1)
        + "Content-Type: text/plain; charset=us-ascii\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
        + asciiText(rnd, 900);
  }

  private static String newsletter(SplittableRandom rnd) {
    StringBuilder text = new StringBuilder();
    StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
        + "<title>Weekly digest</title></head>\n<body style=\"font-family: Helvetica, Arial, sans-serif;\">\n");
    for (int i = 0; i < 24; i++) {
      String para = words(rnd, 60);
      text.append(para).append("\n\n");
      html.append("<h2 style=\"color:#336699; margin: 0 0 8px 0;\">Item ").append(i + 1).append("</h2>\n<p>")
          .append(para).append(" <a href=\"https://news.example/item?id=").append(i)
          .append("&amp;utm_source=newsletter\">Read more</a></p>\n");
    }
    html.append("</body></html>\n");
    String b = "=_alt_" + Long.toHexString(rnd.nextLong());
    return basicHeader("Weekly digest", 2)
        + "Content-Type: multipart/alternative; boundary=\"" + b + "\"\r\n\r\n"
        + "This is a multi-part message in MIME format.\r\n"
        + "--" + b + "\r\nContent-Type: text/plain; charset=utf-8\r\n"
        + "Content-Transfer-Encoding: quoted-printable\r\n\r\n" + quotedPrintable(text.toString()) + "\r\n"
        + "--" + b + "\r\nContent-Type: text/html; charset=utf-8\r\n"
        + "Content-Transfer-Encoding: quoted-printable\r\n\r\n" + quotedPrintable(html.toString()) + "\r\n"
        + "--" + b + "--\r\n";
  }

  private static String attachment(SplittableRandom rnd) {
    byte[] data = new byte[1 << 20];
    rnd.nextBytes(data);
    String b = "=_mixed_" + Long.toHexString(rnd.nextLong());
    return basicHeader("The report", 3)
        + "Content-Type: multipart/mixed; boundary=\"" + b + "\"\r\n\r\n"
        + "--" + b + "\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n" + asciiText(rnd, 400) + "\r\n"
        + "--" + b + "\r\nContent-Type: application/octet-stream; name=\"report.bin\"\r\n"
        + "Content-Disposition: attachment; filename=\"report.bin\"\r\n"
        + "Content-Transfer-Encoding: base64\r\n\r\n"
        + Base64.getMimeEncoder(76, new byte[] {'\r', '\n'}).encodeToString(data) + "\r\n"
        + "--" + b + "--\r\n";
  }

  private static String forward(SplittableRandom rnd) {
    String inner = "Return-Path: <carol@origin.example>\r\n" + newsletter(rnd);
    String b = "=_fwd_" + Long.toHexString(rnd.nextLong());
    return basicHeader("Fwd: Weekly digest", 4)
        + "Content-Type: multipart/mixed; boundary=\"" + b + "\"\r\n\r\n"
        + "--" + b + "\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
        + "See below, forwarded as an attachment.\r\n\r\n"
        + "--" + b + "\r\nContent-Type: message/rfc822\r\nContent-Disposition: inline\r\n\r\n" + inner + "\r\n"
        + "--" + b + "--\r\n";
  }

  private static String headers(SplittableRandom rnd) {
    StringBuilder h = new StringBuilder();
    for (int hop = 0; hop < 20; hop++) {
      h.append("Received: from relay").append(hop + 1).append(".hop.example (relay").append(hop + 1)
          .append(".hop.example [192.0.2.").append(hop + 10).append("])\r\n\tby mx").append(hop + 2)
          .append(".hop.example (Postfix) with ESMTPS id ").append(Long.toHexString(rnd.nextLong()).toUpperCase())
          .append("\r\n\tfor <bob@dest.example>; (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256)\r\n")
          .append("\tMon, 23 Nov 2026 11:").append(10 + hop).append(":0").append(hop % 10).append(" +0000\r\n");
    }
    for (int i = 0; i < 12; i++) {
      h.append("X-Trace-").append(i).append(": ").append(words(rnd, 8)).append("\r\n");
    }
    for (int i = 0; i < 4; i++) {
      h.append("ARC-Seal: i=").append(i + 1).append("; a=rsa-sha256; t=1795000000; cv=pass; d=hop.example;\r\n")
          .append("\ts=arc; b=").append(base64Line(rnd, 96)).append("\r\n\t").append(base64Line(rnd, 96))
          .append("\r\n");
    }
    h.append("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=origin.example; s=sel;\r\n")
        .append("\th=from:to:subject:date:message-id; bh=").append(base64Line(rnd, 44)).append(";\r\n")
        .append("\tb=").append(base64Line(rnd, 70)).append("\r\n\t").append(base64Line(rnd, 70)).append("\r\n");
    h.append("Authentication-Results: mx.dest.example; dkim=pass header.d=origin.example;\r\n")
        .append("\tspf=pass smtp.mailfrom=origin.example; dmarc=pass header.from=origin.example\r\n");
    h.append("List-Unsubscribe: <mailto:leave@origin.example>, <https://origin.example/leave>\r\n");
    // 20 Received, 12 X-Trace, 4 ARC-Seal, DKIM, Authentication-Results, List-Unsubscribe: 39 so far;
    // 10 X-Spam-Rule, 4 more, then 6 in basicHeader and Content-Type: 60 in all
    for (int i = 0; i < 10; i++) {
      h.append("X-Spam-Rule-").append(i).append(": score=").append(rnd.nextInt(100)).append("\r\n");
    }
    h.append("Cc: carol@dest.example, dave@dest.example\r\nReply-To: list@origin.example\r\n")
        .append("Precedence: list\r\nList-Id: <digest.origin.example>\r\n");
    return h + basicHeader("Many hops", 5) + "Content-Type: text/plain; charset=us-ascii\r\n\r\n"
        + asciiText(rnd, 300);
  }

  /** Six fields: From, To, Subject, Date, Message-ID, MIME-Version (Content-Type follows). */
  private static String basicHeader(String subject, int n) {
    return "From: Alice Example <alice@origin.example>\r\nTo: Bob Example <bob@dest.example>\r\n"
        + "Subject: " + subject + "\r\nDate: Mon, 23 Nov 2026 12:00:0" + n + " +0000\r\n"
        + "Message-ID: <" + n + ".bench@origin.example>\r\nMIME-Version: 1.0\r\n";
  }

  private static String words(SplittableRandom rnd, int count) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < count; i++) {
      sb.append(i == 0 ? "" : " ").append(WORDS[rnd.nextInt(WORDS.length)]);
    }
    return sb.toString();
  }

  /** US-ASCII prose of about {@code size} chars in lines of at most 72, CRLF-terminated. */
  private static String asciiText(SplittableRandom rnd, int size) {
    StringBuilder sb = new StringBuilder();
    int line = 0;
    while (sb.length() < size) {
      String w = WORDS[rnd.nextInt(20)] + " ";
      if (line + w.length() > 72) {
        sb.append("\r\n");
        line = 0;
      }
      sb.append(w);
      line += w.length();
    }
    return sb.append("\r\n").toString();
  }

  private static String base64Line(SplittableRandom rnd, int chars) {
    byte[] raw = new byte[chars * 3 / 4];
    rnd.nextBytes(raw);
    return Base64.getEncoder().withoutPadding().encodeToString(raw);
  }

  /** RFC 2045 §6.7 quoted-printable of UTF-8 text with LF line ends turned into CRLF, soft breaks at 76. */
  static String quotedPrintable(String text) {
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      int col = 0;
      for (byte b : line.getBytes(StandardCharsets.UTF_8)) {
        int v = b & 0xFF;
        String enc = (v == '=' || v > 126 || (v < 32 && v != '\t')) ? String.format("=%02X", v)
            : String.valueOf((char) v);
        if (col + enc.length() > 75) {
          out.append("=\r\n");
          col = 0;
        }
        out.append(enc);
        col += enc.length();
      }
      out.append("\r\n");
    }
    return out.substring(0, out.length() - 2);
  }
}
