package dev.missive.smtp.client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A randomised SMTP or LMTP server for property tests of the client engine: it reads what the client writes
 * (command lines, DATA content up to {@code CRLF . CRLF} with dots unstuffed, RFC 5321 §4.5.2; BDAT chunks by their
 * counted octets, RFC 3030 §2), answers each command with a reply chosen at random among those RFC 5321 §4.3.2
 * allows (one per accepted recipient after the data under LMTP, RFC 2033 §4.2), and records every transaction as it
 * saw it. With {@code malformed} it also breaks the protocol now and then: garbage and over-long lines, bare LFs,
 * codes out of place, replies nobody asked for, replies left out, wrong LMTP counts, 421.
 */
final class ScriptedPeer {

  /** One transaction as the server saw it: from MAIL to the reply (or replies) after the data, or to RSET. */
  static final class Transaction {
    final String sender;
    final boolean mailAccepted;
    final List<Integer> rcptCodes = new ArrayList<>();
    final ByteArrayOutputStream content = new ByteArrayOutputStream();
    final List<Integer> finalCodes = new ArrayList<>();
    boolean bdat;
    boolean chunkRefused;
    boolean terminated;

    Transaction(String sender, boolean mailAccepted) {
      this.sender = sender;
      this.mailAccepted = mailAccepted;
    }

    int acceptedRecipients() {
      return (int) rcptCodes.stream().filter(c -> c / 100 == 2).count();
    }

    /** Whether the server took the message: the reply after the data (under LMTP one of them) was positive. */
    boolean delivered() {
      return terminated && !chunkRefused && finalCodes.stream().anyMatch(c -> c / 100 == 2);
    }
  }

  private enum Mode { LINE, DATA, BDAT, GONE }

  private final Random random;
  private final boolean lmtp;
  private final boolean malformed;
  private final List<String> extensions;
  private final ByteArrayOutputStream in = new ByteArrayOutputStream();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final List<Transaction> transactions = new ArrayList<>();
  private Transaction current;
  private Mode mode = Mode.LINE;
  private long chunkLeft;
  private boolean chunkLast;
  private boolean brokeProtocol;
  private boolean unsolicited;

  ScriptedPeer(long seed, boolean lmtp, boolean malformed, List<String> extensions) {
    this.random = new Random(seed);
    this.lmtp = lmtp;
    this.malformed = malformed;
    this.extensions = extensions;
    reply(220, "mx.example ESMTP");
  }

  List<Transaction> transactions() {
    return transactions;
  }

  /** Whether the server sent something a correct server would not (only with {@code malformed}). */
  boolean brokeProtocol() {
    return brokeProtocol;
  }

  /**
   * Whether the server sent a reply no command asked for (an extra reply, or more LMTP replies than accepted
   * recipients): after it no client can tell which reply answers which command.
   */
  boolean sentUnsolicitedReply() {
    return unsolicited;
  }

  /** Takes and clears what the server has to send. */
  byte[] takeOutput() {
    byte[] b = out.toByteArray();
    out.reset();
    return b;
  }

  /** Reads what the client wrote and answers every complete command. */
  void feed(byte[] bytes) {
    in.writeBytes(bytes);
    byte[] buf = in.toByteArray();
    int p = 0;
    while (p < buf.length && mode != Mode.GONE) {
      if (mode == Mode.BDAT) {
        int n = (int) Math.min(chunkLeft, buf.length - p);
        if (current != null) {
          current.content.write(buf, p, n);
        }
        p += n;
        chunkLeft -= n;
        if (chunkLeft > 0) {
          break;
        }
        mode = Mode.LINE;
        chunkEnded();
        continue;
      }
      int eol = lineEnd(buf, p);
      if (eol < 0) {
        break;
      }
      String line = new String(buf, p, eol - p, StandardCharsets.UTF_8);
      if (mode == Mode.DATA) {
        dataLine(buf, p, eol);
      } else {
        command(line);
      }
      p = eol + 2;
    }
    in.reset();
    in.write(buf, p, buf.length - p);
  }

