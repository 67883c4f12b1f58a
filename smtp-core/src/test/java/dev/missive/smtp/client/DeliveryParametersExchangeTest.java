package dev.missive.smtp.client;

import static dev.missive.smtp.client.ClientTranscriptTest.plain;
import static dev.missive.smtp.client.ClientTranscriptTest.play;
import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.smtp.DeliverBy;
import dev.missive.smtp.Envelope;
import dev.missive.smtp.FutureRelease;
import dev.missive.smtp.FutureReleaseOffer;
import dev.missive.smtp.MailParameters;
import dev.missive.smtp.MtPriority;
import dev.missive.smtp.Recipient;
import dev.missive.smtp.Reply;
import dev.missive.smtp.Rrvs;
import dev.missive.smtp.SmtpExtension;
import dev.missive.smtp.TransactionLimits;
import dev.missive.smtp.client.SmtpClientEvent.Outcome;
import dev.missive.smtp.client.SmtpClientEvent.TransactionResult;
import dev.missive.smtp.server.PriorityTrust;
import dev.missive.smtp.server.SmtpServer;
import dev.missive.smtp.server.SmtpLimits;
import dev.missive.smtp.server.SmtpServerConfig;
import dev.missive.smtp.server.SmtpServerEvent;
import dev.missive.testkit.HostedEngine;
import dev.missive.testkit.InMemoryPair;
import dev.missive.testkit.ManualTime;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.PeerInfo;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * DELIVERBY (RFC 2852), MT-PRIORITY (RFC 6710), RRVS (RFC 7293), FUTURERELEASE (RFC 4865) and LIMITS (RFC 9422)
 * between the client and the server engines: written only where offered, parsed and handed to the host typed.
 */
class DeliveryParametersExchangeTest {

  private static final OffsetDateTime SINCE = OffsetDateTime.of(2014, 4, 3, 23, 1, 0, 0, ZoneOffset.UTC);
  private static final DeliverBy BY = new DeliverBy(120, DeliverBy.Mode.RETURN, false);

  private static Envelope envelope(Rrvs.Action action) {
    Recipient to = Recipient.of("topbanana@example.com");
    to = new Recipient(to.forwardPath(), to.parameters().withValidSince(new Rrvs(SINCE, Optional.of(action))));
    Envelope e = Envelope.of("eljefe@example.net", "topbanana@example.com");
    return new Envelope(e.reversePath(), MailParameters.NONE.withDeliverBy(BY).withPriority(new MtPriority(3)),
        List.of(to));
  }

