package dev.missive.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The example server's connection limit per client address ({@code --max-connections-per-address}), on both
 * transports: a connection over it gets SMTP {@code 421 4.7.0} (RFC 5321 §3.8, RFC 3463 §3.8 "security or policy
 * status") or POP3 {@code -ERR [SYS/TEMP]} (RFC 3206 §4) and is closed.
 */
@ParameterizedClass
@ValueSource(strings = {"blocking", "netty"})
class MissiveServerConnectionLimitTest {

  @Parameter
  String transport;

  @TempDir
  Path dir;

  @Test
  void aThirdConnectionFromOneAddressIsRefusedOnEveryListener() throws Exception {
    try (RunningServer server = new RunningServer(dir, transport, "--max-connections-per-address", "2")) {
      assertThirdRefused(server.smtp, "220 ", "421 4.7.0 example.org Too many connections, try again later");
      assertThirdRefused(server.submission, "220 ", "421 4.7.0 example.org Too many connections, try again later");
      assertThirdRefused(server.pop3, "+OK", "-ERR [SYS/TEMP] Too many connections, try again later");
    }
  }

  private static void assertThirdRefused(int port, String greeting, String refusal) throws Exception {
    try (Socket first = open(port); Socket second = open(port)) {
      assertThat(firstLine(first)).startsWith(greeting);
      assertThat(firstLine(second)).startsWith(greeting);
      try (Socket third = open(port)) {
        BufferedReader in = reader(third);
        assertThat(in.readLine()).isEqualTo(refusal);
        assertThat(in.readLine()).isNull();
      }
    }
  }

  private static Socket open(int port) throws Exception {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout(10_000);
    return s;
  }

  private static String firstLine(Socket s) throws Exception {
    return reader(s).readLine();
  }

  private static BufferedReader reader(Socket s) throws Exception {
    return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
  }
}
