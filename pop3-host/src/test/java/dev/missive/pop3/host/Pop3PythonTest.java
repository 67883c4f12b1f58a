package dev.missive.pop3.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.missive.testkit.ExternalTools;
import dev.missive.testkit.TestTls;
import dev.missive.transport.TlsSettings;
import dev.missive.transport.Transport;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Python's poplib against the POP3 listener on both transports: USER/PASS refused before STLS (RFC 2595 §4, the
 * strict default), then STLS, STAT, UIDL, RETR (dot-unstuffed by poplib, RFC 1939 §3) and DELE applied at QUIT
 * (RFC 1939 §6), and a login over the implicit-TLS port (RFC 8314 §3).
 */
@Timeout(120)
class Pop3PythonTest {

  static final Path PYTHON = Path.of("/usr/bin/python3");

  @ParameterizedTest
  @EnumSource(Transport.class)
  void poplibReadsAndDeletesOverStlsAndImplicitTls(Transport transport, @TempDir Path dir) throws Exception {
    assumeTrue(ExternalTools.availableOrFailOnCi("python3", ExternalTools.isExecutable(PYTHON)), "no python3");
    List<Integer> deleted = new CopyOnWriteArrayList<>();
    try (Pop3Listener pop3 = Pop3Listener.builder("pop.example", session -> new MemoryMailbox(deleted,
            Pop3ListenerTest.FIRST, Pop3ListenerTest.SECOND))
        .port(0).implicitTlsPort(0).tls(TlsSettings.of(TestTls.serverContext())).transport(transport).start()) {
      String out = ExternalTools.run(dir, Duration.ofSeconds(90), PYTHON.toString(), script(dir).toString(),
          Integer.toString(pop3.port()), Integer.toString(pop3.implicitTlsPort()),
          TestTls.certificatePemFile(dir).toString());
      assertThat(out).contains("login before STLS refused", "uidl +OK 2 uid-2",
          "retr 1: Subject: one||.starts with a dot", "implicit stat (2,", "done");
    }
    assertThat(deleted).containsExactly(2);
  }

  private static Path script(Path dir) throws Exception {
    Path script = dir.resolve("poplib_session.py");
    try (InputStream in = Pop3PythonTest.class.getResourceAsStream("poplib_session.py")) {
      Files.copy(in, script);
    }
    return script;
  }
}
