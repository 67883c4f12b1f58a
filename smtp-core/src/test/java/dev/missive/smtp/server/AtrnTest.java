package dev.missive.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.missive.sasl.SaslServerMechanisms;
import dev.missive.smtp.AtrnRequest;
import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import dev.missive.testkit.ManualTime;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.HandoverEngine;
import dev.missive.wire.PeerInfo;
import dev.missive.wire.ProtocolEngine;
import dev.missive.wire.StreamChange;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** ATRN on the provider's server (RFC 2645 §5): AUTH first, the host's decision, then the roles reverse. */
class AtrnTest {

  /** "AUTH PLAIN" for customer.example / secret. */
  private static final String AUTH = "AUTH PLAIN AGN1c3RvbWVyLmV4YW1wbGUAc2VjcmV0\r\n";

  private static SmtpServerConfig odmr(boolean atrn) {
    SmtpServerConfig.Builder b = SmtpServerConfig.builder().hostname("odmr.example.net").plaintextAuthAllowed(true)
        .authMechanisms(SaslServerMechanisms.builder()
            .plain((u, p) -> u.equals("customer.example") && new String(p).equals("secret")).build());
    return atrn ? b.extensions(SmtpExtension.AUTH, SmtpExtension.ATRN, SmtpExtension.HELP).build()
        : b.extensions(SmtpExtension.AUTH).build();
  }

  private static ServerFixtures.Driver greeted(boolean atrn) {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(odmr(atrn));
    d.exchange("EHLO customer.example\r\n");
    return d;
  }

  @Test
  void advertisedOnlyWhenConfiguredAndOtherwiseNotImplemented() {
    ServerFixtures.Driver d = ServerFixtures.Driver.greeted(odmr(true));
    assertThat(d.exchange("EHLO customer.example\r\n")).contains("250-ATRN\r\n");
    assertThat(d.exchange("HELP\r\n")).contains(" ATRN");
    ServerFixtures.Driver plain = greeted(false);
    plain.exchange(AUTH);
    assertThat(plain.exchange("ATRN\r\n")).isEqualTo("502 5.5.1 Command not implemented\r\n");
  }

  @Test
  void authenticationComesFirst() {
    ServerFixtures.Driver d = greeted(true);
    assertThat(d.exchange("ATRN customer.example\r\n")).isEqualTo("530 5.7.0 Authentication required\r\n");
    assertThat(d.eventNames()).doesNotContain("Atrn");
  }

  @Test
  void theEventCarriesTheDomainsAndTheIdentity() {
    ServerFixtures.Driver d = greeted(true);
    d.exchange(AUTH);
    d.send("ATRN customer.example,other.example\r\n");
    SmtpServerEvent.Atrn atrn = (SmtpServerEvent.Atrn) d.smtp.nextEvent();
    assertThat(atrn.request()).isEqualTo(AtrnRequest.of("customer.example", "other.example"));
    assertThat(atrn.authentication().authorizationId()).isEqualTo("customer.example");
    d.smtp.answer(atrn.refused());
    assertThat(d.drain()).isEqualTo("450 4.7.0 ATRN request refused\r\n");
    d.send("ATRN\r\n");
    SmtpServerEvent.Atrn all = (SmtpServerEvent.Atrn) d.smtp.nextEvent();
    assertThat(all.request().domains()).isEmpty();
    d.smtp.answer(all.noMail());
    assertThat(d.drain()).isEqualTo("453 4.3.0 You have no mail\r\n");
    d.send("ATRN customer.example\r\n");
    d.smtp.answer(((SmtpServerEvent.Atrn) d.smtp.nextEvent()).tryLater());
    assertThat(d.drain()).isEqualTo("451 4.3.0 Unable to process ATRN request now\r\n");
    assertThat(d.smtp.state()).isEqualTo(ServerState.GREETED);
  }

