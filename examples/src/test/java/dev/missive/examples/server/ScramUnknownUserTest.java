package dev.missive.examples.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SCRAM-SHA-256 on the example server cannot tell unknown users from real ones (RFC 5802 §9, issue 12 item 11): the
 * decoy secret is made once in the data directory, owner-only, and an unknown name's salt is as stable as a real
 * one's, across restarts and whatever the spelling.
 */
class ScramUnknownUserTest {

  @TempDir
  Path dir;

  @Test
  void theSecretIsMadeOnceOwnerOnlyAndReadOnEveryStart() throws IOException {
    byte[] first = DecoySecret.loadOrCreate(dir);
    Path file = dir.resolve(DecoySecret.FILE_NAME);
    assertThat(first).hasSize(32);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(DecoySecret.loadOrCreate(dir)).isEqualTo(first);
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file); // no temporary file left behind
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(DecoySecret.loadOrCreate(dir)).isEqualTo(first);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    Files.write(file, new byte[5]);
    assertThatThrownBy(() -> DecoySecret.loadOrCreate(dir)).isInstanceOf(IOException.class)
        .hasMessageContaining("5 octets");
  }

  @Test
  void anUnknownUsersSaltIsStableAcrossRestartsAndSpellingsAndShapedLikeARealOne() throws Exception {
    String carol;
    String mallory;
    String alice;
    try (RunningServer server = new RunningServer(dir, "blocking")) {
      mallory = serverFirst(server.pop3, "mallory");
      assertThat(serverFirst(server.pop3, "MALLORY")).isEqualTo(mallory);
      alice = serverFirst(server.pop3, "alice");
      assertThat(serverFirst(server.pop3, "Alice")).isEqualTo(alice);
      carol = serverFirst(server.pop3, "carol");
    }
    try (RunningServer restarted = new RunningServer(dir, "netty")) {
      assertThat(serverFirst(restarted.pop3, "mallory")).isEqualTo(mallory);
    }
    assertThat(mallory).matches("s=[A-Za-z0-9+/]{22}==,i=4096").isNotEqualTo(alice).isNotEqualTo(carol);
    assertThat(alice).matches("s=[A-Za-z0-9+/]{22}==,i=4096");
  }

  /**
   * The salt and iteration count ({@code s=…,i=…}) the POP3 port answers to SCRAM-SHA-256's client-first-message
   * for {@code user} (RFC 5034 §4: plaintext logins are allowed on loopback, so no STLS).
   */
  private static String serverFirst(int port, String user) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
          StandardCharsets.US_ASCII));
      OutputStream out = socket.getOutputStream();
      assertThat(in.readLine()).startsWith("+OK");
      String clientFirst = Base64.getEncoder().encodeToString(("n,,n=" + user + ",r=abcdef")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(("AUTH SCRAM-SHA-256 " + clientFirst + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String challenge = in.readLine();
      assertThat(challenge).startsWith("+ ");
      String text = new String(Base64.getDecoder().decode(challenge.substring(2)), StandardCharsets.US_ASCII);
      out.write("*\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return text.substring(text.indexOf(",s=") + 1);
    }
  }
}
