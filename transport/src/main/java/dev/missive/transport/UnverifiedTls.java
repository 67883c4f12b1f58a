package dev.missive.transport;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Client TLS that accepts any certificate for any name: encryption without authentication, which resists passive
 * listeners only (RFC 7435 §3, opportunistic security). SMTP delivery to MX hosts uses it by default, as RFC 7435
 * §4 and RFC 3207 §4.1 allow (MX hosts rarely hold certificates for their MX names); anywhere else it is an explicit,
 * loudly named choice of the user.
 */
public final class UnverifiedTls {

  private UnverifiedTls() {}

  /**
   * TLS 1.3 and 1.2 with a trust manager that accepts every certificate and no host name check.
   *
   * @return the settings
   * @throws IllegalStateException if the JDK offers no TLS context
   */
  public static TlsSettings settings() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new AcceptAll()}, null);
      return TlsSettings.of(context);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK offers no TLS context", e);
    }
  }

  /** Accepts every server certificate: the point of this class, and nothing else may use it. */
  private static final class AcceptAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      // this trust manager serves client connections only
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      // accepted without checks: opportunistic TLS (RFC 7435 §3)
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
