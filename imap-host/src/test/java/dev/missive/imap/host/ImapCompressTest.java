package dev.missive.imap.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.imap.server.ImapServerConfig;
import dev.missive.imap.store.InMemoryMailStore;
import dev.missive.testkit.TestTls;
import dev.missive.transport.TlsSettings;
import dev.missive.transport.Transport;
import dev.missive.transport.TransportOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * COMPRESS=DEFLATE (RFC 4978) through both transports: a client built on the JDK's own raw deflate (neither Python's
 * imaplib nor curl can compress) logs in, asks for COMPRESS, and from the octet after the OK speaks raw DEFLATE with
 * a sync flush per command (RFC 4978 §4): SELECT, FETCH of a message byte for byte, APPEND; once over plaintext and
 * once above TLS (IMAPS, RFC 4978 §3's order). A decompression bomb (a 32 MiB APPEND of one repeated octet, about 32
 * KiB compressed) hits the transport's inflation bound: the connection closes, nothing is stored, the listener goes on
 * (docs/security.md, "Compression").
 */
@Timeout(60)
class ImapCompressTest {

  private static final byte[] MESSAGE = "Subject: squeeze\r\n\r\nthe same line again\r\nthe same line again\r\n"
      .getBytes(StandardCharsets.US_ASCII);

  private static InMemoryMailStore store() {
    InMemoryMailStore store = new InMemoryMailStore();
    store.addUser("alice", "secret");
    store.deliver("alice", "INBOX", MESSAGE);
    return store;
  }