  private static int lineEnd(byte[] buf, int from) {
    for (int i = from; i + 1 < buf.length; i++) {
      if (buf[i] == '\r' && buf[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void dataLine(byte[] buf, int from, int eol) {
    if (eol - from == 1 && buf[from] == '.') {
      mode = Mode.LINE;
      if (current != null) {
        current.terminated = true;
        finalReplies(current);
      } else {
        reply(554, "no transaction");
      }
      current = null;
      return;
    }
    int start = buf[from] == '.' ? from + 1 : from; // RFC 5321 §4.5.2: a leading dot is removed
    if (current != null) {
      current.content.write(buf, start, eol - start);
      current.content.writeBytes(new byte[] {'\r', '\n'});
    }
  }

  private void command(String line) {
    String upper = line.toUpperCase(Locale.ROOT);
    if (upper.startsWith("EHLO ") || upper.startsWith("LHLO ")) {
      List<String> lines = new ArrayList<>();
      lines.add("mx.example");
      lines.addAll(extensions);
      multi(250, lines);
    } else if (upper.startsWith("HELO ")) {
      reply(250, "mx.example");
    } else if (upper.startsWith("MAIL FROM:<")) {
      String sender = line.substring(11, Math.max(11, line.indexOf('>')));
      int code = reply(pick(250, 85, 451, 5, 550, 10), "sender");
      current = new Transaction(sender, code / 100 == 2);
      transactions.add(current);
    } else if (upper.startsWith("RCPT TO:")) {
      int code = reply(current == null || !current.mailAccepted ? 503 : pick(250, 70, 251, 5, 450, 10, 550, 15),
          "recipient");
      if (current != null) {
        current.rcptCodes.add(code);
      }
    } else if (upper.equals("DATA")) {
      boolean possible = current != null && current.mailAccepted && current.acceptedRecipients() > 0;
      int code = reply(!possible ? (lmtp ? 503 : 554) : pick(354, 90, 451, 10), "data");
      if (code == 354) {
        mode = Mode.DATA; // what the client saw decides what it sends next
      }
    } else if (upper.startsWith("BDAT ")) {
      String[] words = line.split(" ");
      chunkLeft = Long.parseLong(words[1]);
      chunkLast = words.length > 2;
      mode = Mode.BDAT;
      if (current != null) {
        current.bdat = true;
      }
      if (chunkLeft == 0) {
        mode = Mode.LINE;
        chunkEnded();
      }
    } else if (upper.equals("RSET")) {
      current = null;
      reply(250, "reset");
    } else if (upper.equals("QUIT")) {
      reply(221, "bye");
      mode = Mode.GONE;
    } else {
      reply(500, "unrecognised");
    }
  }

  private void chunkEnded() {
    Transaction t = current;
    if (t == null || !t.mailAccepted || t.acceptedRecipients() == 0) {
      reply(503, "no transaction");
      return;
    }
    if (t.chunkRefused) { // RFC 3030 §2: discarded; after LAST one refusal, or (as some do) one per recipient
      int replies = chunkLast && lmtp && random.nextBoolean() ? t.acceptedRecipients() : 1;
      for (int i = 0; i < replies; i++) {
        reply(554, "discarded");
      }
    } else if (chunkLast) {
      t.terminated = true;
      finalReplies(t);
    } else if (reply(pick(250, 90, 451, 4, 552, 6), "chunk") / 100 != 2) {
      t.chunkRefused = true;
    }
    if (chunkLast) {
      current = null;
    }
  }

  /** The reply after the data; under LMTP one per accepted recipient (RFC 2033 §4.2). */
  private void finalReplies(Transaction t) {
    int replies = lmtp ? t.acceptedRecipients() : 1;
    if (lmtp && malformed && random.nextInt(30) == 0) {
      brokeProtocol = true;
      int wrong = random.nextBoolean() ? replies + 1 : Math.max(0, replies - 1); // fewer: the client times out
      unsolicited |= wrong > replies;
      replies = wrong;
    }
    for (int i = 0; i < replies; i++) {
      int code = reply(pick(250, 80, 452, 10, 554, 10), "final");
      if (code >= 0) {
        t.finalCodes.add(code);
      }
    }
  }

  private int reply(int code, String text) {
    return multi(code, List.of(text));
  }

  /**
   * Writes a reply, multi-line at random; with {@code malformed}, now and then something else.
   *
   * @return the code the client reads, or -1 when it reads none or an error
   */
  private int multi(int code, List<String> lines) {
    if (mode == Mode.GONE) {
      return -1;
    }
    if (malformed && random.nextInt(40) == 0) {
      return breakProtocol(code, lines);
    }
    List<String> texts = lines.size() == 1 && random.nextInt(8) == 0 ? List.of(lines.get(0), "more") : lines;
    for (int i = 0; i < texts.size(); i++) {
      write(code + (i == texts.size() - 1 ? " " : "-") + texts.get(i) + "\r\n");
    }
    return code;
  }

  private int breakProtocol(int code, List<String> lines) {
    brokeProtocol = true;
    switch (random.nextInt(9)) {
      case 0 -> write("garbage\r\n");
      case 1 -> write(code + " bare line feed\n");
      case 2 -> write(code + "-first\r\n" + (code == 250 ? 251 : 250) + " other code\r\n");
      case 3 -> write(code + " " + "x".repeat(600) + "\r\n");
      case 4 -> { } // no reply at all: the client times out
      case 5 -> {
        unsolicited = true;
        write(code + " " + lines.get(0) + "\r\n" + pick(250, 3, 354, 1, 554, 2, 221, 1) + " unsolicited\r\n");
        return code;
      }
      case 6 -> {
        write("421 4.3.2 closing\r\n");
        return 421;
      }
      case 7 -> {
        int other = pick(220, 1, 235, 1, 334, 1, 354, 1, 251, 1, 530, 1);
        write(other + " out of place\r\n");
        return other;
      }
      default -> {
        write(code + "\r\n"); // a bare code: legal, nothing else
        return code;
      }
    }
    return -1;
  }

  private void write(String s) {
    out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Picks a value from {@code value, weight, value, weight, ...}. */
  private int pick(int... valuesAndWeights) {
    int total = 0;
    for (int i = 1; i < valuesAndWeights.length; i += 2) {
      total += valuesAndWeights[i];
    }
    int r = random.nextInt(total);
    for (int i = 0; i < valuesAndWeights.length; i += 2) {
      r -= valuesAndWeights[i + 1];
      if (r < 0) {
        return valuesAndWeights[i];
      }
    }
    throw new AssertionError();
  }
}
