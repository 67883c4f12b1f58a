package dev.missive.examples.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Builds the {@link SSLContext}s the examples use for STARTTLS/STLS (RFC 3207, RFC 2595) and implicit TLS
 * (RFC 8314): a server context from a PKCS#12 key store, or from a self-signed certificate made at start with the
 * JDK's {@code keytool}; and a client context with the JDK's trust store and host name verification.
 */
public final class TlsContexts {

  private TlsContexts() {}

  /** A server context from a PKCS#12 file holding one key and certificate. */
  public static SSLContext server(Path pkcs12, char[] password) throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(pkcs12)) {
      ks.load(in, password);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    return context;
  }

  /**
   * Makes a self-signed certificate for {@code hostname} (and 127.0.0.1) in a new temporary PKCS#12 file with
   * {@code keytool}, for the demo server only.
   *
   * @return the key store file; its password is {@code password}
   */
  public static Path selfSigned(String hostname, char[] password) throws IOException {
    Path dir = Files.createTempDirectory("missive-tls");
    Path store = dir.resolve("self-signed.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "missive", "-keyalg", "EC",
        "-groupname", "secp256r1", "-validity", "365", "-dname", "CN=" + hostname,
        "-ext", "SAN=dns:" + hostname + ",ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", store.toString(),
        "-storepass", new String(password), "-keypass", new String(password))
        .redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("keytool failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running keytool", e);
    }
    store.toFile().deleteOnExit();
    dir.toFile().deleteOnExit();
    return store;
  }

  /** A client context with the JDK's default trust store. */
  public static SSLContext client() throws GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, null, null);
    return context;
  }

  /** Restricts a client socket to TLS 1.2 or newer and turns on host name verification (RFC 6125 via the JDK). */
  public static void hardenClient(SSLSocket socket) {
    SSLParameters params = socket.getSSLParameters();
    params.setEndpointIdentificationAlgorithm("HTTPS");
    params.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
    socket.setSSLParameters(params);
  }

  /** Restricts a server socket to TLS 1.2 or newer. */
  public static void hardenServer(SSLSocket socket) {
    socket.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
  }
}
