package dev.missive.smtp.client;

import static dev.missive.smtp.client.ClientTranscriptTest.plain;
import static dev.missive.smtp.client.ClientTranscriptTest.play;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.smtp.EtrnRequest;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import dev.missive.smtp.client.SmtpClientEvent.QueueRunResult;
import dev.missive.smtp.server.SmtpServer;
import dev.missive.smtp.server.SmtpServerConfig;
import dev.missive.smtp.server.SmtpServerEvent;
import dev.missive.testkit.HostedEngine;
import dev.missive.testkit.InMemoryPair;
import dev.missive.testkit.ManualTime;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.PeerInfo;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** ETRN from the client (RFC 1985 §5): sent on the host's request, its reply reported typed. */
class ClientEtrnTest {

  /**
   * RFC 1985 §7's example up to its "OR", with the RFC's own lines ("250 Goodbye" to QUIT included) except the two
   * commands a client cannot be asked to send: "ETRN" without a name and "ETRN localname" (EtrnRequest refuses both).
   */
  @Test
  void rfc1985ExampleSession() {
    SendingHost host = play("rfc1985-example.txt", plain("ymir.claremont.edu"), () -> new SendingHost().etrnFirst(
        EtrnRequest.node("uu.net"), EtrnRequest.node("sigurd.innosoft.com"), EtrnRequest.node("innosoft.com")));
    assertThat(host.events(QueueRunResult.class)).extracting(QueueRunResult::outcome).containsExactly(
        QueueRunOutcome.UNABLE_TO_QUEUE, QueueRunOutcome.STARTED, QueueRunOutcome.STARTED);
    assertThat(host.events(QueueRunResult.class).get(1).reply().get().text())
        .isEqualTo("OK, queuing for node sigurd.innosoft.com started");
  }

  /** RFC 1985 §7's alternative after its "OR", every line the RFC's own: 251, 252, 253 with its count, 459. */
  @Test
  void rfc1985ExampleSessionsAlternative() {
    SendingHost host = play("rfc1985-example-or.txt", plain("ymir.claremont.edu"), () -> new SendingHost()
        .etrnFirst(EtrnRequest.node("sigurd.innosoft.com"), EtrnRequest.node("innosoft.com"),
            EtrnRequest.node("mysoft.com"), EtrnRequest.node("foo.bar")));
    List<QueueRunResult> results = host.events(QueueRunResult.class);
    assertThat(results).extracting(QueueRunResult::outcome).containsExactly(QueueRunOutcome.NO_MESSAGES,
        QueueRunOutcome.PENDING_STARTED, QueueRunOutcome.PENDING_COUNTED, QueueRunOutcome.NOT_ALLOWED);
    assertThat(results.get(2).pendingMessages()).hasValue(14);
    assertThat(results.get(3).reply().get().text()).isEqualTo("Node foo.bar not allowed: Unable to resolve name.");
  }

  /** RFC 1985 §5.1's replies with enhanced status codes and §5.3's options, in a session of the project's own. */
  @Test
  void everyReplyOfTheRfcIsTyped() {
    SendingHost host = play("rfc1985-options.txt", plain("customer.example.org"), () -> new SendingHost()
        .etrnFirst(EtrnRequest.subdomains("example.org"), EtrnRequest.queue("dialup"),
            EtrnRequest.node("mail.example.org"), EtrnRequest.node("other.example.com"),
            EtrnRequest.node("example.org")));
    List<QueueRunResult> results = host.events(QueueRunResult.class);
    assertThat(results).extracting(QueueRunResult::outcome).containsExactly(QueueRunOutcome.PENDING_COUNTED,
        QueueRunOutcome.NO_MESSAGES, QueueRunOutcome.PENDING_STARTED, QueueRunOutcome.NOT_ALLOWED,
        QueueRunOutcome.REFUSED);
    assertThat(results.get(0).pendingMessages()).hasValue(3);
    assertThat(results.get(1).pendingMessages()).isEqualTo(OptionalInt.empty());
    assertThat(results.get(0).request()).isEqualTo(EtrnRequest.subdomains("example.org"));
    assertThat(results).extracting(r -> r.outcome().started()).containsExactly(true, true, true, false, false);
  }

  @Test
  void notAdvertisedIsNotSent() {
    ManualTime time = new ManualTime();
    SendingHost clientHost = new SendingHost().etrnFirst(EtrnRequest.node("example.org"));
    AcceptingServerHost serverHost = new AcceptingServerHost();
    pair(time, SmtpServerConfig.defaults("mx.example"), clientHost, serverHost).drive();
    assertThat(clientHost.events(QueueRunResult.class)).containsExactly(new QueueRunResult(
        EtrnRequest.node("example.org"), QueueRunOutcome.NOT_OFFERED, Optional.empty()));
    assertThat(serverHost.events()).noneMatch(SmtpServerEvent.Etrn.class::isInstance);
  }

  @Test
  void clientAgainstServerInMemory() {
    ManualTime time = new ManualTime();
    SendingHost clientHost = new SendingHost().etrnFirst(EtrnRequest.node("customer.example.org"),
        EtrnRequest.subdomains("example.com"), EtrnRequest.queue("q-7"));
    AcceptingServerHost serverHost = new AcceptingServerHost(e -> e instanceof SmtpServerEvent.Etrn etrn
        && etrn.request().scope() == EtrnRequest.Scope.SUBDOMAINS
        ? Reply.of(459, "4.7.0", "Node @example.com not allowed: not yours") : null);
    SmtpServerConfig server = SmtpServerConfig.builder().hostname("mx.example")
        .extensions(SmtpExtension.PIPELINING, SmtpExtension.ENHANCED_STATUS_CODES, SmtpExtension.ETRN).build();
    pair(time, server, clientHost, serverHost).drive();
    assertThat(serverHost.events()).filteredOn(SmtpServerEvent.Etrn.class::isInstance)
        .extracting(e -> ((SmtpServerEvent.Etrn) e).request().argument())
        .containsExactly("customer.example.org", "@example.com", "#q-7");
    assertThat(clientHost.events(QueueRunResult.class)).extracting(QueueRunResult::outcome).containsExactly(
        QueueRunOutcome.STARTED, QueueRunOutcome.NOT_ALLOWED, QueueRunOutcome.STARTED);
    assertThat(clientHost.events(QueueRunResult.class).get(1).reply().get().text()).endsWith("not yours");
  }

  @Test
  void onlyWhenReadyAndOneAtATime() {
    SmtpClient client = new SmtpClient(plain("c.example.org"), new ManualTime().fixedEnvironment());
    assertThatThrownBy(() -> client.etrn(EtrnRequest.node("example.org"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> EtrnRequest.node("localname")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EtrnRequest.queue("two words")).isInstanceOf(IllegalArgumentException.class);
    assertThat(EtrnRequest.parse("#two words")).isNull();
    assertThat(EtrnRequest.parse("@example.org")).isEqualTo(EtrnRequest.subdomains("example.org"));
  }

  private static InMemoryPair<SmtpClient, SmtpServer> pair(ManualTime time, SmtpServerConfig server,
      SendingHost clientHost, AcceptingServerHost serverHost) {
    return new InMemoryPair<>(
        HostedEngine.of(new SmtpClient(plain("c.example.org"), time.environment(1)), clientHost, time),
        HostedEngine.of(new SmtpServer(server, time.environment(2),
            new PeerInfo("[192.0.2.1]", "s1", ConnectionSecurity.PLAINTEXT)), serverHost, time),
        time);
  }
}
