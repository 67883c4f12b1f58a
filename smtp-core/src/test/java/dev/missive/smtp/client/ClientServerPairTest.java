package dev.missive.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.message.address.AddrSpec;
import dev.missive.message.address.ReversePath;
import dev.missive.sasl.BearerTokenVerdict;
import dev.missive.sasl.SaslClientMechanism;
import dev.missive.sasl.SaslClientMechanisms;
import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.sasl.ScramCredentials;
import dev.missive.smtp.BodyType;
import dev.missive.smtp.DsnNotify;
import dev.missive.smtp.DsnReturn;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.MailParameters;
import dev.missive.smtp.OriginalRecipient;
import dev.missive.smtp.RcptParameters;
import dev.missive.smtp.Recipient;
import dev.missive.smtp.Reply;
import dev.missive.smtp.client.SmtpClientEvent.AuthFailed;
import dev.missive.smtp.client.SmtpClientEvent.Authenticated;
import dev.missive.smtp.client.SmtpClientEvent.Outcome;
import dev.missive.smtp.client.SmtpClientEvent.TransactionResult;
import dev.missive.smtp.server.SmtpLimits;
import dev.missive.smtp.server.SmtpServer;
import dev.missive.smtp.server.SmtpServerConfig;
import dev.missive.smtp.server.SmtpServerEvent;
import dev.missive.testkit.HostedEngine;
import dev.missive.testkit.InMemoryPair;
import dev.missive.testkit.ManualTime;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.TlsPolicy;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The client engine against the server engine in memory (the testkit's pair): extensions, AUTH, failures. */
class ClientServerPairTest {

  private static final String BODY = "Subject: test\r\n\r\n.leading dot\nbare LF\r\n..two dots\r\nlast\r\n";
  private static final String RECEIVED = "Subject: test\r\n\r\n.leading dot\r\nbare LF\r\n..two dots\r\nlast\r\n";

  private static final SaslServerMechanisms SASL = SaslServerMechanisms.builder()
      .plain((user, password) -> user.equals("tim") && new String(password).equals("tanstaaftanstaaf"))
      .login((user, password) -> user.equals("tim") && new String(password).equals("tanstaaftanstaaf"))
      .cramMd5(user -> user.equals("tim")
          ? Optional.of("tanstaaftanstaaf".getBytes(StandardCharsets.UTF_8)) : Optional.empty())
      .scramSha256(user -> user.equals("tim") ? Optional.of(ScramCredentials.derive("tanstaaftanstaaf",
          "salt-of-the-earth".getBytes(StandardCharsets.UTF_8), 4096)) : Optional.empty(),
          dev.missive.sasl.ScramDecoys.of(new byte[32], java.util.function.UnaryOperator.identity(), 4096, 17))
      .oauthBearer(request -> request.token().equals("good-token")
          ? new BearerTokenVerdict.Valid("tim@example.org") : BearerTokenVerdict.Invalid.invalidToken())
      .xoauth2(request -> request.token().equals("good-token")
          ? new BearerTokenVerdict.Valid("tim@example.org") : BearerTokenVerdict.Invalid.invalidToken())
      .build();

  private final ManualTime time = new ManualTime();

  private InMemoryPair<SmtpClient, SmtpServer> pair(SmtpClientConfig client, SendingHost clientHost,
      SmtpServerConfig server, AcceptingServerHost serverHost) {
    InMemoryPair<SmtpClient, SmtpServer> pair = new InMemoryPair<>(
        HostedEngine.of(new SmtpClient(client, time.environment(1)), clientHost, time),
        HostedEngine.of(new SmtpServer(server, time.environment(2),
            new PeerInfo("[192.0.2.1]", "s1", ConnectionSecurity.PLAINTEXT)),
            serverHost, time),
        time);
    pair.drive();
    return pair;
  }

  private static SmtpServerConfig.Builder server() {
    return SmtpServerConfig.builder().hostname("mx.example").tlsAvailable(true).authMechanisms(SASL);
  }

  private static TransactionResult onlyResult(SendingHost host) {
    return host.events(TransactionResult.class).get(0);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void fullSessionWithStartTlsAuthAndEveryExtension(boolean chunking) {
    SendingHost client = new SendingHost().message(new Envelope(ReversePath.of(AddrSpec.parse("a@example.org")),
        MailParameters.NONE.withSize(BODY.length()).withBody(BodyType.EIGHT_BIT_MIME).withRet(DsnReturn.HDRS)
            .withEnvelopeId("ENV1").withRequireTls(true),
        List.of(Recipient.of("b@example.org").withParameters(RcptParameters.NONE.withNotify(
            EnumSet.of(DsnNotify.FAILURE)).withOriginalRecipient(new OriginalRecipient("rfc822", "b@example.org"))))),
        BODY);
    AcceptingServerHost server = new AcceptingServerHost();
    InMemoryPair<SmtpClient, SmtpServer> pair = pair(SmtpClientConfig.builder().ehloName("client.example")
        .tlsPolicy(TlsPolicy.REQUIRED).chunking(chunking)
        .authentication(() -> SaslClientMechanisms.plain("", "tim", "tanstaaftanstaaf")).build(),
        client, server().build(), server);
    assertThat(pair.tlsHandshakes()).isEqualTo(1);
    assertThat(client.events(Authenticated.class)).containsExactly(new Authenticated("PLAIN"));
    assertThat(onlyResult(client).outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(server.messages()).singleElement()
        .satisfies(m -> assertThat(new String(m, StandardCharsets.UTF_8)).isEqualTo(RECEIVED));
    SmtpServerEvent.MailFrom mail = server.events().stream().filter(SmtpServerEvent.MailFrom.class::isInstance)
        .map(SmtpServerEvent.MailFrom.class::cast).findFirst().orElseThrow();
    assertThat(mail.parameters().envelopeId()).hasValue("ENV1");
    assertThat(mail.parameters().requireTls()).isTrue();
    assertThat(mail.parameters().size()).hasValue(BODY.length());
    SmtpServerEvent.RcptTo rcpt = server.events().stream().filter(SmtpServerEvent.RcptTo.class::isInstance)
        .map(SmtpServerEvent.RcptTo.class::cast).findFirst().orElseThrow();
    assertThat(rcpt.parameters().notifications()).containsExactly(DsnNotify.FAILURE);
    assertThat(pair.client().isClosed()).isTrue();
    assertThat(server.events()).hasAtLeastOneElementOfType(SmtpServerEvent.DataStart.class)
        .filteredOn(SmtpServerEvent.DataStart.class::isInstance)
        .singleElement().satisfies(e -> assertThat(((SmtpServerEvent.DataStart) e).chunked()).isEqualTo(chunking));
  }

  private static List<Supplier<SaslClientMechanism>> mechanisms(String password, String token) {
    return List.of(
        () -> SaslClientMechanisms.plain("", "tim", password),
        () -> SaslClientMechanisms.login("tim", password),
        () -> SaslClientMechanisms.cramMd5("tim", password),
        () -> SaslClientMechanisms.scramSha256("tim", password),
        () -> SaslClientMechanisms.oauthBearer("tim@example.org", "mx.example", 587, token),
        () -> SaslClientMechanisms.xoauth2("tim@example.org", token));
  }

  @Test
  void everyAuthMechanismAuthenticatesAndSends() {
    for (Supplier<SaslClientMechanism> mechanism : mechanisms("tanstaaftanstaaf", "good-token")) {
      SendingHost client = new SendingHost().message(Envelope.of("a@example.org", "b@example.org"), "hi\r\n");
      AcceptingServerHost server = new AcceptingServerHost();
      pair(SmtpClientConfig.builder().ehloName("client.example").tlsPolicy(TlsPolicy.REQUIRED)
          .authentication(mechanism).build(), client, server().build(), server);
      String name = mechanism.get().name();
      assertThat(client.events(Authenticated.class)).as(name).containsExactly(new Authenticated(name));
      assertThat(onlyResult(client).outcome()).as(name).isEqualTo(Outcome.ACCEPTED);
      assertThat(server.events()).as(name).anyMatch(e -> e instanceof SmtpServerEvent.AuthSucceeded a
          && a.mechanism().equals(name));
    }
  }

  @Test
  void everyAuthMechanismFailsTypedWithWrongCredentials() {
    for (Supplier<SaslClientMechanism> mechanism : mechanisms("wrong", "bad-token")) {
      SendingHost client = new SendingHost().message(Envelope.of("a@example.org", "b@example.org"), "hi\r\n");
      AcceptingServerHost server = new AcceptingServerHost();
      InMemoryPair<SmtpClient, SmtpServer> pair = pair(SmtpClientConfig.builder().ehloName("client.example")
          .tlsPolicy(TlsPolicy.REQUIRED).authentication(mechanism).build(), client, server().build(), server);
      String name = mechanism.get().name();
      assertThat(client.events(AuthFailed.class)).as(name).isEmpty(); // the server holds its 535 back
      pair.advance(SmtpLimits.DEFAULT.authFailureDelay());
      AuthFailed failed = client.events(AuthFailed.class).get(0);
      assertThat(failed.reply()).as(name).hasValueSatisfying(r -> {
        assertThat(r.code()).isEqualTo(535);
        assertThat(r.status().orElseThrow()).hasToString("5.7.8");
      });
      assertThat(server.events()).as(name).noneMatch(SmtpServerEvent.MailFrom.class::isInstance);
      assertThat(pair.client().isClosed()).as(name).isTrue();
    }
  }

  @Test
  void failureRepliesArriveTypedPerRecipientAndPerTransaction() {
    SendingHost client = new SendingHost()
        .message(Envelope.of("a@example.org", "ok@example.org", "unknown@example.org", "full@example.org"), "x\r\n")
        .message(Envelope.of("spammer@example.org", "ok@example.org"), "y\r\n")
        .message(Envelope.of("a@example.org", "ok@example.org"), "virus\r\n");
    AcceptingServerHost server = new AcceptingServerHost(e -> {
      if (e instanceof SmtpServerEvent.RcptTo r && r.forwardPath().toString().contains("unknown")) {
        return Reply.of(550, "5.1.1", "No such user here");
      }
      if (e instanceof SmtpServerEvent.RcptTo r && r.forwardPath().toString().contains("full")) {
        return Reply.of(452, "4.2.2", "Mailbox full");
      }
      if (e instanceof SmtpServerEvent.MailFrom m && m.reversePath().toString().contains("spammer")) {
        return Reply.of(550, "5.7.1", "Sender refused");
      }
      if (e instanceof SmtpServerEvent.DataEnd && server_sawVirus(e)) {
        return Reply.of(554, "5.6.0", "Content refused");
      }
      return null;
    });
    pair(SmtpClientConfig.builder().ehloName("client.example").tlsPolicy(TlsPolicy.NONE).build(), client,
        server().tlsAvailable(false).build(), server);
    List<TransactionResult> results = client.events(TransactionResult.class);
    assertThat(results).extracting(TransactionResult::outcome)
        .containsExactly(Outcome.ACCEPTED, Outcome.REJECTED, Outcome.REJECTED);
    assertThat(results.get(0).recipients()).extracting(r -> r.reply().code() + " " + r.reply().status().orElseThrow())
        .satisfiesExactly(ok -> assertThat(ok).startsWith("250 2."), refused -> assertThat(refused)
            .isEqualTo("550 5.1.1"), full -> assertThat(full).isEqualTo("452 4.2.2"));
    assertThat(results.get(0).deliveredTo()).extracting(Wire::mailbox).containsExactly("ok@example.org");
    assertThat(results.get(1).reply().orElseThrow().status().orElseThrow()).hasToString("5.7.1");
    assertThat(results.get(2).reply().orElseThrow().status().orElseThrow()).hasToString("5.6.0");
    assertThat(results.get(2).deliveredTo()).isEmpty();
    assertThat(server.messages()).hasSize(1);
  }

  /** The refusal policy cannot see content: the second DataEnd is the third message's (the second has none). */
  private int dataEnds;

  private boolean server_sawVirus(SmtpServerEvent e) {
    return ++dataEnds == 2 && e instanceof SmtpServerEvent.DataEnd;
  }

  @Test
  void utf8AddressesGoWithSmtpUtf8() {
    SendingHost client = new SendingHost().message(Envelope.of("用户@例子.广告", "Ċ@example.org"), "hi\r\n");
    AcceptingServerHost server = new AcceptingServerHost();
    pair(SmtpClientConfig.builder().ehloName("client.example").tlsPolicy(TlsPolicy.NONE).build(), client,
        server().tlsAvailable(false).build(), server);
    assertThat(onlyResult(client).outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(server.events()).anyMatch(e -> e instanceof SmtpServerEvent.MailFrom m && m.parameters().smtpUtf8());
  }

  @Test
  void sizeOverTheServerLimitIsNeverSent() {
    SendingHost client = new SendingHost().message(Envelope.of("a@example.org", "b@example.org")
        .withParameters(MailParameters.NONE.withSize(11L * 1024 * 1024)), "big\r\n");
    AcceptingServerHost server = new AcceptingServerHost();
    pair(SmtpClientConfig.builder().ehloName("client.example").tlsPolicy(TlsPolicy.NONE).build(), client,
        server().tlsAvailable(false).build(), server);
    assertThat(onlyResult(client).outcome()).isEqualTo(Outcome.NOT_SENT);
    assertThat(server.events()).noneMatch(SmtpServerEvent.MailFrom.class::isInstance);
  }

  @Test
  void serverWithoutExtensionsGetsPlainSmtp() {
    SendingHost client = new SendingHost()
        .message(Envelope.of("a@example.org", "b@example.org"), BODY)
        .message(Envelope.of("a@example.org", "c@example.org"), BODY);
    AcceptingServerHost server = new AcceptingServerHost();
    pair(SmtpClientConfig.builder().ehloName("client.example").build(), client,
        server().tlsAvailable(false).extensions().enhancedStatusCodes(false).build(), server);
    assertThat(client.events(TransactionResult.class)).extracting(TransactionResult::outcome)
        .containsExactly(Outcome.ACCEPTED, Outcome.ACCEPTED);
    assertThat(server.messages()).extracting(m -> new String(m, StandardCharsets.UTF_8))
        .containsExactly(RECEIVED, RECEIVED);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void lmtpGivesEachRecipientItsOwnResult(boolean chunking) {
    SendingHost client = new SendingHost().message(
        Envelope.of("a@example.org", "one@example.org", "two@example.org", "three@example.org"), "hi\r\n");
    dev.missive.testkit.EngineHost<SmtpServer> lmtpHost = (server, log) -> {
      for (SmtpServerEvent e; (e = server.nextEvent()) != null; ) {
        if (e instanceof SmtpServerEvent.DataEnd) {
          server.complete(List.of(Reply.of(250, "2.1.5", "OK"), Reply.of(452, "4.2.2", "Mailbox full"),
              Reply.of(250, "2.1.5", "OK")));
        } else if (e.needsDecision()) {
          server.accept();
        }
      }
    };
    InMemoryPair<SmtpClient, SmtpServer> pair = new InMemoryPair<>(
        HostedEngine.of(new SmtpClient(SmtpClientConfig.builder().ehloName("client.example").tlsPolicy(TlsPolicy.NONE)
            .lmtp(true).chunking(chunking).build(), time.environment(1)), client, time),
        HostedEngine.of(new SmtpServer(server().tlsAvailable(false).lmtp(true).build(), time.environment(2),
            new PeerInfo("[192.0.2.1]", "s1", ConnectionSecurity.PLAINTEXT)), lmtpHost, time),
        time);
    pair.drive();
    TransactionResult result = onlyResult(client);
    assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(result.deliveries()).extracting(d -> d.reply().code()).containsExactly(250, 452, 250);
    assertThat(result.deliveredTo()).extracting(Wire::mailbox)
        .containsExactly("one@example.org", "three@example.org");
    assertThat(pair.client().isClosed()).isTrue();
  }
}