  @Test
  void badSyntaxIs501() {
    for (String bad : new String[] {"ATRN localname", "ATRN a.example,", "ATRN ,a.example", "ATRN a.example b.example",
        "ATRN a..example"}) {
      ServerFixtures.Driver d = greeted(true);
      d.exchange(AUTH);
      assertThat(d.exchange(bad + "\r\n")).as(bad).startsWith("501 5.5.4 ");
      assertThat(d.eventNames()).doesNotContain("Atrn");
    }
  }

  @Test
  void onlyTheRfcsAnswersFit() {
    ServerFixtures.Driver d = greeted(true);
    d.exchange(AUTH);
    d.send("ATRN customer.example\r\n");
    d.smtp.nextEvent();
    assertThatThrownBy(() -> d.smtp.accept()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> d.smtp.reject(Reply.of(550, "5.0.0", "no"))).isInstanceOf(IllegalArgumentException.class);
    d.smtp.reject(Reply.of(453, "4.3.0", "You have no mail"));
    d.drain();
    d.send("VRFY someone\r\n");
    assertThat(d.exchange("")).startsWith("252 ");
    d.exchange("MAIL FROM:<a@customer.example>\r\n");
    d.send("RCPT TO:<b@example.net>\r\n");
    d.smtp.nextEvent();
    assertThatThrownBy(() -> d.smtp.answer(new SmtpDecision.Reverse(d.smtp))).isInstanceOf(
        IllegalArgumentException.class);
  }

  @Test
  void afterTheReplyTheSuccessorTakesOverAndEarlyBytesAreDropped() {
    ManualTime time = new ManualTime();
    PeerInfo peer = new PeerInfo("[192.0.2.1]", "s1", ConnectionSecurity.PLAINTEXT);
    SmtpServer server = new SmtpServer(odmr(true), time.environment(), peer);
    SmtpServer successor = new SmtpServer(SmtpServerConfig.defaults("successor.example"), time.environment(),
        peer); // any engine: its greeting shows who speaks after the handover
    HandoverEngine engine = new HandoverEngine(server);
    drain(engine);
    feed(engine, "EHLO customer.example\r\n" + AUTH);
    drain(engine);
    ByteBuffer in = bytes("ATRN customer.example\r\n220 too early\r\n");
    engine.receive(in);
    SmtpServerEvent.Atrn atrn = (SmtpServerEvent.Atrn) server.nextEvent();
    server.answer(atrn.reverse(successor));
    assertThat(server.pendingStreamChange()).containsInstanceOf(StreamChange.Handover.class);
    assertThat(server.state()).isEqualTo(ServerState.REVERSED);
    assertThat(engine.status()).isEqualTo(ProtocolEngine.Status.OUTPUT_FULL);
    assertThat(engine.pendingStreamChange()).isEmpty();
    engine.receive(in);
    assertThat(in.hasRemaining()).as("bytes sent before the 250 was drained are dropped").isFalse();
    assertThat(engine.current()).isSameAs(server);
    assertThat(drain(engine)).isEqualTo("250 2.0.0 OK now reversing the connection\r\n"
        + "220 successor.example ESMTP ready\r\n");
    assertThat(engine.current()).isSameAs(successor);
    assertThat(engine.handovers()).isEqualTo(1);
  }

  private static ByteBuffer bytes(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
  }

  private static void feed(HandoverEngine engine, String s) {
    ByteBuffer in = bytes(s);
    while (in.hasRemaining() && engine.wantsInput()) {
      engine.receive(in);
      for (SmtpServerEvent e; (e = ((SmtpServer) engine.current()).nextEvent()) != null; ) {
        if (e.needsDecision()) {
          ((SmtpServer) engine.current()).accept();
        }
      }
    }
  }

  private static String drain(HandoverEngine engine) {
    StringBuilder sb = new StringBuilder();
    ByteBuffer out = ByteBuffer.allocate(4096);
    while (engine.hasOutput()) {
      out.clear();
      engine.drainOutput(out);
      out.flip();
      sb.append(StandardCharsets.US_ASCII.decode(out));
    }
    return sb.toString();
  }
}
