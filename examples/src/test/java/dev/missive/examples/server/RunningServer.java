package dev.missive.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.examples.maildir.Maildir;
import dev.missive.examples.maildir.MaildirMessage;
import dev.missive.testkit.TestTls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link MissiveServer} started in-process on free loopback ports for a test, with the test's own TLS context and
 * users alice:secret, bob:pw and carol (whose password is meant to be searched for in logs).
 */
final class RunningServer implements AutoCloseable {

  static final String CAROL_PASSWORD = "Zq9-carol-Pw-77";

  final Path dir;
  final MissiveServer server;
  final int smtp;
  final int submission;
  final int pop3;
  private boolean closed;

  /** Starts the server on {@code transport} with the given extra options. */
  RunningServer(Path dir, String transport, String... extra) throws Exception {
    this.dir = dir;
    List<String> args = new ArrayList<>(List.of("--smtp", "0", "--submission", "0", "--pop3", "0", "--imap", "0",
        "--maildir", dir.toString(), "--domain", "example.org", "--transport", transport,
        "--user", "alice:secret", "--user", "bob:pw", "--user", "carol:" + CAROL_PASSWORD));
    args.addAll(Arrays.asList(extra));
    server = new MissiveServer(ServerOptions.parse(args.toArray(String[]::new)), TestTls.serverContext());
    smtp = server.ports().get("smtp");
    submission = server.ports().get("submission");
    pop3 = server.ports().get("pop3");
  }

  /** The messages in a user's Maildir, in delivery order. */
  List<MaildirMessage> mailbox(String user) throws IOException {
    return new Maildir(dir, "example.org").list(user);
  }

  /** The one message in a user's Maildir, as stored. */
  byte[] onlyMessage(String user) throws IOException {
    List<MaildirMessage> messages = mailbox(user);
    assertThat(messages).hasSize(1);
    return Files.readAllBytes(messages.get(0).file());
  }

  /**
   * Checks that a stored message is exactly {@code Return-Path: <returnPath>}, on the MX port this host's
   * {@code Authentication-Results:}, one {@code Received:} field (possibly folded) and then the bytes the client
   * sent, unchanged (RFC 5321 §4.4).
   */
  static void assertStoredAs(byte[] stored, String returnPath, byte[] sent) {
    String text = new String(stored, StandardCharsets.UTF_8);
    String returnPathField = "Return-Path: <" + returnPath + ">\r\n";
    assertThat(text).startsWith(returnPathField);
    int at = returnPathField.length();
    if (text.startsWith("Authentication-Results: ", at)) { // the MX port's own, one field (RFC 8601 §5)
      do {
        at = text.indexOf("\r\n", at) + 2;
      } while (text.charAt(at) == ' ' || text.charAt(at) == '\t');
    }
    String expectedStart = text.substring(0, at) + "Received: ";
    assertThat(text).startsWith(expectedStart);
    assertThat(stored.length).isGreaterThan(sent.length);
    byte[] tail = Arrays.copyOfRange(stored, stored.length - sent.length, stored.length);
    assertThat(tail).isEqualTo(sent);
    String trace = text.substring(0, text.length() - new String(sent, StandardCharsets.UTF_8).length());
    String[] lines = trace.substring(expectedStart.length()).split("\r\n", -1);
    assertThat(lines[lines.length - 1]).isEmpty(); // the trace ends with CRLF
    for (int i = 1; i < lines.length - 1; i++) {
      assertThat(lines[i]).as("continuation of Received").matches("[ \t].*");
    }
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      server.close();
    }
  }
}
