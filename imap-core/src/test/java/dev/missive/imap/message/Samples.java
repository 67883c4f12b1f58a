package dev.missive.imap.message;

import java.nio.charset.StandardCharsets;

/** Messages for the helper tests, with every structure BODYSTRUCTURE and sections must handle. */
final class Samples {

  private Samples() {}

  static final String MIXED = String.join("\r\n",
      "From: Alice <alice@example.org>",
      "To: Bob <bob@example.com>, \"Carol, C.\" <carol@example.com>,",
      " friends: dan@example.net, =?utf-8?q?Eve_=C3=89?= <eve@example.net>;",
      "Subject: =?utf-8?q?caf=C3=A9?= test",
      "Date: Wed, 17 Jul 1996 02:23:25 -0700",
      "Message-ID: <1@example.org>",
      "MIME-Version: 1.0",
      "Content-Type: multipart/mixed; boundary=\"b1\"",
      "",
      "preamble",
      "--b1",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: quoted-printable",
      "Content-Language: en, de",
      "",
      "caf=C3=A9 line1",
      "line2",
      "--b1",
      "Content-Type: application/octet-stream; name=\"a.bin\"",
      "Content-Transfer-Encoding: base64",
      "Content-Disposition: attachment; filename=\"a.bin\"",
      "Content-ID: <a@x>",
      "Content-Description: four octets",
      "",
      "AAECAw==",
      "--b1",
      "Content-Type: message/rfc822",
      "",
      "Subject: inner",
      "From: x@y.z",
      "",
      "inner body",
      "--b1--",
      "epilogue",
      "");

  static final String SIMPLE = "Subject: hi\r\nFrom: a@b.c\r\n\r\nline one\r\nline two\r\n";

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
