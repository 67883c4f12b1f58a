package dev.missive.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.missive.examples.maildir.Maildir;
import dev.missive.message.address.EnvelopeSyntax;
import dev.missive.message.address.PathResult;
import dev.missive.message.address.ReversePath;
import dev.missive.sasl.Authentication;
import dev.missive.smtp.Reply;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The submission ports' sender rule (RFC 6409 §6.1; Postfix reject_sender_login_mismatch), case by case. */
class SenderPolicyTest {

  @TempDir
  Path dir;

  private static final Optional<Authentication> ALICE = Optional.of(new Authentication("PLAIN", "alice", "alice"));

  private SenderPolicy policy(boolean enforced) {
    Users users = new Users(Map.of("alice", "secret", "bob", "pw"));
    return new SenderPolicy(new MailRouting(new Maildir(dir, "example.org"), users,
        List.of("example.org", "example.net"), Optional.empty()), enforced);
  }

  private static ReversePath path(String text) {
    PathResult<ReversePath> r = EnvelopeSyntax.of(false).parseReversePath(text, 0);
    return ((PathResult.Parsed<ReversePath>) r).path();
  }

  @Test
  void theUsersOwnMailboxInEveryLocalDomainAndAnyCaseIsAllowed() {
    SenderPolicy p = policy(true);
    assertThat(p.refusal(path("<alice@example.org>"), ALICE)).isEmpty();
    assertThat(p.refusal(path("<Alice@EXAMPLE.net>"), ALICE)).isEmpty();
    assertThat(p.refusal(path("<alice@example.org>"),
        Optional.of(new Authentication("LOGIN", "ALICE", "ALICE")))).isEmpty();
  }

  @Test
  void anotherUsersMailboxARemoteDomainOrNoLoginIs553() {
    SenderPolicy p = policy(true);
    Reply notHers = Reply.of(553, "5.7.1", "Sender address rejected: not owned by user alice");
    assertThat(p.refusal(path("<bob@example.org>"), ALICE)).contains(notHers);
    assertThat(p.refusal(path("<alice@elsewhere.example>"), ALICE)).contains(notHers);
    assertThat(p.refusal(path("<nobody@example.org>"), ALICE)).contains(notHers);
    assertThat(p.refusal(path("<alice@example.org>"), Optional.empty())).hasValueSatisfying(r ->
        assertThat(r.code()).isEqualTo(553));
    assertThat(p.refusal(path("<alice@example.org>"),
        Optional.of(new Authentication("PLAIN", "mallory", "mallory")))).hasValueSatisfying(r ->
        assertThat(r.code()).isEqualTo(553));
  }

  /** The null sender names no one: DSNs and auto-replies use it (RFC 3464 §2, RFC 3834 §3.3). */
  @Test
  void theNullSenderIsAllowedAndTheRuleCanBeTurnedOff() {
    assertThat(policy(true).refusal(path("<>"), ALICE)).isEmpty();
    assertThat(policy(false).refusal(path("<bob@example.org>"), ALICE)).isEmpty();
  }
}