  @Test
  void theClientWritesWhatTheServerOffers() {
    SendingHost host = play("issue23-parameters.txt", plain("client.example.net"),
        () -> new SendingHost().message(envelope(Rrvs.Action.CONTINUE), "Subject: by two minutes\r\n\r\nhello\r\n"));
    assertThat(host.events(TransactionResult.class).get(0).outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(host.events(SmtpClientEvent.CapabilitiesKnown.class).get(0).capabilities().limits())
        .isEqualTo(new TransactionLimits(OptionalInt.of(10), OptionalInt.of(20), OptionalInt.empty()));
  }

  /** The peer of {@link #exchange}, trusted to raise priorities (RFC 6710 §4.1: by agreement, not by AUTH). */
  private static final PriorityTrust PEER_TRUSTED =
      PriorityTrust.above(0, s -> s.peer().remoteAddress().equals("[192.0.2.1]"));

  @Test
  void clientAgainstServerInMemoryHandsTheValuesToTheHost() {
    SmtpServerConfig offering = SmtpServerConfig.builder().hostname("mx.example.com")
        .extensions(SmtpExtension.PIPELINING, SmtpExtension.DELIVERBY, SmtpExtension.MT_PRIORITY, SmtpExtension.RRVS,
            SmtpExtension.LIMITS).priorityTrust(PEER_TRUSTED).build();
    AcceptingServerHost server = exchange(offering, envelope(Rrvs.Action.REJECT));
    SmtpServerEvent.MailFrom mail = server.events().stream().filter(SmtpServerEvent.MailFrom.class::isInstance)
        .map(SmtpServerEvent.MailFrom.class::cast).findFirst().orElseThrow();
    assertThat(mail.parameters().deliverBy()).contains(BY);
    assertThat(mail.parameters().priority()).contains(new MtPriority(3));
    SmtpServerEvent.RcptTo rcpt = server.events().stream().filter(SmtpServerEvent.RcptTo.class::isInstance)
        .map(SmtpServerEvent.RcptTo.class::cast).findFirst().orElseThrow();
    assertThat(rcpt.parameters().validSince()).contains(new Rrvs(SINCE, Optional.of(Rrvs.Action.REJECT)));
    assertThat(server.messages()).hasSize(1);
  }

  /** RFC 9422 between the engines: the client reads the limits the server announces from its configuration. */
  @Test
  void theClientReadsTheLimitsTheServerEnforces() {
    SmtpServerConfig limited = SmtpServerConfig.builder().hostname("mx.example.com")
        .extensions(SmtpExtension.PIPELINING, SmtpExtension.LIMITS)
        .limits(SmtpLimits.builder().maxRecipients(150).maxTransactions(7).build()).build();
    SendingHost client = new SendingHost().message(Envelope.of("a@example.net", "b@example.com"), "x\r\n");
    exchange(limited, client);
    assertThat(client.events(SmtpClientEvent.CapabilitiesKnown.class).get(0).capabilities().limits())
        .isEqualTo(new TransactionLimits(OptionalInt.of(7), OptionalInt.of(150), OptionalInt.empty()));
  }

  /** RFC 4865 §3, the client's side as a transcript: the offer read from EHLO, HOLDUNTIL= written as given. */
  @Test
  void theClientWritesAHoldWithinTheOffer() {
    Envelope e = Envelope.of("eljefe@example.net", "topbanana@example.com");
    Envelope held = new Envelope(e.reversePath(), MailParameters.NONE.withRelease(
        new FutureRelease.HoldUntil(OffsetDateTime.parse("2026-12-07T08:00:00+01:00"))), e.recipients());
    SendingHost host = play("rfc4865-futurerelease.txt", plain("client.example.net"),
        () -> new SendingHost().message(held, "Subject: tomorrow morning\r\n\r\nhello\r\n"));
    assertThat(host.events(TransactionResult.class).get(0).outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(host.events(SmtpClientEvent.CapabilitiesKnown.class).get(0).capabilities().futureRelease())
        .contains(new FutureReleaseOffer(604_800, OffsetDateTime.parse("2026-12-13T16:00:00Z")));
  }

  @Test
  void whatTheServerDoesNotOfferIsDroppedOrNotSent() {
    SmtpServerConfig bare = SmtpServerConfig.builder().hostname("mx.example.com")
        .extensions(SmtpExtension.PIPELINING, SmtpExtension.DELIVERBY).build();
    // MT-PRIORITY is advisory and RRVS;C lets the message go on without the check: both dropped
    AcceptingServerHost server = exchange(bare, envelope(Rrvs.Action.CONTINUE));
    SmtpServerEvent.MailFrom mail = server.events().stream().filter(SmtpServerEvent.MailFrom.class::isInstance)
        .map(SmtpServerEvent.MailFrom.class::cast).findFirst().orElseThrow();
    assertThat(mail.parameters().priority()).isEmpty();
    assertThat(mail.parameters().deliverBy()).contains(BY);
    // RRVS;R must not go where it cannot be checked, nor BY= where DELIVERBY is not offered
    for (SmtpServerConfig config : List.of(bare, SmtpServerConfig.builder().hostname("mx.example.com")
        .extensions(SmtpExtension.PIPELINING, SmtpExtension.RRVS).build())) {
      SendingHost client = new SendingHost().message(envelope(Rrvs.Action.REJECT), "x\r\n");
      AcceptingServerHost refused = exchange(config, client);
      assertThat(client.events(TransactionResult.class).get(0).outcome()).isEqualTo(Outcome.NOT_SENT);
      assertThat(refused.events()).noneMatch(SmtpServerEvent.MailFrom.class::isInstance);
    }
  }

  /**
   * RFC 4865 §3 between the engines: a hold within the server's offer reaches the server's host; one longer or later
   * than the offer is not sent (the client reads the offer from EHLO), nor is one to a server that does not offer it.
   */
  @Test
  void futureReleaseWithinTheOfferReachesTheHostAndBeyondItIsNotSent() {
    SmtpServerConfig offering = SmtpServerConfig.builder().hostname("mx.example.com")
        .extensions(SmtpExtension.PIPELINING, SmtpExtension.FUTURERELEASE)
        .limits(SmtpLimits.builder().maxFutureRelease(Duration.ofHours(1)).build()).build();
    Envelope e = Envelope.of("eljefe@example.net", "topbanana@example.com");
    FutureRelease until = new FutureRelease.HoldUntil(OffsetDateTime.parse("2026-01-01T00:30:00Z"));
    for (FutureRelease hold : List.of(new FutureRelease.HoldFor(3600), until)) {
      AcceptingServerHost server = exchange(offering, new Envelope(e.reversePath(),
          MailParameters.NONE.withRelease(hold), e.recipients()));
      assertThat(server.events()).filteredOn(SmtpServerEvent.MailFrom.class::isInstance)
          .singleElement().extracting(m -> ((SmtpServerEvent.MailFrom) m).parameters().release())
          .isEqualTo(Optional.of(hold));
      assertThat(server.messages()).hasSize(1);
    }
    FutureRelease late = new FutureRelease.HoldUntil(OffsetDateTime.parse("2026-01-01T01:00:01Z"));
    for (FutureRelease beyond : List.of(new FutureRelease.HoldFor(3601), late)) {
      SendingHost client = new SendingHost().message(new Envelope(e.reversePath(),
          MailParameters.NONE.withRelease(beyond), e.recipients()), "x\r\n");
      AcceptingServerHost server = exchange(offering, client);
      assertThat(client.events(TransactionResult.class).get(0).outcome()).isEqualTo(Outcome.NOT_SENT);
      assertThat(server.events()).noneMatch(SmtpServerEvent.MailFrom.class::isInstance);
    }
    SendingHost client = new SendingHost().message(new Envelope(e.reversePath(),
        MailParameters.NONE.withRelease(new FutureRelease.HoldFor(60)), e.recipients()), "x\r\n");
    exchange(SmtpServerConfig.builder().hostname("mx.example.com").build(), client);
    assertThat(client.events(TransactionResult.class).get(0).outcome()).isEqualTo(Outcome.NOT_SENT);
  }

  /**
   * RFC 7293 §3 between the engines: the server's host judges the condition with {@link Rrvs#refusal} and the
   * client reports that recipient refused with 550 5.7.17; RFC 2852 §4: a BY= with R below the server's
   * min-by-time is not sent.
   */
  @Test
  void rrvsRefusalReachesTheClientPerRecipientAndAShortByIsNotSent() {
    SmtpServerConfig offering = SmtpServerConfig.builder().hostname("mx.example.com")
        .extensions(SmtpExtension.PIPELINING, SmtpExtension.DELIVERBY, SmtpExtension.RRVS,
            SmtpExtension.ENHANCED_STATUS_CODES)
        .limits(SmtpLimits.builder().minDeliverBy(Duration.ofSeconds(600)).build()).build();
    OffsetDateTime changedOwner = SINCE.plusDays(1);
    Envelope e = envelope(Rrvs.Action.CONTINUE);
    Envelope noBy = new Envelope(e.reversePath(), MailParameters.NONE, e.recipients());
    SendingHost client = new SendingHost().message(noBy, "Subject: s\r\n\r\nbody\r\n");
    AcceptingServerHost server = new AcceptingServerHost(ev -> ev instanceof SmtpServerEvent.RcptTo r
        ? r.parameters().validSince().flatMap(v -> v.refusal(Optional.of(changedOwner))).orElse(null) : null);
    ManualTime time = new ManualTime();
    new InMemoryPair<>(
        HostedEngine.of(new SmtpClient(plain("client.example.net"), time.environment(1)), client, time),
        HostedEngine.of(new SmtpServer(offering, time.environment(2),
            new PeerInfo("[192.0.2.1]", "s1", ConnectionSecurity.PLAINTEXT)), server, time), time).drive();
    TransactionResult result = client.events(TransactionResult.class).get(0);
    assertThat(result.recipients()).singleElement().satisfies(r -> {
      assertThat(r.accepted()).isFalse();
      assertThat(r.reply().toString()).contains("550").contains("5.7.17");
    });
    assertThat(server.messages()).isEmpty();
    SendingHost shortBy = new SendingHost().message(e, "x\r\n"); // BY=120;R under a minimum of 600
    exchange(offering, shortBy);
    assertThat(shortBy.events(TransactionResult.class).get(0).outcome()).isEqualTo(Outcome.NOT_SENT);
    assertThat(shortBy.events(TransactionResult.class).get(0).reason()).contains("minimum of 600");
  }

  /**
   * RFC 6710 §3, §9: the server names its priority assignment policy after MT-PRIORITY, the client reads it. §4.1:
   * the priority reaches the server's host as the server's policy allows it: lowered to 0 for this client, which did
   * not authenticate (the default), and kept when the configuration trusts its peer.
   */
  @Test
  void mtPriorityPolicyIsNamedAndReadAndThePriorityReachesTheHost() {
    SmtpServerConfig offering = SmtpServerConfig.builder().hostname("mx.example.com")
        .extensions(SmtpExtension.PIPELINING, SmtpExtension.MT_PRIORITY)
        .priorityPolicy(MtPriority.Policy.STANAG4406).build();
    Envelope e = Envelope.of("eljefe@example.net", "topbanana@example.com");
    Envelope six = new Envelope(e.reversePath(), MailParameters.NONE.withPriority(new MtPriority(6)), e.recipients());
    SendingHost client = new SendingHost().message(six, "Subject: s\r\n\r\nbody\r\n");
    AcceptingServerHost server = exchange(offering, client);
    assertThat(client.events(SmtpClientEvent.CapabilitiesKnown.class).get(0).capabilities().priorityPolicy())
        .contains(MtPriority.Policy.STANAG4406);
    SmtpServerEvent.MailFrom lowered = server.events().stream().filter(SmtpServerEvent.MailFrom.class::isInstance)
        .map(SmtpServerEvent.MailFrom.class::cast).findFirst().orElseThrow();
    assertThat(lowered.parameters().priority()).contains(MtPriority.NORMAL);
    assertThat(lowered.requestedPriority()).contains(new MtPriority(6));
    assertThat(client.events(TransactionResult.class).get(0).outcome()).isEqualTo(Outcome.ACCEPTED);
    AcceptingServerHost trusting = exchange(offering.toBuilder().priorityTrust(PEER_TRUSTED).build(), six);
    assertThat(trusting.events()).filteredOn(SmtpServerEvent.MailFrom.class::isInstance).singleElement()
        .extracting(m -> ((SmtpServerEvent.MailFrom) m).parameters().priority()).isEqualTo(
            Optional.of(new MtPriority(6)));
    assertThat(MtPriority.Policy.parse("mixer")).isEqualTo(MtPriority.Policy.MIXER);
    assertThat(MtPriority.Policy.parse("OTHER")).isNull();
  }

  private static AcceptingServerHost exchange(SmtpServerConfig config, Envelope envelope) {
    return exchange(config, new SendingHost().message(envelope, "Subject: s\r\n\r\nbody\r\n"));
  }

  /**
   * RFC 6710 §4.1: a server that changes a message's priority says so with X.3.6 and the new priority, in its reply
   * to MAIL FROM (the default trust lowering this unauthenticated client's 6 to 0) or in the one after the data (a
   * host's own reply, as in §8's second example); the client's host reads it from the transaction's result, and
   * finds nothing there when the priority was kept.
   */
  @Test
  void theClientReportsThePriorityTheServerAssigned() {
    SmtpServerConfig offering = SmtpServerConfig.builder().hostname("mx.example.com")
        .extensions(SmtpExtension.PIPELINING, SmtpExtension.MT_PRIORITY, SmtpExtension.ENHANCED_STATUS_CODES).build();
    Envelope e = Envelope.of("eljefe@example.net", "topbanana@example.com");
    Envelope six = new Envelope(e.reversePath(), MailParameters.NONE.withPriority(new MtPriority(6)), e.recipients());
    SendingHost lowered = new SendingHost().message(six, "Subject: s\r\n\r\nbody\r\n");
    exchange(offering, lowered, new AcceptingServerHost());
    TransactionResult atMail = lowered.events(TransactionResult.class).get(0);
    assertThat(atMail.outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(atMail.assignedPriority()).contains(MtPriority.NORMAL);

    SendingHost none = new SendingHost().message(e, "Subject: s\r\n\r\nbody\r\n");
    exchange(offering, none, new AcceptingServerHost(
        ev -> ev instanceof SmtpServerEvent.DataEnd ? new MtPriority(3).changedReply() : null));
    TransactionResult afterData = none.events(TransactionResult.class).get(0);
    assertThat(afterData.outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(afterData.assignedPriority()).contains(new MtPriority(3));

    SendingHost kept = new SendingHost().message(six, "Subject: s\r\n\r\nbody\r\n");
    exchange(offering.toBuilder().priorityTrust(PEER_TRUSTED).build(), kept, new AcceptingServerHost());
    assertThat(kept.events(TransactionResult.class).get(0).assignedPriority()).isEmpty();
  }

  /** §4.1 and §10's X.3.6: the new priority first in the text; anything else is no assignment. */
  @Test
  void anAssignedPriorityIsReadOnlyFromX36() {
    assertThat(MtPriority.assignedIn(new MtPriority(-4).changedReply())).contains(new MtPriority(-4));
    assertThat(MtPriority.assignedIn(Reply.of(250, "2.3.6", "5"))).contains(new MtPriority(5));
    assertThat(MtPriority.assignedIn(Reply.of(250, "2.1.0", "3 is the new priority"))).isEmpty();
    assertThat(MtPriority.assignedIn(Reply.of(250, "X.3.6 3 is the new priority assigned"))).isEmpty();
    assertThat(MtPriority.assignedIn(Reply.of(250, "2.3.6", "+3 is the new priority"))).isEmpty();
    assertThat(MtPriority.assignedIn(Reply.of(550, "5.3.6", "3 is the new priority"))).isEmpty();
  }

  private static AcceptingServerHost exchange(SmtpServerConfig config, SendingHost client) {
    return exchange(config, client, new AcceptingServerHost(e -> null));
  }

  private static AcceptingServerHost exchange(SmtpServerConfig config, SendingHost client,
      AcceptingServerHost server) {
    ManualTime time = new ManualTime();
    new InMemoryPair<>(
        HostedEngine.of(new SmtpClient(plain("client.example.net"), time.environment(1)), client, time),
        HostedEngine.of(new SmtpServer(config, time.environment(2),
            new PeerInfo("[192.0.2.1]", "s1", ConnectionSecurity.PLAINTEXT)), server, time), time).drive();
    return server;
  }
}
