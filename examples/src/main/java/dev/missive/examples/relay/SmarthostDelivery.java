package dev.missive.examples.relay;

import dev.missive.smtp.SmtpExtension;
import dev.missive.smtp.client.EhloCapabilities;
import dev.missive.smtp.host.RecipientResult;
import dev.missive.smtp.host.SendResult;
import dev.missive.smtp.host.SenderConnection;
import dev.missive.smtp.host.SmtpSender;
import dev.missive.wire.TlsPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * Delivery to one next hop (a smarthost) with {@code smtp-host}'s {@link SmtpSender}: STARTTLS when offered
 * (RFC 3207), its name checked (RFC 6125), no AUTH; the envelope is first cut to what the next hop offers
 * ({@link NextHopRules}): the recipients it cannot take as asked fail here, the others are sent. Whether it offers
 * DSN is reported with the results (RFC 3461 §5.2.2).
 */
final class SmarthostDelivery {

  private SmarthostDelivery() {}

  /**
   * The delivery to {@code hostPort}.
   *
   * @param hostPort         the next hop as {@code host:port}
   * @param ehloName         this relay's name for EHLO
   * @param tls              the client TLS context for STARTTLS
   * @param handshakeTimeout the longest a TLS handshake may take
   * @return the delivery
   */
  static NextHopDelivery of(String hostPort, String ehloName, SSLContext tls, Duration handshakeTimeout) {
    SmtpSender sender = sender(hostPort, ehloName, tls, handshakeTimeout);
    return (envelope, content) -> {
      try (SenderConnection c = sender.connect()) {
        EhloCapabilities offered = c.capabilities();
        NextHopRules.Adapted a = NextHopRules.adapt(envelope, offered, hostPort);
        List<RecipientResult> all = new ArrayList<>(a.refused());
        if (a.envelope().isPresent()) {
          all.addAll(c.send(a.envelope().get(), content).recipients());
        }
        return new NextHopDelivery.Handover(new SendResult(all), !offered.has(SmtpExtension.DSN));
      }
    };
  }

  private static SmtpSender sender(String hostPort, String ehloName, SSLContext tls, Duration handshakeTimeout) {
    int colon = hostPort.lastIndexOf(':');
    if (colon < 1) {
      throw new IllegalArgumentException("expected host:port, got " + hostPort);
    }
    try {
      return SmtpSender.smarthost(hostPort.substring(0, colon)).port(Integer.parseInt(hostPort.substring(colon + 1)))
          .ehloName(ehloName).trust(tls).handshakeTimeout(handshakeTimeout)
          .engine(c -> c.toBuilder().tlsPolicy(TlsPolicy.OPPORTUNISTIC).build()).build();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
