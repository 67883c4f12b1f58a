package dev.missive.testkit;

import dev.missive.wire.TlsInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for loopback tests of STARTTLS (RFC 3207), STLS (RFC 2595 §4) and implicit TLS (RFC 8314 §3.3): a
 * throwaway self-signed certificate for {@code localhost}, {@code 127.0.0.1} and {@code ::1}, committed as a
 * PKCS#12 keystore made with {@code keytool}.
 *
 * <p><b>For tests only.</b> The private key is public (it sits in this jar with the password
 * {@value #PASSWORD}); never use these contexts outside tests. The client context trusts only this certificate
 * and the client sockets verify the host name, so a test cannot pass by trusting everything.
 * <pre>{@code
 * try (LoopbackServer server = LoopbackServer.start(() -> HostedEngine.of(new MyServer(env), host))) {
 *   SSLSocket s = TestTls.layerClient(new Socket("127.0.0.1", server.port()), "localhost");
 *   s.startHandshake();   // trusts TestTls's certificate only
 * }
 * }</pre>
 */
public final class TestTls {

  /** The keystore and key password of the test certificate. */
  public static final String PASSWORD = "missive-test";

  /** The host name the test certificate is issued for. */
  public static final String HOST = "localhost";

  private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private TestTls() {}

  /**
   * Writes the test key store (PKCS#12, password {@value #PASSWORD}) to a file, for code that loads its key from
   * one (a listener's {@code TlsSettings.fromKeyStore}, a server's command line).
   *
   * @param dir the directory to write {@code test-keystore.p12} into (a test's temporary directory)
   * @return the file
   * @throws IOException if it cannot be written
   */
  public static Path keyStoreFile(Path dir) throws IOException {
    Path file = dir.resolve("test-keystore.p12");
    try (InputStream in = TestTls.class.getResourceAsStream("test-keystore.p12")) {
      Files.copy(in, file);
    }
    return file;
  }

  /** {@return a context whose key manager holds the test certificate and its key (for server sockets)} */
  public static SSLContext serverContext() {
    try {
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keyStore(), PASSWORD.toCharArray());
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the test TLS server context", e);
    }
  }

  /** {@return a context that trusts the test certificate and nothing else (for client sockets)} */
  public static SSLContext clientContext() {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("missive-test", certificate());
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the test TLS client context", e);
    }
  }

  /** {@return the test certificate} */
  public static X509Certificate certificate() {
    try {
      KeyStore ks = keyStore();
      return (X509Certificate) ks.getCertificate(ks.aliases().nextElement());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the test certificate", e);
    }
  }

  /**
   * Writes the test certificate as PEM, for clients outside the JVM that must trust it (Python's
   * {@code ssl.create_default_context(cafile=...)}, curl's {@code --cacert}).
   *
   * @param dir the directory to write {@code test-certificate.pem} into
   * @return the file
   * @throws IOException if it cannot be written
   */
  public static Path certificatePemFile(Path dir) throws IOException {
    String base64;
    try {
      base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate().getEncoded());
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException("cannot encode the test certificate", e);
    }
    return Files.writeString(dir.resolve("test-certificate.pem"),
        "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n", StandardCharsets.US_ASCII);
  }

  /**
   * Layers TLS in server mode over a connected socket (the STARTTLS/STLS upgrade, or implicit TLS at once) and
   * completes the handshake; closing the result closes {@code plain}.
   *
   * @param plain the connected socket
   * @param ctx   the TLS context with the server's key
   * @return the TLS socket, handshake done
   * @throws IOException if the handshake fails
   */
  public static SSLSocket layerServer(Socket plain, SSLContext ctx) throws IOException {
    SSLSocket s = (SSLSocket) ctx.getSocketFactory()
        .createSocket(plain, plain.getInetAddress().getHostAddress(), plain.getPort(), true);
    s.setUseClientMode(false);
    s.setEnabledProtocols(PROTOCOLS);
    s.startHandshake();
    return s;
  }

  /**
   * Layers TLS in client mode over a connected socket, verifying that the certificate is issued for
   * {@code host} (RFC 6125 as the JDK implements it), and completes the handshake.
   *
   * @param plain the connected socket
   * @param host  the name the certificate must be issued for
   * @param ctx   the TLS context
   * @return the TLS socket, handshake done
   * @throws IOException if the handshake or the host name check fails
   */
  public static SSLSocket layerClient(Socket plain, String host, SSLContext ctx) throws IOException {
    SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, host, plain.getPort(), true);
    s.setUseClientMode(true);
    SSLParameters p = s.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS");
    p.setProtocols(PROTOCOLS);
    s.setSSLParameters(p);
    s.startHandshake();
    return s;
  }

  /**
   * {@link #layerClient(Socket, String, SSLContext)} with {@link #clientContext()}.
   *
   * @param plain the connected socket
   * @param host  the name the certificate must be issued for
   * @return the TLS socket, handshake done
   * @throws IOException if the handshake or the host name check fails
   */
  public static SSLSocket layerClient(Socket plain, String host) throws IOException {
    return layerClient(plain, host, clientContext());
  }

  /**
   * What an engine is told about a negotiated session.
   *
   * @param session the negotiated session
   * @return its protocol and cipher suite
   */
  public static TlsInfo info(SSLSession session) {
    return new TlsInfo(session.getProtocol(), session.getCipherSuite());
  }

  private static KeyStore keyStore() {
    try (InputStream in = TestTls.class.getResourceAsStream("test-keystore.p12")) {
      if (in == null) {
        throw new IllegalStateException("test-keystore.p12 is missing from the testkit jar");
      }
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, PASSWORD.toCharArray());
      return ks;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the test keystore", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the test keystore", e);
    }
  }
}