  private static ImapListener listen(InMemoryMailStore store, Transport transport) throws IOException {
    return ImapListener.builder(store).port(0).implicitTlsPort(0).trustLoopback(true)
        .tls(TlsSettings.of(TestTls.serverContext())).transport(transport)
        .config(ImapServerConfig.builder().startTls(true).hostCapabilities(ImapServerConfig.COMPRESS_DEFLATE)
            .build())
        .start();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aCompressedSessionOverPlaintextAndAboveTls(Transport transport) throws Exception {
    InMemoryMailStore store = store();
    try (ImapListener imap = listen(store, transport)) {
      try (Socket socket = new Socket("127.0.0.1", imap.port())) {
        compressedSession(socket, store, "plain");
      }
      try (Socket socket = TestTls.layerClient(new Socket("127.0.0.1", imap.implicitTlsPort()), TestTls.HOST,
          TestTls.clientContext())) {
        compressedSession(socket, store, "tls");
      }
    }
  }

  private static void compressedSession(Socket socket, InMemoryMailStore store, String name) throws IOException {
    Lines plain = new Lines(socket.getInputStream(), socket.getOutputStream());
    assertThat(plain.line()).startsWith("* OK").contains("COMPRESS=DEFLATE");
    assertThat(plain.tagged("a LOGIN alice secret")).startsWith("a OK");
    assertThat(plain.tagged("b COMPRESS DEFLATE")).isEqualTo("b OK DEFLATE active");
    Lines z = new Lines(new InflaterInputStream(socket.getInputStream(), new Inflater(true)),
        new DeflaterOutputStream(socket.getOutputStream(), new Deflater(Deflater.BEST_COMPRESSION, true), true));
    assertThat(z.tagged("c SELECT INBOX")).startsWith("c OK [READ-WRITE]");
    z.write("d FETCH 1 BODY.PEEK[]");
    assertThat(z.line()).isEqualTo("* 1 FETCH (BODY[] {" + MESSAGE.length + "}");
    assertThat(z.octets(MESSAGE.length)).isEqualTo(MESSAGE);
    assertThat(z.line()).isEqualTo(")");
    assertThat(z.line()).startsWith("d OK");
    byte[] appended = ("Subject: " + name + "\r\n\r\ncompressed both ways\r\n").getBytes(StandardCharsets.US_ASCII);
    z.write("e APPEND INBOX {" + appended.length + "+}\r\n" + new String(appended, StandardCharsets.US_ASCII));
    assertThat(z.untilTagged("e ")).startsWith("e OK [APPENDUID ");
    assertThat(z.tagged("f COMPRESS DEFLATE")).startsWith("f NO [COMPRESSIONACTIVE]");
    assertThat(z.tagged("g LOGOUT")).startsWith("g OK");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aDecompressionBombClosesTheConnectionAndStoresNothing(Transport transport) throws Exception {
    InMemoryMailStore store = store();
    try (ImapListener imap = listen(store, transport)) {
      try (Socket socket = new Socket("127.0.0.1", imap.port())) {
        // within the default APPENDLIMIT of 64 MiB: only the inflation bound stops it
        appendOfOneOctetIsRefusedByClosing(socket, 32 << 20);
      }
      assertThat(store.messages("alice", "INBOX")).hasSize(1);
      try (Socket again = new Socket("127.0.0.1", imap.port())) {
        Lines plain = new Lines(again.getInputStream(), again.getOutputStream());
        assertThat(plain.line()).startsWith("* OK");
        assertThat(plain.tagged("a LOGIN alice secret")).startsWith("a OK");
      }
    }
  }

  /**
   * The inflation bound is the listener's {@link TransportOptions} setting: at 4:1 after 1 KiB an APPEND of 64 KiB
   * of one octet (far under the default's 1 MiB slack, which takes it) closes the connection and stores nothing.
   */
  @ParameterizedTest
  @EnumSource(Transport.class)
  void aLowerInflationBoundFromTheOptionsClosesTheConnection(Transport transport) throws Exception {
    InMemoryMailStore store = store();
    try (ImapListener imap = ImapListener.builder(store).port(0).trustLoopback(true).transport(transport)
        .config(ImapServerConfig.builder().hostCapabilities(ImapServerConfig.COMPRESS_DEFLATE).build())
        .options(TransportOptions.defaults().withInflationBound(4, 1024)).start();
         Socket socket = new Socket("127.0.0.1", imap.port())) {
      appendOfOneOctetIsRefusedByClosing(socket, 64 * 1024);
      assertThat(store.messages("alice", "INBOX")).hasSize(1);
    }
  }

  /**
   * Logs in, turns COMPRESS on and APPENDs {@code size} octets of one letter, which inflate about 1000:1; the server
   * must close the connection before it answers the APPEND {@code OK}.
   */
  private static void appendOfOneOctetIsRefusedByClosing(Socket socket, int size) throws IOException {
    Lines plain = new Lines(socket.getInputStream(), socket.getOutputStream());
    plain.line();
    plain.tagged("a LOGIN alice secret");
    assertThat(plain.tagged("b COMPRESS DEFLATE")).isEqualTo("b OK DEFLATE active");
    DeflaterOutputStream out = new DeflaterOutputStream(socket.getOutputStream(),
        new Deflater(Deflater.BEST_COMPRESSION, true), true);
    InputStream in = new InflaterInputStream(socket.getInputStream(), new Inflater(true));
    try {
      out.write(("c APPEND INBOX {" + size + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = new byte[64 * 1024];
      Arrays.fill(chunk, (byte) 'A');
      for (int sent = 0; sent < size; sent += chunk.length) {
        out.write(chunk, 0, Math.min(chunk.length, size - sent));
      }
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException closedWhileSending) {
      // the server closed while the octets were on their way: what this test wants
    }
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    try {
      in.transferTo(answer);
    } catch (IOException reset) {
      // a reset instead of an orderly close
    }
    assertThat(answer.toString(StandardCharsets.US_ASCII)).doesNotContain("c OK");
  }

  /** CRLF lines over a pair of streams, flushed after each command. */
  private static final class Lines {
    private final InputStream in;
    private final OutputStream out;

    Lines(InputStream in, OutputStream out) {
      this.in = in;
      this.out = out;
    }

    void write(String line) throws IOException {
      out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }

    String line() throws IOException {
      StringBuilder b = new StringBuilder();
      for (int c; (c = in.read()) != '\n'; ) {
        if (c < 0) {
          return b.toString();
        }
        if (c != '\r') {
          b.append((char) c);
        }
      }
      return b.toString();
    }

    byte[] octets(int n) throws IOException {
      return in.readNBytes(n);
    }

    String untilTagged(String tag) throws IOException {
      for (String l; ; ) {
        l = line();
        if (l.startsWith(tag) || l.isEmpty()) {
          return l;
        }
      }
    }

    String tagged(String command) throws IOException {
      write(command);
      return untilTagged(command.substring(0, command.indexOf(' ') + 1));
    }
  }
}
