package dev.missive.smtp.server;

import dev.missive.smtp.Reply;
import dev.missive.smtp.SmtpExtension;
import dev.missive.smtp.server.internal.FixedReply;
import dev.missive.smtp.server.internal.ReplyWriter;
import dev.missive.wire.ConnectionSecurity;
import dev.missive.wire.OutputQueue;
import dev.missive.wire.PeerInfo;
import java.lang.ref.SoftReference;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What a configuration means for every session, worked out once and shared by all of them: the engine's own replies
 * with the host name put in (RFC 5321 §4.2), the octets of the 220 greeting (§4.3.1), of the 354 (§4.1.1.4) and of
 * the 221 (§4.1.1.10), the extensions offered with and without TLS and the EHLO reply's keyword lines (§4.1.1.1),
 * and the command line limits (§4.5.3.1.4). Immutable, so sessions on many threads read it freely.
 *
 * <p>{@link #of(SmtpServerConfig)} keeps the setups of the last few configurations (compared by identity), so the
 * engines of a listener, which all get the same configuration object, share one. They are held softly: a weak
 * reference was cleared by every young collection once no session was open (a server taking one connection at a
 * time made its setup again after each), while a soft one lets go only when memory runs short.
 */
final class ServerSetup {

  /** How many configurations' setups are remembered: one per listener is the usual case. */
  private static final int REMEMBERED = 4;
  private static final AtomicReferenceArray<SoftReference<ServerSetup>> RECENT =
      new AtomicReferenceArray<>(REMEMBERED);
  private static final AtomicInteger NEXT = new AtomicInteger();

  private final SmtpServerConfig config;
  private final Reply[] replies;
  private final FixedReply greeting;
  private final FixedReply startMailInput;
  private final FixedReply closing;
  private final Set<SmtpExtension> offeredPlain;
  private final Set<SmtpExtension> offeredTls;
  /** The EHLO reply's lines after the first, encoded, without and with TLS; null where they depend on the time. */
  private final byte[] ehloTailPlain;
  private final byte[] ehloTailTls;
  /** The EHLO greeting's template with the host name put in, split where the client's name goes. */
  private final String[] ehloGreeting;
  private final int commandMaxPlain;
  private final int commandMaxTls;
  private final int lineLimitPlain;
  private final int lineLimitTls;
  /** The output queue's first block: the greeting and an EHLO reply to a client name of 64 octets fit it. */
  private final int firstOutputBlock;
  /** The setup for a {@link ConnectionSecurity#TRUSTED} peer, made when the first one connects. */
  private volatile ServerSetup trusted;

  private ServerSetup(SmtpServerConfig config) {
    this.config = config;
    String host = config.hostname();
    ReplyText[] all = ReplyText.values();
    this.replies = new Reply[all.length];
    for (ReplyText t : all) {
      replies[t.ordinal()] = config.texts().reply(t, host);
    }
    this.greeting = new FixedReply(new Reply(220, Optional.empty(), List.of(host + " " + config.greeting())));
    this.startMailInput = new FixedReply(reply(ReplyText.START_MAIL_INPUT));
    this.closing = new FixedReply(reply(ReplyText.CLOSING));
    this.offeredPlain = Collections.unmodifiableSet(Capabilities.offered(config, false));
    this.offeredTls = Collections.unmodifiableSet(Capabilities.offered(config, true));
    boolean timed = config.extensions().contains(SmtpExtension.FUTURERELEASE); // RFC 4865 §3: depends on now
    this.ehloTailPlain = timed ? null : ehloTail(config, offeredPlain, false);
    this.ehloTailTls = timed ? null : ehloTail(config, offeredTls, true);
    String template = config.texts().text(ReplyText.EHLO_GREETING).replace(ReplyTexts.HOST, host);
    this.ehloGreeting = template.split(java.util.regex.Pattern.quote(ReplyTexts.CLIENT), -1);
    this.commandMaxPlain = Capabilities.commandLineLength(config, offeredPlain);
    this.commandMaxTls = Capabilities.commandLineLength(config, offeredTls);
    this.lineLimitPlain = lineLimit(config, false, commandMaxPlain);
    this.lineLimitTls = lineLimit(config, true, commandMaxTls);
    this.firstOutputBlock = firstOutputBlock(template, ehloTailPlain, ehloTailTls);
  }

  /**
   * The setup of {@code config}, shared with the other sessions of the same configuration object.
   *
   * @param config the server's configuration
   * @return its setup
   */
  static ServerSetup of(SmtpServerConfig config) {
    for (int i = 0; i < REMEMBERED; i++) {
      SoftReference<ServerSetup> ref = RECENT.get(i);
      ServerSetup known = ref == null ? null : ref.get();
      if (known != null && known.config == config) {
        return known;
      }
    }
    ServerSetup made = new ServerSetup(config);
    RECENT.set(Math.floorMod(NEXT.getAndIncrement(), REMEMBERED), new SoftReference<>(made));
    return made;
  }

  /**
   * The setup for a session with {@code peer}: a peer the host declares {@link ConnectionSecurity#TRUSTED}
   * (loopback, a private link) may use mechanisms that send secrets in the clear before TLS, as in POP3 and IMAP
   * (RFC 4954 §4; docs/security.md, "Logins before TLS"); STARTTLS is still offered.
   */
  ServerSetup forPeer(PeerInfo peer) {
    if (peer.security() != ConnectionSecurity.TRUSTED || config.plaintextAuthAllowed()) {
      return this;
    }
    ServerSetup t = trusted;
    if (t == null) { // two first sessions may both make it: either result is the same
      t = new ServerSetup(config.toBuilder().plaintextAuthAllowed(true).build());
      trusted = t;
    }
    return t;
  }

  private static byte[] ehloTail(SmtpServerConfig config, Set<SmtpExtension> offered, boolean tls) {
    byte[] whole = ReplyWriter.encode(Capabilities.ehloReply(config, offered, tls, "x", null), false);
    int firstLineEnd = 0;
    while (whole[firstLineEnd] != '\n') {
      firstLineEnd++;
    }
    return java.util.Arrays.copyOfRange(whole, firstLineEnd + 1, whole.length);
  }

  /**
   * The framer's line limit: the longest command, or an AUTH response line when AUTH may run (before EHLO too: a
   * client may pipeline EHLO and MAIL).
   */
  private static int lineLimit(SmtpServerConfig config, boolean tls, int commandMax) {
    boolean auth = !Capabilities.authMechanisms(config, tls).isEmpty();
    return Math.max(commandMax, auth ? config.limits().authLineLength() + 32 : 0);
  }

  /**
   * The first output block's size: the longer of the greeting and of an EHLO reply to a 64-octet client name (a
   * host name is rarely longer), in 64-octet steps, at most the queue's usual 512; a longer reply continues in a
   * further block.
   */
  private int firstOutputBlock(String ehloTemplate, byte[] tailPlain, byte[] tailTls) {
    if (tailPlain == null || tailTls == null) {
      return 512; // the EHLO reply depends on the time (FUTURERELEASE): the queue's usual size
    }
    int ehlo = 4 + ehloTemplate.length() + 64 + 2 + Math.max(tailPlain.length, tailTls.length);
    int needed = Math.max(ehlo, 4 + config.hostname().length() + 1 + config.greeting().length() + 2);
    return Math.min(512, (needed + 63) / 64 * 64);
  }

  /** {@return the size of the output queue's first block for a session of this configuration} */
  int firstOutputBlock() {
    return firstOutputBlock;
  }

  /** {@return the configuration this setup was made from (for a trusted peer, with plaintext AUTH allowed)} */
  SmtpServerConfig config() {
    return config;
  }

  /** {@return the engine's own reply {@code which} in the configured wording, the host name put in} */
  Reply reply(ReplyText which) {
    return replies[which.ordinal()];
  }

  /** {@return the 220 greeting (RFC 5321 §4.3.1)} */
  FixedReply greeting() {
    return greeting;
  }

  /** {@return the 354 reply to DATA (RFC 5321 §4.1.1.4)} */
  FixedReply startMailInput() {
    return startMailInput;
  }

  /** {@return the 221 reply to QUIT (RFC 5321 §4.1.1.10)} */
  FixedReply closing() {
    return closing;
  }

  /** {@return the extensions an EHLO offers on a connection whose TLS state is {@code tls}; unmodifiable} */
  Set<SmtpExtension> offered(boolean tls) {
    return tls ? offeredTls : offeredPlain;
  }

  /** {@return the longest command line without CRLF on a connection whose TLS state is {@code tls}} */
  int commandMax(boolean tls) {
    return tls ? commandMaxTls : commandMaxPlain;
  }

  /** {@return the framer's line limit on a connection whose TLS state is {@code tls}} */
  int lineLimit(boolean tls) {
    return tls ? lineLimitTls : lineLimitPlain;
  }

  /**
   * Writes the EHLO/LHLO reply (RFC 5321 §4.1.1.1) to {@code clientName}: the same octets as
   * {@link Capabilities#ehloReply} formatted by {@link ReplyWriter}, the keyword lines copied from their encoding.
   */
  void writeEhlo(OutputQueue out, boolean tls, String clientName, Instant now) {
    byte[] tail = tls ? ehloTailTls : ehloTailPlain;
    if (tail == null) {
      ReplyWriter.write(out, Capabilities.ehloReply(config, offered(tls), tls, clientName, now), false);
      return;
    }
    out.writeAscii(tail.length == 0 ? "250 " : "250-");
    for (int i = 0; i < ehloGreeting.length; i++) {
      if (i > 0) {
        out.writeUtf8(clientName);
      }
      out.writeUtf8(ehloGreeting[i]);
    }
    out.writeAscii("\r\n");
    out.write(tail);
  }
}
