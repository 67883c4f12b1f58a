package dev.missive.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The user's TLS: an {@link SSLContext} (keys, trust) and the {@link SSLParameters} applied to every TLS socket or
 * engine made from it, for STARTTLS (RFC 3207 §4), STLS (RFC 2595 §4) and implicit TLS (RFC 8314 §3) alike, on both
 * transports. Without parameters of its own it allows TLS 1.3 and 1.2 only (RFC 8996 deprecates the older ones) and,
 * for clients made with {@link #client(SSLContext)}, checks the server's name against its certificate (RFC 6125 via
 * the JDK's {@code HTTPS} endpoint identification).
 *
 * <pre>{@code
 * TlsSettings tls = TlsSettings.of(sslContext);                 // server side: keys from the context
 * SSLParameters strict = sslContext.getDefaultSSLParameters();
 * strict.setProtocols(new String[] {"TLSv1.3"});
 * TlsSettings tls13 = new TlsSettings(sslContext, strict);      // or the parameters the user chose
 * }</pre>
 *
 * @param context    the TLS context
 * @param parameters what every socket and engine made from {@code context} is set to
 */
public record TlsSettings(SSLContext context, SSLParameters parameters) {

  private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  /**
   * Checks that both are given.
   *
   * @param context    the TLS context
   * @param parameters what every socket and engine made from {@code context} is set to
   */
  public TlsSettings {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(parameters, "parameters");
  }

  /**
   * The context's default parameters restricted to TLS 1.3 and 1.2.
   *
   * @param context the TLS context (a server's holds its key and certificate)
   * @return the settings
   */
  public static TlsSettings of(SSLContext context) {
    SSLParameters parameters = context.getDefaultSSLParameters();
    parameters.setProtocols(PROTOCOLS.clone());
    return new TlsSettings(context, parameters);
  }

  /**
   * A server's settings from a PKCS#12 key store holding its key and certificate chain, TLS 1.3 and 1.2.
   *
   * @param pkcs12   the key store file
   * @param password the key store's password (also the key's)
   * @return the settings
   * @throws IOException              if the file cannot be read
   * @throws GeneralSecurityException if the key store or its key cannot be loaded
   */
  public static TlsSettings fromKeyStore(Path pkcs12, char[] password) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(pkcs12)) {
      store.load(in, password);
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return of(context);
  }

  /**
   * For a client that must check the server's name: TLS 1.3 and 1.2, and endpoint identification {@code HTTPS}
   * (the certificate must name the host connected to, RFC 6125).
   *
   * @param context the TLS context (its trust managers decide which certificates are trusted)
   * @return the settings
   */
  public static TlsSettings client(SSLContext context) {
    SSLParameters parameters = context.getDefaultSSLParameters();
    parameters.setProtocols(PROTOCOLS.clone());
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    return new TlsSettings(context, parameters);
  }

  /**
   * Layers TLS over a connected socket, before its handshake.
   *
   * @param socket     the connected socket (plaintext so far)
   * @param clientMode whether this end handshakes as the TLS client
   * @param peerHost   the peer's host name (server name indication and name checks of a client), or its address
   * @return the TLS socket; closing it closes {@code socket}
   * @throws IOException if the TLS socket cannot be made
   */
  public SSLSocket layer(Socket socket, boolean clientMode, String peerHost) throws IOException {
    SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket, peerHost, socket.getPort(), true);
    ssl.setUseClientMode(clientMode);
    ssl.setSSLParameters(parameters);
    return ssl;
  }

  /**
   * Makes an {@link SSLEngine} for an event-loop transport.
   *
   * @param clientMode whether this end handshakes as the TLS client
   * @param peerHost   the peer's host name (server name indication and name checks of a client), or null
   * @param peerPort   the peer's port, or -1
   * @return the engine, set to {@link #parameters()}
   */
  public SSLEngine engine(boolean clientMode, String peerHost, int peerPort) {
    SSLEngine engine = peerHost == null ? context.createSSLEngine() : context.createSSLEngine(peerHost, peerPort);
    engine.setUseClientMode(clientMode);
    engine.setSSLParameters(parameters);
    return engine;
  }
}
